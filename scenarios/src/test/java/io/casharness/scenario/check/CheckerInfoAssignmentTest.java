package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Indeterminate ops judged by assignment: a history passes when one assignment of its {@code info} ops (each took
 * effect or did not) satisfies every check that depends on them, and fails only when none does. Hand-made
 * histories of lost acknowledgements (a request cut before commit, a reply dropped after it).
 */
class CheckerInfoAssignmentTest {
    /** A handful of ops with a lost connection among them is far over the error bound: judged on anomalies only. */
    private final Checker registers = Checker.builder().maxErrorRate(1).build();

    /** One writer at a time: no concurrency to require of these. */
    private final Checker appends = Checker.builder()
            .accumulatingKinds(HistoryBuilder.KIND)
            .requireEvidence(false)
            .build();

    /**
     * A register under ack-loss: one write's request was cut (it never applied) and another acknowledged write
     * took the same base; a second write's reply was dropped after commit and a later read sees its version. The
     * old reading left the first unresolved, so the verdict was UNKNOWN; the assignment "the cut write did not
     * apply, the dropped one did" explains everything.
     */
    @Test
    void anAckLossHistoryIsExplainedByOneAssignmentAndPasses() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.read(1, "k", 1, 2, 3, "t0");
        h.casInfo(1, "k", 1, 4, 6, "t1"); // cut before commit
        h.cas(2, "k", 1, 9, 5, 7, "t2"); // from the same base: the cut write cannot also have applied
        h.casInfo(2, "k", 9, 8, 10, "t3"); // reply dropped after commit: produced v12
        h.read(0, "k", 12, 11, 12, "t3");
        h.cas(1, "k", 12, 15, 13, 14, "t4");
        h.read(3, "k", 15, 15, 16, "t4");
        Verdict v = registers.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes())
                .as(v.summary())
                .anyMatch(n ->
                        n.contains("judged by one assignment") && n.contains("1 of the unresolved ops not applied"));
    }

    /**
     * No assignment works: the indeterminate write's token is read, so it took effect, and an acknowledged write
     * started from the same base — one erased the other.
     */
    @Test
    void anInfoWriteShownAppliedBesideAnAcknowledgedWriteFromItsBaseIsALostUpdate() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op info = h.casInfo(1, "k", 1, 2, 5, "t1");
        Op ok = h.cas(2, "k", 1, 9, 3, 4, "t2");
        h.read(0, "k", 12, 6, 7, "t1"); // only the info write can have produced v12, and its token is there
        Verdict v = registers.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).as(v.summary()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.LOST_UPDATE);
            assertThat(a.why().reason()).isEqualTo("lost-update.same-base-as-info");
            assertThat(a.ops()).contains(info, ok);
        });
    }

    /**
     * No assignment works: a read version only two indeterminate writes could have produced, but each started from
     * the base an acknowledged write took, so neither can have taken effect.
     */
    @Test
    void aVersionOnlyExcludedInfoWritesCouldProduceIsUnexplained() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 6, "t1");
        h.casInfo(2, "k", 1, 3, 7, "t2");
        h.cas(3, "k", 1, 9, 4, 5, "t3");
        Op read = h.read(0, "k", 12, 8, 9);
        Verdict v = registers.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).as(v.summary()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.UNEXPLAINED_VERSION);
            assertThat(a.why().reason()).isEqualTo("unexplained-version.info-writers-excluded");
            assertThat(a.ops()).contains(read);
        });
    }

    /** With one of the two indeterminate writers free, it explains the version: the same history passes. */
    @Test
    void aVersionOneFreeInfoWriteCouldProduceIsExplained() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 6, "t1");
        h.casInfo(2, "k", 9, 6, 7, "t2"); // from v9: free
        h.cas(3, "k", 1, 9, 4, 5, "t3");
        h.read(0, "k", 12, 8, 9);
        Verdict v = registers.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes()).anyMatch(n -> n.contains("takes 1 as applied"));
    }

    /** Negative control: a definite lost update (two acknowledged writes from one base) is caught with info ops around. */
    @Test
    void aDefiniteLostUpdateAmongInfoOpsStillFails() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 8, "t1");
        h.cas(2, "k", 1, 9, 3, 4, "t2");
        h.cas(3, "k", 1, 10, 5, 6, "t3"); // also from v1: erased t2's write
        h.casInfo(2, "k", 10, 7, 9, "t4");
        h.read(0, "k", 10, 10, 11, "t3");
        Verdict v = registers.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.totals()).containsEntry(AnomalyType.LOST_UPDATE, 1L);
    }

    /**
     * An acknowledged token missing from the last read, where only an indeterminate delete in the window could
     * have removed it: one assignment has the delete applied (a new incarnation) and the history passes; the
     * same history without that delete is a lost update.
     */
    @Test
    void aTokenOnlyAnInfoDeleteCouldHaveRemovedIsExplainedByTakingItApplied() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.cas(1, "k", 1, 4, 2, 3, "t1");
        h.deleteInfo(2, "k", 0, 4, 6);
        h.create(3, "k", 9, 7, 8, "t2");
        h.read(0, "k", 9, 9, 10, "t2");
        Verdict v = appends.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes()).anyMatch(n -> n.contains("judged by one assignment"));

        HistoryBuilder without = new HistoryBuilder();
        without.create(0, "k", 1, 0, 1, "t0");
        without.cas(1, "k", 1, 4, 2, 3, "t1");
        without.cas(3, "k", 4, 9, 7, 8, "t2");
        without.read(0, "k", 9, 9, 10, "t2");
        Verdict control = appends.check(without.history());
        assertThat(control.result()).as(control.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(control.totals()).containsKey(AnomalyType.LOST_UPDATE);
    }

    /**
     * A phase write with no base moves the key to {@code deleting}, which its previous write's {@code provisioning}
     * forbids: an indeterminate write of {@code ready} that took effect between explains it (pass); one of
     * {@code provisioning} cannot, and no assignment does (fail).
     */
    @Test
    void aTransitionOnlyAnInfoWritesStateAllowsIsExplainedAndOneNoStateAllowsFails() {
        Checker phases = Checker.builder()
                .transitions(TransitionRules.phases().forKinds(HistoryBuilder.KIND))
                .requireEvidence(false)
                .build();
        assertThat(phases.check(transitionThrough("ready")).result()).isEqualTo(Verdict.Result.PASS);
        Verdict v = phases.check(transitionThrough("provisioning"));
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.totals()).containsOnlyKeys(AnomalyType.ILLEGAL_TRANSITION);
    }

    private static History transitionThrough(String infoPhase) {
        HistoryBuilder h = new HistoryBuilder();
        h.createPhase(0, "k", 1, 0, 1, "provisioning");
        h.add(
                1,
                Op.write(HistoryBuilder.KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(1)
                        .info("CONNECTION_LOST", "connection lost")
                        .token("t1")
                        .value(infoPhase),
                2,
                5);
        h.add(
                2,
                Op.write(HistoryBuilder.KIND, "k", Condition.UNCONDITIONAL)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(9)
                        .token("t2")
                        .value("deleting"),
                3,
                6);
        return h.history();
    }
}
