package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Checker;
import io.casharness.scenario.check.TransitionRules;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.CheckerNeeds;
import io.casharness.scenario.workload.Workload;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.ZooMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A checked run and what it means for the gate. For the reference store the gate needs {@link Verdict.Result#PASS}:
 * a FAIL is a bug; an UNKNOWN (too little evidence, or anomalies that only unresolved {@code info} ops could
 * explain) proves nothing; an ERROR (the run broke) concludes nothing: either fails the gate. For a zoo member the
 * gate needs it to be <em>caught</em>: a FAIL verdict that names the member's expected anomaly (or, for a member
 * whose mistake the database refuses, see {@link ZooMember#ERRORS_PREFIX}: recorded refusals and no anomaly).
 *
 * @param run the run
 * @param verdict the checker's verdict, or {@link Verdict.Result#ERROR} for a run that broke
 * @param expected the anomaly a zoo member must be caught by, or {@code null} for the reference store
 * @param ok whether this run satisfies the gate
 */
public record Judgement(RunResult run, Verdict verdict, String expected, boolean ok) {
    public Judgement {
        requireNonNull(run, "run");
        requireNonNull(verdict, "verdict");
    }

    /** What a run means for the gate: the word the verdict table starts each row with. */
    public enum Gate {
        /** The reference store passed: no anomaly, with the stated evidence. */
        PASS("pass"),
        /** The reference store failed: a bug. */
        BUG("BUG"),
        /** The reference store's run proved nothing (too little evidence, or hidden by unresolved info ops). */
        UNPROVEN("UNPROVEN"),
        /** A zoo member was caught by its expected anomaly (or refused by the database, as expected). */
        CAUGHT("caught"),
        /** A zoo member ran and was not caught: the check did not bite. */
        NOT_CAUGHT("NOT-CAUGHT"),
        /** The run itself broke: nothing concluded (reference or zoo). */
        ERROR("ERROR");

        private final String word;

        Gate(String word) {
            this.word = word;
        }

        /** The word in the table and in JSON. */
        public String word() {
            return word;
        }
    }

    /**
     * The checker every scenario is judged by, built from what each workload declares it needs
     * ({@link Workload#needs()}: accumulating values, a give-up path that must be exercised, a state machine), each
     * applied to that workload's kind; versions are unique across keys (the memory model's and PostgreSQL's promise).
     */
    public static Checker checker() {
        return checker(true);
    }

    /** {@link #checker()}, for a backend whose versions are unique across keys or only per key. */
    public static Checker checker(boolean versionsUniqueAcrossKeys) {
        return checker(versionsUniqueAcrossKeys, true);
    }

    /**
     * {@link #checker()}, for a backend whose versions are unique across keys or only per key, and rise across a
     * key's incarnations or restart per incarnation ({@link io.casharness.store.Backend#versionsRiseAcrossIncarnations()}).
     */
    public static Checker checker(boolean versionsUniqueAcrossKeys, boolean versionsRiseAcrossIncarnations) {
        return Checker.builder()
                .accumulatingKinds(Set.of(kinds(CheckerNeeds::accumulating)))
                .exhaustionKinds(kinds(CheckerNeeds::exhaustion))
                .transitions(machine(CheckerNeeds::transitions, "state machines"))
                .statuses(machine(CheckerNeeds::statusOrder, "status orders"))
                .revisionKinds(kinds(CheckerNeeds::revisions))
                .versionsUniqueAcrossKeys(versionsUniqueAcrossKeys)
                .versionsRiseAcrossIncarnations(versionsRiseAcrossIncarnations)
                .build();
    }

    /** The kinds of the workloads whose needs say {@code which}. */
    private static String[] kinds(Predicate<CheckerNeeds> which) {
        return Workloads.all().stream()
                .filter(w -> which.test(w.needs()))
                .map(Workload::kind)
                .toArray(String[]::new);
    }

    /**
     * The one machine the workloads declare through {@code which}, applied to each declaring workload's kind, or
     * {@link TransitionRules#none()}.
     *
     * @throws IllegalStateException if two workloads declare different machines (the checker holds one of each)
     */
    private static TransitionRules machine(Function<CheckerNeeds, TransitionRules> which, String what) {
        TransitionRules rules = null;
        List<String> declaring = new ArrayList<>();
        for (Workload w : Workloads.all()) {
            TransitionRules declared = which.apply(w.needs());
            if (declared == null) {
                continue;
            }
            if (rules != null && !rules.equals(declared.forKinds())) {
                throw new IllegalStateException(
                        "workloads declare two " + what + "; the checker holds one: " + declaring + " and " + w.kind());
            }
            rules = declared.forKinds();
            declaring.add(w.kind());
        }
        return rules == null ? TransitionRules.none() : rules.forKinds(declaring.toArray(String[]::new));
    }

    /** Checks {@code run} and judges it; {@code member} is null for the reference store. */
    public static Judgement judge(RunResult run, ZooMember member) {
        String expected =
                member == null ? null : member.expectedAnomaly(run.scenario().backend());
        if (run.broken()) {
            return new Judgement(run, Verdict.error(run.error(), run.history().ops()), expected, false);
        }
        Verdict verdict = checker(run.versionsUniqueAcrossKeys(), run.versionsRiseAcrossIncarnations())
                .check(run.history(), run.faultEvents());
        if (member == null) {
            return new Judgement(run, verdict, null, verdict.result() == Verdict.Result.PASS);
        }
        boolean caught;
        if (expected.startsWith(ZooMember.ERRORS_PREFIX)) {
            String marker = expected.substring(ZooMember.ERRORS_PREFIX.length());
            caught = verdict.result() != Verdict.Result.FAIL && refusals(run, marker) > 0;
        } else {
            caught = verdict.result() == Verdict.Result.FAIL && verdict.has(AnomalyType.fromId(expected));
        }
        return new Judgement(run, verdict, expected, caught);
    }

    /** Whether this run is a zoo member's (a negative control). */
    public boolean negativeControl() {
        return expected != null;
    }

    /** Whether the zoo member's expectation is a refusal by the database rather than an anomaly. */
    public boolean expectsRefusal() {
        return expected != null && expected.startsWith(ZooMember.ERRORS_PREFIX);
    }

    /** Failed ops whose error contains {@code marker}: writes the database refused. */
    public static long refusals(RunResult run, String marker) {
        return run.history().ops().stream()
                .filter(op -> op.status() == Op.Status.FAIL
                        && op.error() != null
                        && op.error().contains(marker))
                .count();
    }

    /** What this run means for the gate. */
    public Gate gate() {
        if (verdict.result() == Verdict.Result.ERROR) {
            return Gate.ERROR;
        }
        if (expected != null) {
            return ok ? Gate.CAUGHT : Gate.NOT_CAUGHT;
        }
        if (ok) {
            return Gate.PASS;
        }
        return verdict.result() == Verdict.Result.FAIL ? Gate.BUG : Gate.UNPROVEN;
    }

    /** The gate word: {@code pass}, {@code BUG}, {@code UNPROVEN}, {@code caught}, {@code NOT-CAUGHT}, {@code ERROR}. */
    public String status() {
        return gate().word();
    }
}
