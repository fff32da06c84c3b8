package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.History;
import org.junit.jupiter.api.Test;

/** Correct histories the checker must not flag: version gaps, overlapping writes, info ops, deletes, re-creates. */
class CheckerPassTest {
    private final Checker checker = Checker.defaults();
    /** For the few-op histories of unknown outcomes: one lost connection in four calls is far over the error bound. */
    private final Checker anyErrorRate = Checker.builder().maxErrorRate(1).build();

    private Verdict passes(History history) {
        return passes(checker, history);
    }

    private Verdict passes(Checker checker, History history) {
        Verdict v = checker.check(history);
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.opCount()).isEqualTo(history.size());
        return v;
    }

    @Test
    void concurrentWritesFromOneBaseWithOneConflictAndVersionGapsPass() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 3, 0, 1, "t0");
        h.read(1, "k", 3, 2, 3, "t0");
        h.read(2, "k", 3, 2, 4, "t0");
        h.cas(1, "k", 3, 17, 5, 9, "t1");
        h.casConflict(2, "k", 3, 6, 8);
        h.read(2, "k", 17, 10, 11, "t1");
        h.cas(2, "k", 17, 40, 12, 13, "t2");
        h.read(0, "k", 40, 12, 15, "t2"); // overlaps the write it sees
        h.read(3, "k", 17, 12, 14, "t1"); // overlaps the write it does not see
        Verdict v = passes(h.history());
        assertThat(v.contention().conflicts()).isEqualTo(1);
        assertThat(v.contention().conflictingPairs()).isEqualTo(1);
        assertThat(v.contention().attemptsPerSuccess()).isEqualTo(4.0 / 3);
    }

    @Test
    void retriedUpdatesAppendingTokensPass() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 1, 5, 1, 2, 6, "t1");
        h.update(2, "k", 5, 8, 3, 3, 12, "t2");
        h.read(0, "k", 5, 7, 8, "t0", "t1");
        h.read(0, "k", 8, 13, 14, "t0", "t1", "t2");
        Verdict v = Checker.builder()
                .accumulatingKinds(HistoryBuilder.KIND)
                .maxErrorRate(1)
                .build()
                .check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.contention().conflicts()).isEqualTo(2);
    }

    @Test
    void deleteAndReCreateWithConcurrentReadsPass() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 1, 5, 1, 2, 3, "t1");
        h.read(2, "k", 5, 4, 9, "t1"); // invoked before the delete completed: may see the old state
        h.delete(1, "k", 5, 5, 5, 7);
        h.absent(3, "k", 6, 8); // concurrent with the delete
        h.casConflict(2, "k", 5, 10, 11);
        h.absent(2, "k", 12, 13);
        h.createFails(0, "k", 14, 17);
        h.create(3, "k", 9, 14, 16, "t2");
        h.read(2, "k", 9, 18, 19, "t2");
        h.delete(0, "k", 0, 9, 20, 21);
        h.create(1, "k", 30, 22, 23, "t3");
        passes(h.history());
    }

    @Test
    void anInfoWriteSeenByALaterReadCountsAsApplied() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 5, "t1");
        h.casConflict(2, "k", 1, 3, 4);
        h.read(0, "k", 8, 6, 7, "t1");
        Verdict v = passes(anyErrorRate, h.history());
        assertThat(v.contention().infoOps()).isEqualTo(1);
        assertThat(v.notes()).anyMatch(n -> n.contains("1 were shown applied"));
    }

    @Test
    void anInfoWriteNeverSeenIsNeitherLostNorAppliedAndOneAssignmentExplainsIt() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.read(1, "k", 1, 2, 3, "t0");
        h.casInfo(1, "k", 1, 4, 5, "t1");
        h.read(1, "k", 1, 6, 7, "t0");
        h.cas(2, "k", 1, 9, 8, 9, "t2");
        h.casConflict(1, "k", 1, 10, 11);
        // had the info write applied as well, the write of v9 would have erased it: the assignment in which it did
        // not apply explains the history (it was UNKNOWN while such a check was withheld)
        Verdict v = passes(anyErrorRate, h.history());
        assertThat(v.notes()).anyMatch(n -> n.contains("1 of the unresolved ops not applied"));
        assertThat(v.notes()).anyMatch(n -> n.contains("1 stay unresolved"));
    }

    @Test
    void anInfoWriteAbsentFromTheFinalAppendIsResolvedNotApplied() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 5, "t1");
        h.cas(2, "k", 1, 4, 3, 6, "t2");
        h.casConflict(1, "k", 1, 7, 8);
        h.read(0, "k", 4, 9, 10, "t0", "t2");
        Verdict v = Checker.builder()
                .accumulatingKinds(HistoryBuilder.KIND)
                .maxErrorRate(1)
                .build()
                .check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes()).anyMatch(n -> n.contains("1 shown not applied"));
    }

    @Test
    void anInfoDeleteExplainsAnAbsentRead() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.deleteInfo(1, "k", 1, 2, 3);
        h.absent(2, "k", 4, 5);
        h.createFails(2, "k", 0, 2);
        passes(anyErrorRate, h.history());
    }

    @Test
    void errorsOverTheBoundMakeAnOtherwiseCleanHistoryUnknown() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.deleteInfo(1, "k", 1, 2, 3);
        h.absent(2, "k", 4, 5);
        h.createFails(2, "k", 0, 2);
        Verdict v = checker.check(h.history());
        assertThat(v.result()).isEqualTo(Verdict.Result.UNKNOWN);
        assertThat(v.evidence().errors()).isEqualTo(1);
        assertThat(v.evidence().errorsByClass()).containsEntry("CONNECTION_LOST", 1L);
        assertThat(v.notes())
                .anyMatch(n -> n.startsWith(
                        "unknown: 1 of 4 store calls (25.0%) failed with an error, above the" + " bound of 5.0%"));
    }

    @Test
    void aHistoryWithoutAnyAcknowledgedWriteIsUnknown() {
        // a read-only database: every write refused with an error, the reads answer
        HistoryBuilder h = new HistoryBuilder();
        h.absent(0, "k", 0, 1);
        h.casInfo(1, "k", 1, 2, 5, "t1");
        h.casInfo(2, "k", 1, 3, 4, "t2");
        Verdict v = anyErrorRate.check(h.history());
        assertThat(v.result()).isEqualTo(Verdict.Result.UNKNOWN);
        assertThat(v.evidence().acknowledgedWrites()).isZero();
        assertThat(v.notes())
                .anyMatch(n -> n.startsWith("unknown: no write was acknowledged (2 write calls, 2 errors)"));
    }

    @Test
    void phasesMovingForwardPass() {
        HistoryBuilder h = new HistoryBuilder();
        h.createPhase(0, "k", 1, 0, 1, "provisioning");
        h.casPhase(1, "k", 1, 4, 2, 3, "provisioning");
        h.casPhase(1, "k", 4, 6, 4, 5, "ready");
        h.casPhase(2, "k", 6, 9, 6, 7, "deleting");
        h.casPhase(0, "k", 9, 11, 8, 9, "deleted");
        h.delete(0, "k", 11, 11, 10, 11);
        h.createPhase(1, "k", 20, 12, 13, "provisioning");
        h.createFails(2, "k", 12, 14);
        passes(h.history());
    }

    @Test
    void aHistoryWithoutConcurrentWritesIsUnknownUnlessEvidenceIsNotRequired() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.cas(0, "k", 1, 2, 2, 3, "t1");
        h.read(1, "k", 2, 4, 5, "t1");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).isEqualTo(Verdict.Result.UNKNOWN);
        assertThat(v.notes()).anyMatch(n -> n.startsWith("unknown: no key was written concurrently"));
        assertThat(v.evidence().acknowledgedWrites()).isEqualTo(2);
        assertThat(v.evidence().keysWrittenConcurrently()).isZero();
        Verdict relaxed = Checker.builder().requireEvidence(false).build().check(h.history());
        assertThat(relaxed.result()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void overlappingWritesThatNeverConflictedAreEvidenceEnoughForALockBasedStore() {
        // a pessimistic store: the second writer waited for the first one's lock, then wrote from its result
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.cas(1, "k", 1, 2, 2, 6, "t1");
        h.cas(2, "k", 2, 3, 3, 8, "t2");
        h.read(0, "k", 3, 9, 10, "t2");
        Verdict v = checker.check(h.history());
        assertThat(v.contention().any()).as("no conflict at all").isFalse();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.evidence().keysWrittenConcurrently()).isEqualTo(1);
        assertThat(v.evidence().overlappingWritePairs()).isEqualTo(1);
        assertThat(v.evidence().statement()).contains("1 of 1 written keys written concurrently");
    }

    @Test
    void stateFromBeforeTheRecordedWritesIsNotUnexplained() {
        HistoryBuilder h = new HistoryBuilder();
        h.read(0, "k", 2, 0, 1); // bootstrap state, written before recording began
        h.cas(0, "k", 2, 7, 2, 3, null);
        h.casConflict(1, "k", 2, 2, 4);
        passes(h.history());
    }
}
