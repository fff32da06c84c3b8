package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.History;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link History} into a {@link Verdict}: trusts versions, not timing, and never assumes a version step of
 * exactly one. The full rule set, its soundness argument and its cost are in {@code docs/checker.md}; in short,
 * per key it builds the chain of committed versions from acknowledged writes and from evidence (versions read,
 * deleted, matched), and reports
 * {@code lost-update, duplicate-version, version-regression, stale-read, non-monotonic-read, double-create,
 * resurrection, aba, illegal-transition, unexplained-version, false-failure, duplicate-apply, torn-read,
 * versions-restart}, of what lists and reads by name returned {@code torn-list, selector-mismatch, paging,
 * duplicate-name, name-read-mismatch}, and for the kinds it is told of {@code lost-event, status-regression}
 * ({@linkplain Builder#statuses statuses}) and {@code lost-revision, revision-gap} ({@linkplain
 * Builder#revisionKinds revisions}), each with the ops that prove it. The rules live in {@code check.rules}: shared
 * indexes, one class per rule, one collector.
 *
 * <p><b>Final state.</b> The checker does not need to recognise "final reads" by a marker: for each incarnation of
 * a key, the read with the highest version is its witness, and for {@linkplain Builder#accumulatingKinds
 * accumulating kinds} (list-append) every acknowledged token of that incarnation written at or below the witness's
 * version must be in the witness's {@code observed} tokens. The engine's final reads, taken after every worker
 * stopped, are by construction the highest-version reads, so they check every acknowledged token.
 *
 * <p><b>Indeterminate ops.</b> An {@code info} write counts as applied only when later evidence shows it (its token
 * read, or a read version nothing else produced); otherwise it is possibly-not-applied, never lost. When a check
 * could only be explained away by an unresolved {@code info} op, no anomaly is reported but the verdict is
 * {@code UNKNOWN}, and {@link Verdict#notes()} say why.
 *
 * <p>Thread-safe and stateless: one checker may check many histories concurrently.
 */
public final class Checker {
    /**
     * 5 %: the default {@link Builder#maxErrorRate(double)}. A healthy run of the reference store raises none; a
     * read-only or full database, a dead server or a store that throws on a path raises far more (32 % to 100 % of
     * calls in the cases measured), and one in twenty calls failing already means the errors, not the store's
     * concurrency control, shaped the history.
     */
    public static final double DEFAULT_MAX_ERROR_RATE = 0.05;

    private final TransitionRules transitions;
    private final Set<String> accumulatingKinds;
    private final Set<String> exhaustionKinds;
    private final boolean versionsUniqueAcrossKeys;
    private final boolean versionsRiseAcrossIncarnations;
    private final boolean requireEvidence;
    private final double maxErrorRate;
    private final int maxAnomaliesPerType;
    private final TransitionRules statuses;
    private final Set<String> revisionKinds;

    private Checker(Builder b) {
        this.transitions = b.transitions;
        this.accumulatingKinds = b.accumulatingKinds;
        this.exhaustionKinds = b.exhaustionKinds;
        this.versionsUniqueAcrossKeys = b.versionsUniqueAcrossKeys;
        this.versionsRiseAcrossIncarnations = b.versionsRiseAcrossIncarnations;
        this.requireEvidence = b.requireEvidence;
        this.maxErrorRate = b.maxErrorRate;
        this.maxAnomaliesPerType = b.maxAnomaliesPerType;
        this.statuses = b.statuses;
        this.revisionKinds = b.revisionKinds;
    }

    /** The default checker: see {@link Builder} for the defaults. */
    public static Checker defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks one history in one pass (plus a per-key pass over the keys' version chains), near-linear in its size.
     */
    public Verdict check(History history) {
        requireNonNull(history, "history");
        return new CheckRun(this, history.ops()).run();
    }

    /**
     * Checks {@code history}, recorded while {@code faults} were injected: the same rules, except that store calls
     * which raised an error while they overlapped an injection that did something ({@link FaultEvent#bit()}) are left
     * out of the bound on errors ({@link Builder#maxErrorRate}): the fault caused them, and each such op is still
     * judged as recorded (an {@code info} op by the assignment of indeterminate outcomes). Errors outside every
     * injection count as before, so a store that fails on its own still gets {@code UNKNOWN}.
     */
    public Verdict check(History history, List<FaultEvent> faults) {
        requireNonNull(history, "history");
        requireNonNull(faults, "faults");
        return new CheckRun(this, history.ops(), faults).run();
    }

    TransitionRules transitions() {
        return transitions;
    }

    Set<String> accumulatingKinds() {
        return accumulatingKinds;
    }

    Set<String> exhaustionKinds() {
        return exhaustionKinds;
    }

    boolean versionsUniqueAcrossKeys() {
        return versionsUniqueAcrossKeys;
    }

    boolean versionsRiseAcrossIncarnations() {
        return versionsRiseAcrossIncarnations;
    }

    boolean requireEvidence() {
        return requireEvidence;
    }

    double maxErrorRate() {
        return maxErrorRate;
    }

    int maxAnomaliesPerType() {
        return maxAnomaliesPerType;
    }

    TransitionRules statuses() {
        return statuses;
    }

    Set<String> revisionKinds() {
        return revisionKinds;
    }

    /** Options of a {@link Checker}. Not thread-safe; {@link #build()} copies the values. */
    public static final class Builder {
        private TransitionRules transitions = TransitionRules.phases();
        private Set<String> accumulatingKinds = Set.of();
        private Set<String> exhaustionKinds = Set.of();
        private boolean versionsUniqueAcrossKeys = true;
        private boolean versionsRiseAcrossIncarnations = true;
        private boolean requireEvidence = true;
        private double maxErrorRate = DEFAULT_MAX_ERROR_RATE;
        private int maxAnomaliesPerType = 100;
        private TransitionRules statuses = TransitionRules.none();
        private Set<String> revisionKinds = Set.of();

        private Builder() {}

        /**
         * The state machine checked on writes whose {@code value} is a state. Default: {@link
         * TransitionRules#phases()} on every kind; {@link TransitionRules#none()} turns the check off.
         */
        public Builder transitions(TransitionRules rules) {
            this.transitions = requireNonNull(rules, "rules");
            return this;
        }

        /**
         * Kinds whose values accumulate the tokens of every write (list-append): a missing acknowledged token is a
         * lost update. Default: none (values are registers: a later write may replace an earlier token).
         */
        public Builder accumulatingKinds(Set<String> kinds) {
            this.accumulatingKinds = Set.copyOf(requireNonNull(kinds, "kinds"));
            return this;
        }

        /** Same as {@link #accumulatingKinds(Set)}. */
        public Builder accumulatingKinds(String... kinds) {
            return accumulatingKinds(Set.of(kinds));
        }

        /**
         * Kinds whose runs exist to exercise the give-up path of a bounded retry: a history with updates of such a
         * kind but none {@code Exhausted} gives {@code UNKNOWN}, not {@code PASS} (the checks that an exhausted
         * update changed nothing never ran), and every verdict notes how many were exhausted. Default: none.
         */
        public Builder exhaustionKinds(String... kinds) {
            this.exhaustionKinds = Set.of(kinds);
            return this;
        }

        /**
         * Whether two keys may never share a version (default {@code true}: the memory model and PostgreSQL draw
         * every version from one rising counter). Turn off for a store with per-key versions (the SQLite reference
         * store, most stores with a version column); duplicate-version is then per key only. The checks that rely
         * on a key's versions rising across delete and re-create (ABA, resurrection by version) apply either way:
         * the {@code CasStore} contract asks that of every store.
         */
        public Builder versionsUniqueAcrossKeys(boolean unique) {
            this.versionsUniqueAcrossKeys = unique;
            return this;
        }

        /**
         * Whether a key's versions rise across its incarnations (default {@code true}: the {@code CasStore}
         * contract). A re-created object at or below a version its key had before a delete is then one
         * {@code versions-restart} per key, and what that restart explains on the key (regressions, duplicates,
         * resurrections, reads and creates judged across incarnations) is not reported apart. Turn off for a store
         * whose versions restart per incarnation but never repeat one ({@code Backend.versionsRiseAcrossIncarnations()}
         * false: a per-row version column with a uid per incarnation): incarnations are then told apart by their
         * creates and deletes, version order is trusted only within one, a version a later incarnation had again is
         * {@code versions-restart}, and in both modes a match-version op that succeeded with a version its process
         * observed before a delete of the key completed is {@code aba}.
         */
        public Builder versionsRiseAcrossIncarnations(boolean rise) {
            this.versionsRiseAcrossIncarnations = rise;
            return this;
        }

        /**
         * Whether a history below the minimum of {@link Evidence} gives {@code UNKNOWN} rather than {@code PASS}
         * (default {@code true}): no acknowledged write, no key written concurrently (no two write calls on one key
         * overlapped in time), or more errors than {@link #maxErrorRate(double)} allows. Such a run proved nothing
         * about races. Concurrency, not conflicts, is the minimum, so a correct lock-based store that never
         * conflicts still passes when its writes overlapped.
         */
        public Builder requireEvidence(boolean require) {
            this.requireEvidence = require;
            return this;
        }

        /**
         * The largest share of store calls that may fail with an error in a history that passes (default
         * {@value #DEFAULT_MAX_ERROR_RATE}); above it the verdict is {@code UNKNOWN}: the errors, not the store's
         * concurrency control, decided what happened.
         *
         * @throws IllegalArgumentException if {@code rate} is not between 0 and 1
         */
        public Builder maxErrorRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("maxErrorRate must be between 0 and 1, was " + rate);
            }
            this.maxErrorRate = rate;
            return this;
        }

        /**
         * How many anomalies of one type the verdict lists (default 100); every one is counted in {@link
         * Verdict#totals()}, and the notes say how many were listed of how many found.
         *
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxAnomaliesPerType(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxAnomaliesPerType must be >= 1, was " + max);
            }
            this.maxAnomaliesPerType = max;
            return this;
        }

        /**
         * Status kinds and their phase order: each write of a kind the rules {@linkplain TransitionRules#appliesTo
         * apply to} carries in {@code revision} the position of the watch event whose state it stores. Along the
         * key's versions that position must never fall ({@code lost-event}) and, but for an unconditional write (a
         * bootstrap upsert may begin a new life of the object), the phase must never move back in the rules' order
         * ({@code status-regression}). Default: {@link TransitionRules#none()}.
         */
        public Builder statuses(TransitionRules order) {
            this.statuses = requireNonNull(order, "order");
            return this;
        }

        /**
         * Kinds whose objects are revisions: a create claims revision {@code revision} (1, 2, ...) of the scope its
         * {@code value} names. Every acknowledged revision must be present at the end ({@code lost-revision}), and
         * each scope's revisions must be dense, 1 to its latest ({@code revision-gap}); appends that gave up on the
         * constraint are counted in the verdict's notes. Default: none.
         */
        public Builder revisionKinds(String... kinds) {
            this.revisionKinds = Set.of(kinds);
            return this;
        }

        public Checker build() {
            return new Checker(this);
        }
    }
}
