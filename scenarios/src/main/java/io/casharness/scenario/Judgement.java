package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Checker;
import io.casharness.scenario.check.TransitionRules;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.zoo.ZooMember;

/**
 * A checked run and what it means for the gate. For the reference store the gate needs {@link Verdict.Result#PASS}:
 * a FAIL is a bug, and an UNKNOWN (no contention achieved, or anomalies that only unresolved {@code info} ops could
 * explain) proves nothing, so it fails the gate too. For a zoo member the gate needs it to be <em>caught</em>: a
 * FAIL verdict that names the member's expected anomaly (or, for a member whose mistake the database refuses, see
 * {@link ZooMember#ERRORS_PREFIX}: recorded refusals and no anomaly).
 *
 * @param run the run
 * @param verdict the checker's verdict
 * @param expected the anomaly a zoo member must be caught by, or {@code null} for the reference store
 * @param ok whether this run satisfies the gate
 */
public record Judgement(RunResult run, Verdict verdict, String expected, boolean ok) {
    public Judgement {
        requireNonNull(run, "run");
        requireNonNull(verdict, "verdict");
    }

    /**
     * The checker every scenario is judged by: {@code append} and {@code merge} accumulate tokens (a missing
     * acknowledged token is a lost update); the phases state machine applies to the {@code phases} kind; versions
     * are unique across keys (the memory model's and PostgreSQL's promise).
     */
    public static Checker checker() {
        return checker(true);
    }

    /** {@link #checker()}, for a backend whose versions are unique across keys or only per key. */
    public static Checker checker(boolean versionsUniqueAcrossKeys) {
        return Checker.builder()
                .accumulatingKinds("append", "merge")
                .transitions(TransitionRules.phases().forKinds("phases"))
                .versionsUniqueAcrossKeys(versionsUniqueAcrossKeys)
                .build();
    }

    /** Checks {@code run} and judges it; {@code member} is null for the reference store. */
    public static Judgement judge(RunResult run, ZooMember member) {
        Verdict verdict = checker(run.versionsUniqueAcrossKeys()).check(run.history());
        if (member == null) {
            return new Judgement(run, verdict, null, verdict.result() == Verdict.Result.PASS);
        }
        String expected = member.expectedAnomaly(run.scenario().backend());
        boolean caught;
        if (expected.startsWith(ZooMember.ERRORS_PREFIX)) {
            String marker = expected.substring(ZooMember.ERRORS_PREFIX.length());
            caught = verdict.result() != Verdict.Result.FAIL && refusals(run, marker) > 0;
        } else {
            caught = verdict.result() == Verdict.Result.FAIL && verdict.has(AnomalyType.fromId(expected));
        }
        return new Judgement(run, verdict, expected, caught);
    }

    /** Failed ops whose error contains {@code marker}: writes the database refused. */
    public static long refusals(RunResult run, String marker) {
        return run.history().ops().stream()
                .filter(op -> op.status() == Op.Status.FAIL
                        && op.error() != null
                        && op.error().contains(marker))
                .count();
    }

    /** One word for the table: {@code pass}, {@code FAIL}, {@code unknown}; for the zoo, {@code caught} or not. */
    public String status() {
        if (expected == null) {
            return ok ? "ok" : "GATE-FAIL";
        }
        return ok ? "caught" : "NOT-CAUGHT";
    }
}
