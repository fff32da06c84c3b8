package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-made histories of stores whose versions restart per incarnation ({@code versionsRiseAcrossIncarnations}
 * false): incarnations are told apart by creates and deletes in time; a stale match-version op across a delete is
 * {@code aba}, cited once with its process's sight of the version, the delete and the op; a version reissued by a
 * later incarnation is one {@code versions-restart} per key; what compares versions of two incarnations is not
 * reported apart; and a history whose re-created objects fall below their key's past, but never reuse a version,
 * passes.
 */
class CheckerPerRowTest {
    private final Checker perRow = Checker.builder()
            .versionsUniqueAcrossKeys(false)
            .versionsRiseAcrossIncarnations(false)
            .requireEvidence(false)
            .build();
    private final Checker rising = Checker.builder()
            .versionsUniqueAcrossKeys(false)
            .requireEvidence(false)
            .build();

    /**
     * p1 reads v1; the object moves to v2 and is deleted; it is created again at v1 (versions restart); p1's stale
     * write matching v1 succeeds on the new object. Returns {the sight, the delete, the stale write, the first
     * create, the re-create}.
     */
    private static Op[] staleWriteOnARestartedVersion(HistoryBuilder h) {
        Op c1 = h.create(0, "k", 1, 0, 1, null);
        Op seen = h.read(1, "k", 1, 2, 3);
        h.cas(0, "k", 1, 2, 4, 5, null);
        Op d = h.delete(2, "k", 2, 2, 6, 7);
        Op c2 = h.create(0, "k", 1, 8, 9, null);
        Op stale = h.cas(1, "k", 1, 2, 10, 11, null);
        h.read(3, "k", 2, 12, 13);
        return new Op[] {seen, d, stale, c1, c2};
    }

    @Test
    void aStaleWriteAfterDeleteAndReCreateThatMatchedARestartedVersionIsAbaCitedOnce() {
        HistoryBuilder h = new HistoryBuilder();
        Op[] ops = staleWriteOnARestartedVersion(h);
        Verdict v = perRow.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.countsByType())
                .as(v.summary())
                .isEqualTo(Map.of(AnomalyType.ABA, 1, AnomalyType.VERSIONS_RESTART, 1));
        Anomaly aba = only(v, AnomalyType.ABA);
        assertThat(aba.key()).isEqualTo(key("k"));
        assertThat(aba.ops()).containsExactly(ops[0], ops[1], ops[2]);
        assertThat(aba.why().reason()).isEqualTo("aba.stale-match");
        Anomaly restart = only(v, AnomalyType.VERSIONS_RESTART);
        assertThat(restart.why().reason()).isEqualTo("versions-restart.reissued");
        assertThat(restart.ops()).containsExactly(ops[3], ops[4]);
        assertThat(restart.why().values()).containsEntry("version", 1L).containsEntry("count", 2);
        // the duplicate v1 and v2, the regressions, the double create, the lost update across incarnations
        assertThat(v.notes()).anyMatch(n -> n.startsWith("not reported apart: ") && n.contains("duplicate-version=2"));
        assertThat(v.notes()).anyMatch(n -> n.startsWith("versions restart per incarnation (as declared)"));
    }

    @Test
    void withoutTheDeclarationTheSameHistoryFailsLedByTheRestartAndTheSameHarm() {
        HistoryBuilder h = new HistoryBuilder();
        Op[] ops = staleWriteOnARestartedVersion(h);
        Verdict v = rising.check(h.history());
        assertThat(v.countsByType())
                .as(v.summary())
                .isEqualTo(Map.of(AnomalyType.ABA, 1, AnomalyType.VERSIONS_RESTART, 1));
        assertThat(only(v, AnomalyType.ABA).ops()).containsExactly(ops[0], ops[1], ops[2]);
        Anomaly restart = only(v, AnomalyType.VERSIONS_RESTART);
        assertThat(restart.why().reason()).isEqualTo("versions-restart.below-deleted");
        assertThat(restart.ops()).containsExactly(ops[3], ops[1], ops[4]);
    }

    @Test
    void aStaleDeleteOnARestartedVersionIsAba() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        Op seen = h.read(1, "k", 1, 2, 3);
        Op d = h.delete(2, "k", 1, 1, 4, 5);
        h.create(0, "k", 1, 6, 7, null);
        Op stale = h.delete(1, "k", 1, 1, 8, 9);
        h.absent(3, "k", 10, 11);
        Verdict v = perRow.check(h.history());
        assertThat(only(v, AnomalyType.ABA).ops()).containsExactly(seen, d, stale);
        assertThat(v.countsByType().keySet()).containsOnly(AnomalyType.ABA, AnomalyType.VERSIONS_RESTART);
    }

    /**
     * A uid-guarded store: the re-created object starts at v5, below the deleted v101, but no version comes twice;
     * the writer still holding v100 is refused.
     */
    private static void guardedReCreate(HistoryBuilder h) {
        h.create(0, "k", 100, 0, 1, null);
        h.read(1, "k", 100, 2, 3);
        h.cas(0, "k", 100, 101, 4, 5, null);
        h.delete(2, "k", 101, 101, 6, 7);
        h.create(0, "k", 5, 8, 9, null);
        h.casConflict(1, "k", 100, 10, 11);
        h.read(1, "k", 5, 12, 13);
        h.cas(1, "k", 5, 6, 14, 15, null);
        h.create(0, "j", 1, 0, 1, null);
        h.cas(1, "j", 1, 2, 2, 3, null);
        h.read(3, "k", 6, 16, 17);
        h.read(3, "j", 2, 16, 17);
    }

    @Test
    void aPerRowHistoryThatNeverReusesAVersionPassesAndIsHeldToRisingVersionsOnlyWhenNotDeclared() {
        HistoryBuilder h = new HistoryBuilder();
        guardedReCreate(h);
        Verdict v = perRow.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.anomalies()).isEmpty();

        Verdict held = rising.check(h.history());
        assertThat(held.result()).isEqualTo(Verdict.Result.FAIL);
        assertThat(held.countsByType()).as(held.summary()).isEqualTo(Map.of(AnomalyType.VERSIONS_RESTART, 1));
    }

    @Test
    void aLostUpdateWithinOneIncarnationOfADeletedKeyIsStillReported() {
        HistoryBuilder h = new HistoryBuilder();
        guardedReCreate(h);
        Op w1 = h.cas(4, "k", 6, 7, 18, 19, null);
        Op w2 = h.cas(5, "k", 6, 8, 20, 21, null);
        Verdict v = perRow.check(h.history());
        assertThat(v.countsByType()).as(v.summary()).isEqualTo(Map.of(AnomalyType.LOST_UPDATE, 1));
        assertThat(only(v, AnomalyType.LOST_UPDATE).ops()).contains(w1, w2);
    }

    @Test
    void aWriteOverlappingTheDeleteIsNotClaimedStale() {
        // the delete may have taken effect after the write: nothing proves the write crossed it
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, null);
        h.read(1, "k", 1, 2, 3);
        h.delete(2, "k", 2, 2, 4, 9);
        h.cas(1, "k", 1, 2, 5, 6, null);
        h.absent(3, "k", 10, 11);
        Verdict v = perRow.check(h.history());
        assertThat(v.has(AnomalyType.ABA)).as(v.summary()).isFalse();
    }

    private static Anomaly only(Verdict v, AnomalyType type) {
        List<Anomaly> of = v.anomalies().stream().filter(a -> a.type() == type).toList();
        assertThat(of).as(v.summary()).hasSize(1);
        return of.get(0);
    }
}
