package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The status rules on hand-made reconciler histories: a write's {@code revision} is the watch-event position its
 * status reflects, its {@code value} the phase. {@code lost-event} when the position falls along the versions,
 * {@code status-regression} when the phase moves back (but for a bootstrap upsert), and the upsert path judged by
 * the version rules like every other write; a correct chain passes.
 */
class CheckerReconcilerTest {
    private static final String KIND = "reconciler";
    private final Checker checker = Checker.builder()
            .transitions(TransitionRules.phases().forKinds("phases")) // a status may skip phases: not a transition
            .statuses(TransitionRules.phases().forKinds(KIND))
            .requireEvidence(false)
            .build();

    private static Op.Builder status(Op.Builder b, long v, long position, String phase) {
        return b.outcome(Outcome.WRITTEN)
                .writtenVersion(v)
                .revision(position)
                .value(phase)
                .token("t" + v);
    }

    private static Op create(HistoryBuilder h, long v, long position, String phase) {
        return h.add(0, status(Op.create(KIND, "s0"), v, position, phase), 10 * v, 10 * v + 1);
    }

    private static Op event(HistoryBuilder h, int p, long base, long v, long position, String phase) {
        return h.add(
                p,
                status(Op.write(KIND, "s0", Condition.MATCH_VERSION), v, position, phase)
                        .expectedVersion(base)
                        .readVersion(base),
                10 * v,
                10 * v + 1);
    }

    private static Op upsert(HistoryBuilder h, int p, long v, long position, String phase) {
        return h.add(p, status(Op.write(KIND, "s0", Condition.UNCONDITIONAL), v, position, phase), 10 * v, 10 * v + 1);
    }

    private static Anomaly only(Verdict v, AnomalyType type, Op... proof) {
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        Anomaly a = v.anomalies().get(0);
        assertThat(a.type()).isEqualTo(type);
        assertThat(a.key()).isEqualTo(KIND + "/s0");
        assertThat(a.ops()).containsExactly(proof);
        return a;
    }

    @Test
    void eventsInOrderAndABootstrapUpsertOfANewLifePass() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        event(h, 1, 1, 2, 3, "ready");
        event(h, 2, 2, 3, 8, "deleted");
        upsert(h, 3, 4, 9, "provisioning");
        event(h, 1, 4, 5, 11, "ready");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void anEarlierEventWrittenOverALaterOneIsALostEvent() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        Op later = event(h, 1, 1, 2, 4, "ready");
        Op earlier = event(h, 2, 2, 3, 3, "ready");
        Anomaly a = only(checker.check(h.history()), AnomalyType.LOST_EVENT, later, earlier);
        assertThat(a.why().reason()).isEqualTo("lost-event.overwritten");
        assertThat(a.why().values()).containsEntry("event", 3L).containsEntry("lost", 4L);
    }

    @Test
    void aPhaseMovedBackIsAStatusRegressionEvenWhenThePositionRises() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        Op ready = event(h, 1, 1, 2, 3, "ready");
        Op back = event(h, 2, 2, 3, 4, "provisioning");
        only(checker.check(h.history()), AnomalyType.STATUS_REGRESSION, ready, back);
    }

    @Test
    void aStaleWriteOfAnEarlierPhaseIsBothALostEventAndAStatusRegression() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        Op deleting = event(h, 1, 1, 2, 5, "deleting");
        Op stale = event(h, 2, 2, 3, 2, "provisioning");
        Verdict v = checker.check(h.history());
        assertThat(v.countsByType())
                .containsEntry(AnomalyType.LOST_EVENT, 1)
                .containsEntry(AnomalyType.STATUS_REGRESSION, 1)
                .hasSize(2);
        assertThat(v.anomalies()).allSatisfy(a -> assertThat(a.ops()).containsExactly(deleting, stale));
    }

    @Test
    void anUpsertThatWritesAnOlderEventLosesTheLaterOne() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        Op later = event(h, 1, 1, 2, 6, "deleting");
        Op reset = upsert(h, 2, 3, 1, "provisioning");
        only(checker.check(h.history()), AnomalyType.LOST_EVENT, later, reset);
    }

    @Test
    void anUpsertWhoseVersionDoesNotRiseIsAVersionRegression() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        event(h, 1, 1, 5, 3, "ready");
        // the bootstrap upsert of a new life, invoked after v5 was acknowledged, produced v2
        Op reset = h.add(2, status(Op.write(KIND, "s0", Condition.UNCONDITIONAL), 2, 9, "provisioning"), 60, 61);
        Verdict v = checker.check(h.history());
        assertThat(v.countsByType()).containsKey(AnomalyType.VERSION_REGRESSION);
        assertThat(v.anomalies().stream()
                        .filter(a -> a.type() == AnomalyType.VERSION_REGRESSION)
                        .findFirst()
                        .orElseThrow()
                        .ops())
                .contains(reset);
    }

    @Test
    void aRegressionAnIndeterminateUpsertCouldExplainIsWithheld() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        event(h, 1, 1, 2, 7, "deleted");
        h.add(
                3,
                Op.write(KIND, "s0", Condition.UNCONDITIONAL)
                        .info("CONNECTION_LOST", "connection lost")
                        .revision(9)
                        .value("provisioning")
                        .token("lost"),
                25,
                26);
        // based on the upsert's state, which no read saw
        event(h, 2, 3, 4, 10, "provisioning");
        Verdict v = checker.check(h.history());
        assertThat(v.countsByType()).doesNotContainKey(AnomalyType.STATUS_REGRESSION);
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
    }

    @Test
    void statusRulesApplyOnlyToTheirKinds() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        create(h, 1, 1, "provisioning");
        event(h, 1, 1, 2, 4, "ready");
        event(h, 2, 2, 3, 3, "provisioning");
        Verdict v = Checker.builder()
                .transitions(TransitionRules.none())
                .requireEvidence(false)
                .build()
                .check(h.history());
        assertThat(v.countsByType()).doesNotContainKeys(AnomalyType.LOST_EVENT, AnomalyType.STATUS_REGRESSION);
    }

    @Test
    void thePhaseOrderIsReachabilityInTheStateMachine() {
        TransitionRules phases = TransitionRules.phases();
        assertThat(phases.precedes("provisioning", "deleted")).isTrue();
        assertThat(phases.precedes("ready", "deleting")).isTrue();
        assertThat(phases.precedes("ready", "provisioning")).isFalse();
        assertThat(phases.precedes("ready", "ready")).isFalse();
        assertThat(phases.precedes("ready", "elsewhere")).isFalse();
        assertThat(phases.precedes(null, "ready")).isFalse();
    }
}
