package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.History;
import java.util.Set;

/**
 * Turns a {@link History} into a {@link Verdict}: trusts versions, not timing, and never assumes a version step of
 * exactly one. The full rule set, its soundness argument and its cost are in {@code docs/checker.md}; in short,
 * per key it builds the chain of committed versions from acknowledged writes and from evidence (versions read,
 * deleted, matched), and reports
 * {@code lost-update, duplicate-version, version-regression, stale-read, non-monotonic-read, double-create,
 * resurrection, aba, illegal-transition, unexplained-version}, each with the ops that prove it.
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
    private final TransitionRules transitions;
    private final Set<String> accumulatingKinds;
    private final boolean versionsUniqueAcrossKeys;
    private final boolean requireContention;
    private final int maxAnomaliesPerType;

    private Checker(Builder b) {
        this.transitions = b.transitions;
        this.accumulatingKinds = b.accumulatingKinds;
        this.versionsUniqueAcrossKeys = b.versionsUniqueAcrossKeys;
        this.requireContention = b.requireContention;
        this.maxAnomaliesPerType = b.maxAnomaliesPerType;
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

    TransitionRules transitions() {
        return transitions;
    }

    Set<String> accumulatingKinds() {
        return accumulatingKinds;
    }

    boolean versionsUniqueAcrossKeys() {
        return versionsUniqueAcrossKeys;
    }

    boolean requireContention() {
        return requireContention;
    }

    int maxAnomaliesPerType() {
        return maxAnomaliesPerType;
    }

    /** Options of a {@link Checker}. Not thread-safe; {@link #build()} copies the values. */
    public static final class Builder {
        private TransitionRules transitions = TransitionRules.phases();
        private Set<String> accumulatingKinds = Set.of();
        private boolean versionsUniqueAcrossKeys = true;
        private boolean requireContention = true;
        private int maxAnomaliesPerType = 100;

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
         * Whether a history without any contention (no conflict, no conflicting pair) gives {@code UNKNOWN} rather
         * than {@code PASS} (default {@code true}: such a run proved nothing about races).
         */
        public Builder requireContention(boolean require) {
            this.requireContention = require;
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

        public Checker build() {
            return new Checker(this);
        }
    }
}
