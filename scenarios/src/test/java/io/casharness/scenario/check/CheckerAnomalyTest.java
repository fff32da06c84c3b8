package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-made history per anomaly kind: the checker must find it, on the right key, citing exactly the ops that
 * prove it.
 */
class CheckerAnomalyTest {
    private final Checker checker = Checker.defaults();

    private static Anomaly only(Verdict v, AnomalyType type) {
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        List<Anomaly> ofType =
                v.anomalies().stream().filter(a -> a.type() == type).toList();
        assertThat(ofType).as(v.summary()).hasSize(1);
        return ofType.get(0);
    }

    private static void assertOnly(Verdict v, AnomalyType type, String key, Op... proof) {
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        Anomaly a = only(v, type);
        assertThat(a.key()).isEqualTo(key);
        assertThat(a.ops()).containsExactly(proof);
        assertThat(a.explanation()).isNotBlank();
        assertThat(a.timeline().lines()).hasSize(proof.length);
    }

    @Test
    void twoAcknowledgedWritesFromOneBaseAreALostUpdate() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        Op w1 = h.cas(1, "k", 1, 2, 2, 5, "t1");
        Op w2 = h.cas(2, "k", 1, 3, 3, 6, "t2");
        assertOnly(checker.check(h.history()), AnomalyType.LOST_UPDATE, key("k"), c, w1, w2);
    }

    @Test
    void blindUpdatesFromOneReadAreALostUpdate() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 4, 0, 1, "t0");
        Op u1 = h.blind(1, "k", 4, 9, 2, 5, "t1");
        Op u2 = h.blind(2, "k", 4, 12, 3, 6, "t2");
        assertOnly(checker.check(h.history()), AnomalyType.LOST_UPDATE, key("k"), c, u1, u2);
    }

    @Test
    void anAcknowledgedTokenMissingFromTheFinalStateIsALostUpdate() {
        // the retry re-uses the stale payload [t0] with the fresh version 2: token t1 silently disappears
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.read(0, "k", 1, 2, 3, "t0");
        Op u1 = h.update(1, "k", 1, 2, 1, 4, 6, "t1");
        Op u2 = h.update(2, "k", 2, 3, 2, 4, 9, "t2");
        Op last = h.read(0, "k", 3, 10, 11, "t0", "t2");
        Verdict v =
                Checker.builder().accumulatingKinds(HistoryBuilder.KIND).build().check(h.history());
        assertOnly(v, AnomalyType.LOST_UPDATE, key("k"), u1, u2, last);
        assertThat(v.anomalies().get(0).explanation()).contains("t1");
    }

    @Test
    void aReadLackingTheTokenOfTheWriteOfItsVersionIsALostUpdate() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op w = h.cas(1, "k", 1, 2, 2, 3, "t1");
        Op r = h.read(2, "k", 2, 4, 5, "t0", "other");
        assertOnly(checker.check(h.history()), AnomalyType.LOST_UPDATE, key("k"), w, r);
    }

    @Test
    void twoWritesProducingOneVersionOfAKeyAreADuplicate() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op w1 = h.cas(1, "k", 1, 5, 2, 5, "t1");
        Op w2 = h.blind(2, "k", 0, 5, 3, 6, "t2");
        assertOnly(checker.check(h.history()), AnomalyType.DUPLICATE_VERSION, key("k"), w1, w2);
    }

    @Test
    void oneVersionOnTwoKeysIsADuplicateOnlyWhenVersionsAreGlobal() {
        HistoryBuilder h = new HistoryBuilder();
        Op a = h.create(0, "a", 7, 0, 1, "t0");
        Op b = h.create(1, "b", 7, 0, 1, "t1");
        h.casConflict(1, "b", 3, 2, 3); // contention, so the per-key verdict can pass
        assertOnly(checker.check(h.history()), AnomalyType.DUPLICATE_VERSION, key("a") + " & " + key("b"), a, b);
        Verdict perKey =
                Checker.builder().versionsUniqueAcrossKeys(false).build().check(h.history());
        assertThat(perKey.result()).as(perKey.summary()).isEqualTo(Verdict.Result.PASS);
    }

    /** Many keys with the same versions: in per-key mode no hash collision between them may read as a duplicate. */
    @Test
    void perKeyVersionsSharedByManyKeysAreNoDuplicate() {
        HistoryBuilder h = new HistoryBuilder();
        long t = 0;
        for (int k = 0; k < 500; k++) {
            h.create(k % 8, "k" + k, 1, t, t + 1, null);
            for (int v = 1; v < 5; v++) {
                h.cas(k % 8, "k" + k, v, v + 1, t + 2L * v, t + 2L * v + 1, null);
            }
            t += 20;
        }
        h.casConflict(1, "k0", 3, t, t + 1); // contention, so the verdict can pass
        Verdict perKey =
                Checker.builder().versionsUniqueAcrossKeys(false).build().check(h.history());
        assertThat(perKey.result()).as(perKey.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(checker.check(h.history()).has(AnomalyType.DUPLICATE_VERSION))
                .as("the same history breaks a global-versions promise")
                .isTrue();
    }

    @Test
    void aWriteBelowAnAlreadyCommittedVersionIsARegression() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 10, 0, 1, "t0");
        Op w1 = h.cas(1, "k", 10, 12, 2, 3, "t1");
        Op w2 = h.blind(2, "k", 0, 11, 4, 5, "t2");
        assertOnly(checker.check(h.history()), AnomalyType.VERSION_REGRESSION, key("k"), w1, w2);
    }

    @Test
    void aReadOlderThanAnAcknowledgedWriteIsStale() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        Op w = h.cas(1, "k", 1, 7, 2, 3, null);
        Op r = h.read(2, "k", 1, 4, 5);
        assertOnly(checker.check(h.history()), AnomalyType.STALE_READ, key("k"), w, r);
    }

    @Test
    void anAbsentReadAfterAnAcknowledgedCreateIsStale() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, null);
        Op r = h.absent(2, "k", 2, 3);
        assertOnly(checker.check(h.history()), AnomalyType.STALE_READ, key("k"), c, r);
    }

    @Test
    void aReadOlderThanAnotherProcesssCompletedReadIsStale() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        h.cas(1, "k", 1, 4, 2, 20, null); // slow acknowledgement: only the reads order the versions
        Op r1 = h.read(2, "k", 4, 3, 4);
        Op r2 = h.read(3, "k", 1, 5, 6);
        assertOnly(checker.check(h.history()), AnomalyType.STALE_READ, key("k"), r1, r2);
    }

    @Test
    void oneProcessReadingVersionsBackwardsIsNonMonotonic() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        h.cas(1, "k", 1, 4, 2, 20, null);
        Op r1 = h.read(2, "k", 4, 3, 4);
        Op r2 = h.read(2, "k", 1, 5, 6);
        assertOnly(checker.check(h.history()), AnomalyType.NON_MONOTONIC_READ, key("k"), r1, r2);
    }

    @Test
    void twoAcknowledgedCreatesWithoutADeleteAreADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Op c1 = h.create(1, "k", 1, 0, 2, "t1");
        Op c2 = h.create(2, "k", 2, 1, 3, "t2");
        assertOnly(checker.check(h.history()), AnomalyType.DOUBLE_CREATE, key("k"), c1, c2);
    }

    @Test
    void oneNameCreatedOnTwoKeysIsADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Op c1 = h.createNamed(1, "a", "web", 1, 0, 2);
        Op c2 = h.createNamed(2, "b", "web", 2, 1, 3);
        assertOnly(checker.check(h.history()), AnomalyType.DOUBLE_CREATE, HistoryBuilder.KIND + "/name:web", c1, c2);
    }

    @Test
    void aDeletedVersionReadAfterTheDeleteIsAResurrection() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, null);
        Op d = h.delete(1, "k", 1, 1, 2, 3);
        Op r = h.read(2, "k", 1, 4, 5);
        assertOnly(checker.check(h.history()), AnomalyType.RESURRECTION, key("k"), c, d, r);
    }

    @Test
    void aMatchVersionWriteOnADeadIncarnationIsAba() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, null);
        h.read(1, "k", 1, 2, 3);
        Op d = h.delete(2, "k", 1, 1, 4, 5);
        h.create(2, "k", 3, 6, 7, null);
        Op stale = h.cas(1, "k", 1, 4, 8, 9, null);
        Verdict v = checker.check(h.history());
        Anomaly a = only(v, AnomalyType.ABA);
        assertThat(a.key()).isEqualTo(key("k"));
        assertThat(a.ops()).containsExactly(c, d, stale);
        // the stale write also erased the re-created object: the delete and it started from one version
        assertThat(v.has(AnomalyType.LOST_UPDATE)).isTrue();
    }

    @Test
    void versionsRestartingAfterReCreateAreNamedOnceWithoutTheirByProducts() {
        HistoryBuilder h = new HistoryBuilder();
        Op[] restartOps = versionsRestartAfterReCreate(h);
        Verdict v = checker.check(h.history());
        assertOnly(v, AnomalyType.VERSIONS_RESTART, key("k"), restartOps);
        assertThat(v.anomalies().get(0).why().reason()).isEqualTo("versions-restart.below-deleted");
        // the duplicate v1 and the regression below v2 compare two incarnations: the restart explains them
        assertThat(v.notes())
                .anyMatch(n -> n.startsWith("not reported apart: ")
                        && n.contains("duplicate-version=1")
                        && n.contains("version-regression=1"));
    }

    /** Create at v1, update to v2, delete v2, create again at v1; returns the first create, the delete, the second. */
    private static Op[] versionsRestartAfterReCreate(HistoryBuilder h) {
        Op c1 = h.create(0, "k", 1, 0, 1, null);
        h.cas(0, "k", 1, 2, 2, 3, null);
        Op d = h.delete(1, "k", 2, 2, 4, 5);
        Op c2 = h.create(2, "k", 1, 6, 7, null);
        return new Op[] {c1, d, c2};
    }

    @Test
    void restartsAndResurrectionAreCaughtAlsoWhenVersionsArePerKey() {
        Checker perKey = Checker.builder().versionsUniqueAcrossKeys(false).build();
        HistoryBuilder h = new HistoryBuilder();
        Op[] abaOps = versionsRestartAfterReCreate(h);
        Verdict v = perKey.check(h.history());
        assertThat(only(v, AnomalyType.VERSIONS_RESTART).ops()).containsExactly(abaOps);

        HistoryBuilder r = new HistoryBuilder();
        Op rc = r.create(0, "k", 1, 0, 1, null);
        Op rd = r.delete(1, "k", 1, 1, 2, 3);
        Op read = r.read(2, "k", 1, 4, 5);
        assertOnly(perKey.check(r.history()), AnomalyType.RESURRECTION, key("k"), rc, rd, read);
    }

    @Test
    void aPhaseGoingBackwardsIsAnIllegalTransition() {
        HistoryBuilder h = new HistoryBuilder();
        h.createPhase(0, "k", 1, 0, 1, "provisioning");
        Op ready = h.casPhase(1, "k", 1, 2, 2, 3, "ready");
        Op back = h.casPhase(2, "k", 2, 3, 4, 5, "provisioning");
        assertOnly(checker.check(h.history()), AnomalyType.ILLEGAL_TRANSITION, key("k"), ready, back);
    }

    @Test
    void aSkippedPhaseIsAnIllegalTransition() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.createPhase(0, "k", 1, 0, 1, "provisioning");
        Op skip = h.casPhase(1, "k", 1, 5, 2, 3, "deleted");
        assertOnly(checker.check(h.history()), AnomalyType.ILLEGAL_TRANSITION, key("k"), c, skip);
    }

    @Test
    void aVersionNoWriteProducedIsUnexplained() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        Op w = h.cas(1, "k", 1, 2, 2, 3, null);
        Op r = h.read(2, "k", 9, 4, 5);
        assertOnly(checker.check(h.history()), AnomalyType.UNEXPLAINED_VERSION, key("k"), w, r);
    }

    @Test
    void anomalyTypesHaveStableIds() {
        assertThat(AnomalyType.fromId("lost-update")).isEqualTo(AnomalyType.LOST_UPDATE);
        assertThat(AnomalyType.fromId("NON_MONOTONIC_READ")).isEqualTo(AnomalyType.NON_MONOTONIC_READ);
        assertThat(AnomalyType.ABA.id()).isEqualTo("aba");
    }
}
