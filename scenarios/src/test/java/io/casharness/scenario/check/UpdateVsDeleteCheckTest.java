package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The checks of the update-vs-delete workload, on the timelines of its zoo members and of the correct store beside
 * them: an update that took effect on a deleted incarnation is {@code aba} (upsert-on-not-found), an update
 * answered {@code NotFound} although the key existed throughout is a {@code false-failure} (remembered-not-found),
 * and updates that met the delete honestly — retried onto the new incarnation, or answered {@code NotFound} while
 * the key was absent — pass.
 */
class UpdateVsDeleteCheckTest {
    private final Checker checker =
            Checker.builder().accumulatingKinds(HistoryBuilder.KIND).build();

    private static Anomaly only(Verdict v, AnomalyType type) {
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies())
                .as(v.summary())
                .filteredOn(a -> a.type() == type)
                .hasSize(1);
        return v.anomalies().stream().filter(a -> a.type() == type).findFirst().orElseThrow();
    }

    @Test
    void anUpdateThatReCreatedTheKeyFromTheDeletedIncarnationIsAba() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        // read v1, lost its write to the delete, then put back "what it had" with its token: Updated v3
        Op upsert = h.update(1, "k", 1, 3, 2, 2, 9, "u1");
        Op d = h.delete(2, "k", 1, 1, 4, 5);
        h.read(3, "k", 3, 10, 11, "t0", "u1");
        Verdict v = checker.check(h.history());
        Anomaly a = only(v, AnomalyType.ABA);
        assertThat(a.key()).isEqualTo(key("k"));
        assertThat(a.ops()).containsExactly(c, d, upsert);
        assertThat(a.why().reason()).isEqualTo("aba.dead-write");
        assertThat(a.why().values()).containsEntry("expected", 1L).containsEntry("written", 3L);
        // the delete and the update both took effect from v1: one undid the other
        assertThat(v.has(AnomalyType.LOST_UPDATE)).isTrue();
    }

    @Test
    void anUpdateRetriedOntoTheReCreatedIncarnationPasses() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 4, 5, 2, 2, 12, "u1"); // its first write lost to the delete; the retry read the new v4
        h.delete(2, "k", 1, 1, 4, 5);
        h.create(3, "k", 4, 6, 7, "t4");
        h.read(3, "k", 5, 13, 14, "t4", "u1");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void anUpdateNotFoundWhileTheKeyWasAbsentPasses() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(2, "k", 1, 1, 2, 3);
        h.refused(1, OpType.UPDATE, "k", 1, Outcome.NOT_FOUND, 4, 7);
        h.create(3, "k", 4, 5, 6, "t4"); // overlaps the update: it may have run before the create
        h.read(3, "k", 4, 8, 9, "t4");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void anUpdateNotFoundAfterAnotherReplicaReCreatedTheKeyIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 3); // replica 1 remembers the key as gone
        Op again = h.create(2, "k", 4, 4, 5, "t4");
        h.update(0, "k", 4, 6, 1, 6, 8, "u0"); // concurrency: the update overlaps the refused one
        Op remembered = h.refused(1, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 7, 8);
        h.read(3, "k", 6, 9, 10, "t4", "u0");
        Verdict v = checker.check(h.history());
        Anomaly a = only(v, AnomalyType.FALSE_FAILURE);
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        assertThat(a.ops()).containsExactly(again, remembered);
        assertThat(a.why().reason()).isEqualTo("false-failure.key-existed");
        assertThat(a.why().values()).containsEntry("committed", 4L);
    }
}
