package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counts that are true and explanations that prove: a lost write is one anomaly whichever rules found it, totals
 * are counted past the listing cap, and timelines are in milliseconds from the run's start.
 */
class CheckerCountsTest {
    private static final Checker APPEND =
            Checker.builder().accumulatingKinds(HistoryBuilder.KIND).build();

    /** Three updates from v1 (tokens t1, t2, t3); the final read holds only t3's chain. */
    private static Op[] threeFromOneBase(HistoryBuilder h) {
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        Op u1 = h.update(1, "k", 1, 2, 1, 2, 5, "t1");
        Op u2 = h.update(2, "k", 1, 3, 1, 3, 6, "t2");
        Op u3 = h.update(3, "k", 1, 4, 1, 4, 7, "t3");
        Op last = h.read(0, "k", 4, 8, 9, "t0", "t3");
        return new Op[] {c, u1, u2, u3, last};
    }

    @Test
    void writersFromOneBaseAreCountedAsLostWritesEachOnceWithTheReadThatProvesIt() {
        HistoryBuilder h = new HistoryBuilder();
        Op[] o = threeFromOneBase(h);
        Verdict v = APPEND.check(h.history());
        // the same-base rule and the final-token rule both see t1 and t2 gone: two lost writes, not four anomalies
        assertThat(v.anomalies()).as(v.summary()).hasSize(2);
        assertThat(v.countsByType()).containsExactly(Map.entry(AnomalyType.LOST_UPDATE, 2));
        Anomaly first = v.anomalies().get(0);
        Anomaly second = v.anomalies().get(1);
        assertThat(first.ops()).containsExactly(o[0], o[1], o[2], o[4]);
        assertThat(first.explanation()).contains("token t1", "v2", "v3", "last read");
        assertThat(second.ops()).containsExactly(o[0], o[2], o[3], o[4]);
        assertThat(second.explanation()).contains("token t2", "v3", "v4");
    }

    @Test
    void theSameWritesInAChainLoseNothing() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 1, 2, 2, 2, 5, "t1");
        h.update(2, "k", 2, 3, 3, 3, 6, "t2");
        h.update(3, "k", 3, 4, 2, 4, 7, "t3");
        h.read(0, "k", 4, 8, 9, "t0", "t1", "t2", "t3");
        Verdict v = APPEND.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void aLostRegisterWriteCitesTheReadOfTheVersionThatErasedIt() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        Op w1 = h.cas(1, "k", 1, 2, 2, 5, "t1");
        Op w2 = h.cas(2, "k", 1, 3, 3, 6, "t2");
        Op r = h.read(3, "k", 3, 7, 8, "t2");
        Verdict v = Checker.defaults().check(h.history());
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        Anomaly a = v.anomalies().get(0);
        assertThat(a.type()).isEqualTo(AnomalyType.LOST_UPDATE);
        assertThat(a.key()).isEqualTo(key("k"));
        assertThat(a.ops()).containsExactly(c, w1, w2, r);
        assertThat(a.explanation()).contains("token t1", "read of v3");
    }

    @Test
    void aRegisterReadThatStillHoldsTheTokenProvesNothing() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        Op w1 = h.cas(1, "k", 1, 2, 2, 5, "t1");
        Op w2 = h.cas(2, "k", 1, 3, 3, 6, "t2");
        h.read(3, "k", 3, 7, 8, "t1", "t2"); // not a register's read: no proof of the loss, only the same base
        Verdict v = Checker.defaults().check(h.history());
        assertThat(v.anomalies())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).containsExactly(c, w1, w2));
    }

    @Test
    void aReadOfAVersionLackingItsWritesTokenIsOneLostWriteHoweverOftenRead() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op w = h.cas(1, "k", 1, 2, 2, 3, "t1");
        Op r = h.read(2, "k", 2, 4, 5, "other");
        h.read(3, "k", 2, 6, 7, "other");
        h.read(2, "k", 2, 8, 9, "other");
        Verdict v = Checker.defaults().check(h.history());
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        assertThat(v.anomalies().get(0).ops()).containsExactly(w, r);
        assertThat(v.anomalies().get(0).explanation()).contains("token t1", "replaced without a new version");
    }

    /** One lost write on each of six keys: two writes from the create's version. */
    private static HistoryBuilder sixLostWrites() {
        HistoryBuilder h = new HistoryBuilder();
        for (int k = 0; k < 6; k++) {
            long t = 10L * k;
            h.create(0, "k" + k, 100L * k + 1, t, t + 1, "c" + k);
            h.cas(1, "k" + k, 100L * k + 1, 100L * k + 2, t + 2, t + 5, "a" + k);
            h.cas(2, "k" + k, 100L * k + 1, 100L * k + 3, t + 3, t + 6, "b" + k);
        }
        return h;
    }

    @Test
    void totalsCountPastTheListingCap() {
        Verdict v = Checker.builder()
                .maxAnomaliesPerType(2)
                .build()
                .check(sixLostWrites().history());
        assertThat(v.anomalies()).hasSize(2);
        assertThat(v.totals()).containsExactly(Map.entry(AnomalyType.LOST_UPDATE, 6L));
        assertThat(v.countsByType()).containsExactly(Map.entry(AnomalyType.LOST_UPDATE, 6));
        assertThat(v.listedByType()).containsExactly(Map.entry(AnomalyType.LOST_UPDATE, 2L));
        assertThat(v.notes()).contains("lost-update: 2 listed of 6 found (maxAnomaliesPerType 2)");
        assertThat(v.summary()).contains("lost-update=6 (2 listed)");
    }

    @Test
    void belowTheCapEveryAnomalyIsListedAndNoNoteSaysOtherwise() {
        Verdict v = Checker.defaults().check(sixLostWrites().history());
        assertThat(v.anomalies()).hasSize(6);
        assertThat(v.totals()).containsExactly(Map.entry(AnomalyType.LOST_UPDATE, 6L));
        assertThat(v.notes()).noneMatch(n -> n.contains("listed of"));
        assertThat(v.summary()).contains("lost-update=6").doesNotContain("listed");
    }

    @Test
    void aVerdictRefusesTotalsBelowWhatItLists() {
        Verdict v = Checker.defaults().check(sixLostWrites().history());
        assertThatThrownBy(() -> new Verdict(
                        v.result(),
                        v.anomalies(),
                        v.contention(),
                        v.opCount(),
                        v.notes(),
                        Map.of(AnomalyType.LOST_UPDATE, 5L),
                        v.evidence()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lost-update")
                .hasMessageContaining("6 listed");
    }

    @Test
    void timelinesCountMillisecondsFromTheRunsStart() {
        long start = 5_000_000_000_000L; // raw monotonic nanoseconds
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, start, start + 1_000_000, "t0");
        Op w1 = h.cas(1, "k", 1, 2, start + 12_345_678, start + 12_901_234, "t1");
        h.cas(2, "k", 1, 3, start + 13_000_000, start + 14_000_000, "t2");
        Verdict v = Checker.defaults().check(h.history());
        Anomaly a = v.anomalies().get(0);
        assertThat(a.originNanos()).isEqualTo(start);
        assertThat(a.timelineLines())
                .containsExactly(
                        "[p0 r0/t0 #0] CREATE sandbox/k MustCreate ok Written -> v1 token t0 @0.000ms..1.000ms",
                        "[p1 r1/t0 #0] WRITE sandbox/k MatchVersion(1) ok Written read v1 -> v2 token t1"
                                + " @12.345ms..12.901ms",
                        "[p2 r2/t0 #0] WRITE sandbox/k MatchVersion(1) ok Written read v1 -> v3 token t2"
                                + " @13.000ms..14.000ms");
        assertThat(a.describe()).contains("  [p1 r1/t0 #0]").doesNotContain(Long.toString(start));
        // the op's own line keeps the raw nanoseconds for other callers
        assertThat(w1.describe()).endsWith("@" + (start + 12_345_678) + ".." + (start + 12_901_234));
    }

    @Test
    void aTimelineLineKeepsAnErrorAndAnUnfinishedCompletion() {
        HistoryBuilder h = new HistoryBuilder();
        Op info = h.add(
                1,
                Op.write(HistoryBuilder.KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(1)
                        .readVersion(1)
                        .info("CONNECTION_LOST", "connection lost")
                        .token("t1"),
                2_500_000,
                Long.MAX_VALUE);
        assertThat(Anomaly.describe(info, 1_000_000)).endsWith("@1.500ms..? error connection lost");
        assertThat(Anomaly.millis(-1_500_000)).isEqualTo("-1.500ms");
    }
}
