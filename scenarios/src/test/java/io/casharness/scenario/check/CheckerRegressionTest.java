package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A create that drew its version before it took effect: replica A's must-create of {@code k} draws v10 and stalls;
 * replica B creates {@code k} (v11), reads it, updates it (v12) and deletes it; then A's create takes effect with
 * v10, and a later read sees {@code k} at v10. That is one version-regression — not a double create plus a
 * resurrection — and only when the history proves the new incarnation began after the delete.
 */
class CheckerRegressionTest {
    private final Checker checker = Checker.defaults();

    /** The ops of the scenario that a version-regression cites, and the create of the other incarnation. */
    private record Late(Op delete, Op create, Op read, Op other) {}

    /**
     * The scenario with A's create producing {@code version}; the read of it comes after the delete completed.
     * Times: A's create runs from 0 to 9, B's ops from 1 to 8, the read at 10..11.
     */
    private static Late lateCreate(HistoryBuilder h, long version) {
        Op create = h.create(0, "k", version, 0, 9, "a");
        Op other = h.create(1, "k", 11, 1, 2, "b0");
        h.read(1, "k", 11, 3, 4, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        Op delete = h.delete(1, "k", 12, 12, 7, 8);
        Op read = h.read(2, "k", version, 10, 11, "a");
        return new Late(delete, create, read, other);
    }

    /** The verdict fails with exactly one anomaly, a version-regression. */
    private static Anomaly onlyRegression(Verdict v) {
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        assertThat(v.anomalies().get(0).type()).as(v.summary()).isEqualTo(AnomalyType.VERSION_REGRESSION);
        return v.anomalies().get(0);
    }

    /** No version-regression; the read is the one resurrection. */
    private static void assertResurrectionOf(Verdict v, Op read) {
        assertThat(v.has(AnomalyType.VERSION_REGRESSION)).as(v.summary()).isFalse();
        assertThat(ofType(v, AnomalyType.RESURRECTION))
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).contains(read));
    }

    private static List<Anomaly> ofType(Verdict v, AnomalyType type) {
        return v.anomalies().stream().filter(a -> a.type() == type).toList();
    }

    @Test
    void aCreateInFlightAcrossAnotherIncarnationsDeleteWithALowerVersionIsOneRegression() {
        HistoryBuilder h = new HistoryBuilder();
        Late late = lateCreate(h, 10);
        Verdict v = checker.check(h.history());
        Anomaly a = onlyRegression(v);
        assertThat(a.key()).isEqualTo(key("k"));
        assertThat(a.ops()).containsExactly(late.delete(), late.create(), late.read());
        assertThat(a.explanation()).contains("v10", "v12", "v11", "new incarnation");
        assertThat(v.countsByType()).containsExactly(Map.entry(AnomalyType.VERSION_REGRESSION, 1));
    }

    @Test
    void theSameHistoryWithTheCreateAboveTheDeletedVersionPasses() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 13);
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void theRegressionsByProductsOnItsVersionsAreNotReportedApart() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.read(1, "k", 10, 12, 13, "a"); // B read v11 before: backwards, because of the regression
        h.read(3, "k", 10, 12, 14, "a"); // another read after the delete
        h.cas(2, "k", 10, 13, 15, 16, "c"); // matches v10 across the delete of v12: the live incarnation's version
        h.read(3, "k", 13, 17, 18, "c");
        onlyRegression(checker.check(h.history()));
    }

    @Test
    void aReadOverlappingTheDeleteThatSawTheRegressedVersionIsNoStaleRead() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.read(3, "k", 10, 7, 12, "a"); // invoked after v12 was acknowledged, completed after the delete began
        onlyRegression(checker.check(h.history()));
    }

    /** The ack of A's create arrived late, but a read saw v10 before B's create: it took effect first. */
    @Test
    void aLateAcknowledgementOfACreateThatTookEffectFirstIsADoubleCreateAndAResurrection() {
        HistoryBuilder h = new HistoryBuilder();
        h.read(3, "k", 10, 0, 1, "a");
        Late late = lateCreate(h, 10);
        Verdict v = checker.check(h.history());
        assertThat(v.has(AnomalyType.VERSION_REGRESSION)).as(v.summary()).isFalse();
        assertThat(ofType(v, AnomalyType.DOUBLE_CREATE))
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).containsExactly(late.create(), late.other()));
        assertResurrectionOf(v, late.read());
    }

    @Test
    void aLateAcknowledgementWithoutAnyReadAfterTheDeleteIsADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Op create = h.create(0, "k", 10, 0, 9, "a");
        Op other = h.create(1, "k", 11, 1, 2, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        h.delete(1, "k", 12, 12, 7, 8);
        h.absent(2, "k", 10, 11);
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        assertThat(ofType(v, AnomalyType.DOUBLE_CREATE).get(0).ops()).containsExactly(create, other);
    }

    @Test
    void aCreateThatCompletedBeforeTheDeleteBeganIsNoRegression() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 10, 0, 6, "a"); // acknowledged before the delete was invoked
        h.create(1, "k", 11, 1, 2, "b0");
        h.cas(1, "k", 11, 12, 3, 4, "b1");
        h.delete(1, "k", 12, 12, 7, 8);
        h.read(2, "k", 10, 10, 11, "a");
        Verdict v = checker.check(h.history());
        assertThat(v.has(AnomalyType.VERSION_REGRESSION)).as(v.summary()).isFalse();
        assertThat(v.has(AnomalyType.DOUBLE_CREATE)).as(v.summary()).isTrue();
        assertThat(v.has(AnomalyType.RESURRECTION)).as(v.summary()).isTrue();
    }

    @Test
    void anIndeterminateCreateIsNoRegression() {
        HistoryBuilder h = new HistoryBuilder();
        h.createInfo(0, "k", 0, 9, "a");
        h.create(1, "k", 11, 1, 2, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        h.delete(1, "k", 12, 12, 7, 8);
        Op read = h.read(2, "k", 10, 10, 11, "a");
        Verdict v = checker.check(h.history());
        assertResurrectionOf(v, read);
    }

    /** An indeterminate delete may have ended A's incarnation before B's create: the versions are then in order. */
    @Test
    void aDeleteOfUnknownVersionBetweenTheCreatesLeavesAResurrection() {
        HistoryBuilder h = new HistoryBuilder();
        Late late = lateCreate(h, 10);
        h.deleteInfo(3, "k", 0, 0, 2);
        Verdict v = checker.check(h.history());
        assertThat(v.has(AnomalyType.DOUBLE_CREATE)).as(v.summary()).isFalse();
        assertResurrectionOf(v, late.read());
    }

    /** The deleted incarnation descends from v10 (an update of it): A's create took effect before the delete. */
    @Test
    void aDeletedIncarnationDescendingFromTheCreatesVersionIsAResurrection() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(4, "k", 5, 0, 1, "s");
        Op create = h.create(0, "k", 10, 2, 9, "a");
        h.cas(1, "k", 10, 12, 3, 8, "b1"); // overlaps the delete; the delete removed its v12
        Op delete = h.delete(1, "k", 12, 12, 7, 8);
        Op read = h.read(2, "k", 10, 10, 11, "a");
        Verdict v = checker.check(h.history());
        assertThat(v.has(AnomalyType.VERSION_REGRESSION)).as(v.summary()).isFalse();
        assertThat(ofType(v, AnomalyType.RESURRECTION))
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).containsExactly(create, delete, read));
    }

    /** The key existed below A's version (v5 -> v11 -> v12): the deleted chain passes below v10. */
    @Test
    void aCreateInsideAnOlderIncarnationsVersionRangeIsARegression() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(4, "k", 5, 0, 1, "s");
        Op create = h.create(0, "k", 10, 2, 9, "a");
        h.cas(1, "k", 5, 11, 3, 4, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        Op delete = h.delete(1, "k", 12, 12, 7, 8);
        Op read = h.read(2, "k", 10, 10, 11, "a");
        assertThat(onlyRegression(checker.check(h.history())).ops()).containsExactly(delete, create, read);
    }

    /** Two incarnations came and went while A's create was in flight: v11 (deleted) and v13 (deleted). */
    @Test
    void aCreateInFlightAcrossTwoIncarnationsIsOneRegression() {
        HistoryBuilder h = new HistoryBuilder();
        Op create = h.create(0, "k", 10, 0, 20, "a");
        h.create(1, "k", 11, 1, 2, "b0");
        h.delete(1, "k", 11, 11, 3, 4);
        h.create(1, "k", 13, 5, 6, "b1");
        h.cas(1, "k", 13, 14, 7, 8, "b2");
        Op delete = h.delete(1, "k", 14, 14, 9, 10);
        Op read = h.read(2, "k", 10, 21, 22, "a");
        assertThat(onlyRegression(checker.check(h.history())).ops()).containsExactly(delete, create, read);
    }

    /** No read of v10 after the delete, but an update matching it: the same proof. */
    @Test
    void anUpdateMatchingTheRegressedVersionAfterTheDeleteProvesItToo() {
        HistoryBuilder h = new HistoryBuilder();
        Op create = h.create(0, "k", 10, 0, 9, "a");
        h.create(1, "k", 11, 1, 2, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        Op delete = h.delete(1, "k", 12, 12, 7, 8);
        Op update = h.update(2, "k", 10, 13, 1, 10, 11, "c");
        Anomaly a = onlyRegression(checker.check(h.history()));
        assertThat(a.ops()).containsExactly(delete, create, update);
        assertThat(a.explanation()).contains("an update invoked after the delete completed matched v10");
    }

    @Test
    void aDeleteOfTheRegressedVersionAfterTheDeleteProvesItToo() {
        HistoryBuilder h = new HistoryBuilder();
        Op create = h.create(0, "k", 10, 0, 9, "a");
        h.create(1, "k", 11, 1, 2, "b0");
        h.cas(1, "k", 11, 12, 5, 6, "b1");
        Op delete = h.delete(1, "k", 12, 12, 7, 8);
        Op gone = h.delete(2, "k", 0, 10, 10, 11);
        assertThat(onlyRegression(checker.check(h.history())).ops()).containsExactly(delete, create, gone);
    }

    /** Two creates drew v10 and v11, both took effect after v12 was created and deleted. */
    @Test
    void twoCreatesRegressingAcrossOneDeleteAreTwoRegressionsAndNothingElse() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 10, 0, 10, "a");
        h.create(1, "k", 11, 1, 14, "b");
        h.create(2, "k", 12, 2, 3, "c");
        h.read(2, "k", 12, 4, 5, "c");
        h.delete(2, "k", 12, 12, 6, 7);
        h.delete(3, "k", 10, 10, 11, 12);
        h.delete(3, "k", 0, 11, 15, 16);
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).hasSize(2).allMatch(a -> a.type() == AnomalyType.VERSION_REGRESSION);
    }

    /** A's create (v11) drew while B's incarnation (v10) was live; B's updated and deleted it at v14 before. */
    @Test
    void aDeleteOfTheRegressedVersionIsNoAbaAgainstTheOlderIncarnation() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(2, "k", 10, 0, 5, "b0");
        h.create(0, "k", 11, 1, 20, "a");
        h.update(2, "k", 10, 13, 1, 6, 7, "b1");
        h.update(2, "k", 13, 14, 1, 8, 9, "b2");
        h.delete(3, "k", 0, 14, 10, 11);
        h.delete(3, "k", 0, 11, 21, 22);
        onlyRegression(checker.check(h.history()));
    }

    @Test
    void theLastReadOfARegressedCreateDoesNotJudgeTheOlderIncarnationsTokens() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.read(3, "k", 10, 12, 13, "a"); // the key's highest-version read: v10 lacks b0 and b1, rightly
        Verdict v =
                Checker.builder().accumulatingKinds(HistoryBuilder.KIND).build().check(h.history());
        assertThat(v.has(AnomalyType.LOST_UPDATE)).as(v.summary()).isFalse();
        onlyRegression(v);
    }

    @Test
    void aSecondCreateWhileTheRegressedIncarnationLivesIsADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Late late = lateCreate(h, 10);
        Op second = h.create(3, "k", 20, 12, 13, "d");
        Verdict v = checker.check(h.history());
        assertThat(ofType(v, AnomalyType.VERSION_REGRESSION)).as(v.summary()).hasSize(1);
        assertThat(ofType(v, AnomalyType.DOUBLE_CREATE))
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).containsExactly(late.create(), second));
    }

    @Test
    void aSecondCreateAfterTheRegressedIncarnationWasDeletedIsNoDoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.delete(2, "k", 10, 10, 12, 13);
        h.create(3, "k", 20, 14, 15, "d");
        onlyRegression(checker.check(h.history()));
    }

    @Test
    void aStaleMatchOnTheRegressedIncarnationAfterItsOwnDeleteIsStillAba() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.cas(2, "k", 10, 14, 12, 13, "c");
        Op ended = h.delete(2, "k", 14, 14, 14, 15);
        Op stale = h.cas(4, "k", 10, 15, 16, 17, "e");
        Verdict v = checker.check(h.history());
        assertThat(ofType(v, AnomalyType.VERSION_REGRESSION)).as(v.summary()).hasSize(1);
        assertThat(ofType(v, AnomalyType.ABA))
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.ops()).containsExactly(ofCreate(v), ended, stale));
        assertThat(ofType(v, AnomalyType.LOST_UPDATE)).as(v.summary()).hasSize(1);
    }

    private static Op ofCreate(Verdict v) {
        return ofType(v, AnomalyType.VERSION_REGRESSION).get(0).ops().get(1);
    }

    @Test
    void aDoubleCreateAndAResurrectionOnOtherKeysAreStillReported() {
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        h.create(5, "j", 30, 0, 2, null);
        h.create(6, "j", 31, 1, 3, null);
        h.create(5, "m", 40, 4, 5, null);
        h.delete(5, "m", 40, 40, 6, 7);
        h.read(6, "m", 40, 8, 9);
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies())
                .as(v.summary())
                .extracting(a -> a.type().id() + " " + a.key())
                .containsExactlyInAnyOrder(
                        "version-regression " + key("k"), "double-create " + key("j"), "resurrection " + key("m"));
    }

    @Test
    void perKeyVersionsRegressTheSameWay() {
        Checker perKey = Checker.builder().versionsUniqueAcrossKeys(false).build();
        HistoryBuilder h = new HistoryBuilder();
        lateCreate(h, 10);
        onlyRegression(perKey.check(h.history()));
    }

    /** SQLite's per-key versions: a re-create in flight across the delete draws above the key's past. */
    @Test
    void perKeyReCreatesAboveTheKeysPastPass() {
        Checker perKey = Checker.builder().versionsUniqueAcrossKeys(false).build();
        HistoryBuilder h = new HistoryBuilder();
        for (String id : List.of("a", "b")) {
            h.create(0, id, 1, 0, 1, null);
            h.cas(1, id, 1, 2, 2, 3, null);
            h.casConflict(2, id, 1, 2, 4);
            h.delete(1, id, 2, 2, 5, 7);
            h.create(2, id, 3, 6, 8, null); // in flight across the delete
            h.read(3, id, 3, 9, 10);
        }
        Verdict v = perKey.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    // ---------------------------------------------------------------- a unique name passed back below its version

    @Test
    void aNamedCreateInFlightAcrossAnotherKeysCreateAndDeleteOfTheNameIsARegressionNotADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Op early = h.createNamed(0, "k6", "n", 10, 0, 6); // drew v10, took the name only after k2 freed it
        Op holder = h.createNamed(1, "k2", "n", 20, 1, 2);
        Op freed = h.delete(1, "k2", 20, 20, 3, 4);
        Verdict v = Checker.builder().requireEvidence(false).build().check(h.history());
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.VERSION_REGRESSION);
            assertThat(a.key()).isEqualTo(HistoryBuilder.key("k6"));
            assertThat(a.ops()).containsExactlyInAnyOrder(early, holder, freed);
            assertThat(a.why().reason()).isEqualTo("version-regression.name-passed-back");
        });
        // with per-key versions, two keys' versions say nothing of which create came first
        Verdict perKey = Checker.builder()
                .requireEvidence(false)
                .versionsUniqueAcrossKeys(false)
                .build()
                .check(h.history());
        assertThat(perKey.anomalies()).as(perKey.summary()).isEmpty();
    }

    @Test
    void aNameHeldByTwoKeysWhenNoOrderFreesItIsADoubleCreate() {
        HistoryBuilder h = new HistoryBuilder();
        Op c1 = h.createNamed(0, "k6", "n", 10, 0, 1);
        Op c2 = h.createNamed(1, "k2", "n", 20, 2, 3);
        h.delete(1, "k2", 20, 20, 4, 5); // after both: frees the name in neither order
        for (boolean unique : new boolean[] {true, false}) {
            Verdict v = Checker.builder()
                    .requireEvidence(false)
                    .versionsUniqueAcrossKeys(unique)
                    .build()
                    .check(h.history());
            assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AnomalyType.DOUBLE_CREATE);
                assertThat(a.ops()).containsExactly(c1, c2);
            });
        }
    }
}
