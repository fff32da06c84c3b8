package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failure outcomes judged against the key's chain ({@code false-failure}), tokens applied twice
 * ({@code duplicate-apply}), and indeterminate deletes credited only as the sole explanation of an absence.
 */
class CheckerFailureOutcomeTest {
    private final Checker checker = Checker.builder().maxErrorRate(1).build();
    private final Checker accumulating = Checker.builder()
            .accumulatingKinds(HistoryBuilder.KIND)
            .maxErrorRate(1)
            .build();

    private static void assertOnly(Verdict v, AnomalyType type, String key, Op... proof) {
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        Anomaly a = v.anomalies().get(0);
        assertThat(a.type()).isEqualTo(type);
        assertThat(a.key()).isEqualTo(key);
        assertThat(a.ops()).containsExactly(proof);
        assertThat(a.timeline().lines()).hasSize(proof.length);
    }

    private static void assertNoAnomaly(Verdict v) {
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
        assertThat(v.result()).as(v.summary()).isIn(Verdict.Result.PASS, Verdict.Result.UNKNOWN);
    }

    // ---------------------------------------------------------------- false-failure: a key taken, a refusal applied

    /** A must-create refused with {@code outcome}, carrying its own token. */
    private static Op refusedCreate(HistoryBuilder h, int p, Outcome outcome, long t0, long t1, String token) {
        return h.add(
                p,
                Op.of(OpType.CREATE, HistoryBuilder.KIND, "k", Condition.MUST_CREATE)
                        .outcome(outcome)
                        .token(token),
                t0,
                t1);
    }

    @Test
    void aKeyTakenAfterItsDeleteCompletedIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op d = h.delete(1, "k", 1, 1, 2, 3);
        Op x = refusedCreate(h, 2, Outcome.ALREADY_EXISTS_KEY, 4, 5, "t1");
        Verdict v = checker.check(h.history());
        assertOnly(v, AnomalyType.FALSE_FAILURE, key("k"), d, x);
        assertThat(v.anomalies().get(0).why().reason()).isEqualTo("false-failure.key-absent");
        assertThat(v.anomalies().get(0).explanation()).contains("AlreadyExists(KEY)", "v1", "absent throughout");
    }

    @Test
    void aKeyTakenWhileAnotherCreateOrAnIndeterminateWriteRanIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 3);
        h.create(0, "k", 5, 4, 8, "t1"); // took the key while the refused create ran
        refusedCreate(h, 2, Outcome.ALREADY_EXISTS_KEY, 5, 6, "t2");
        assertNoAnomaly(checker.check(h.history()));

        HistoryBuilder i = new HistoryBuilder();
        i.create(0, "k", 1, 0, 1, "t0");
        i.delete(1, "k", 1, 1, 2, 3);
        i.createInfo(0, "k", 2, 9, "t1"); // may have taken it, even before the delete completed
        refusedCreate(i, 2, Outcome.ALREADY_EXISTS_KEY, 5, 6, "t2");
        assertNoAnomaly(checker.check(i.history()));
    }

    @Test
    void aNameTakenOrAKeyNeverSeenDeletedIsNotJudged() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 3);
        refusedCreate(h, 2, Outcome.ALREADY_EXISTS_NAME, 4, 5, "t1"); // another key may hold the name
        assertNoAnomaly(checker.check(h.history()));

        HistoryBuilder never = new HistoryBuilder();
        refusedCreate(never, 2, Outcome.ALREADY_EXISTS_KEY, 0, 1, "t1"); // state before the history began is unknown
        assertNoAnomaly(checker.check(never.history()));
    }

    @Test
    void anExhaustedUpdateWhoseTokenIsInTheLastReadIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op x = h.add(
                1,
                Op.of(OpType.UPDATE, HistoryBuilder.KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(1)
                        .outcome(Outcome.EXHAUSTED)
                        .readVersion(1)
                        .token("tx")
                        .attempts(4),
                2,
                3);
        Op r = h.read(2, "k", 1, 4, 5, "t0", "tx");
        Verdict v = accumulating.check(h.history());
        assertOnly(v, AnomalyType.FALSE_FAILURE, key("k"), x, r);
        assertThat(v.anomalies().get(0).why().reason()).isEqualTo("false-failure.refused-but-applied");
        assertThat(v.anomalies().get(0).why().values()).containsEntry("token", "tx");
    }

    @Test
    void aRefusedCreateWhoseTokenIsReadIsAFalseFailureAndUnreadRefusalsAreNot() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        refusedCreate(h, 1, Outcome.ALREADY_EXISTS_KEY, 2, 3, "lost-race"); // true: the key existed
        Op late = refusedCreate(h, 2, Outcome.ALREADY_EXISTS_KEY, 4, 5, "applied-anyway");
        h.add(
                3,
                Op.of(OpType.UPDATE, HistoryBuilder.KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(1)
                        .outcome(Outcome.EXHAUSTED)
                        .readVersion(1)
                        .token("ty")
                        .attempts(4),
                6,
                7);
        Op r = h.read(0, "k", 1, 8, 9, "t0", "applied-anyway");
        assertOnly(checker.check(h.history()), AnomalyType.FALSE_FAILURE, key("k"), late, r);
    }

    // ---------------------------------------------------------------- false-failure: claims of absence

    @Test
    void anUpdateNotFoundAfterTheKeyWasCreatedIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        h.casConflict(2, "k", 7, 2, 3); // contention, so the verdict can pass otherwise
        Op u = h.refused(1, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 4, 5);
        Verdict v = checker.check(h.history());
        assertOnly(v, AnomalyType.FALSE_FAILURE, key("k"), c, u);
        assertThat(v.anomalies().get(0).explanation()).contains("NotFound", "v1");
    }

    @Test
    void aMatchVersionWriteFindingTheKeyAbsentAfterAReadOfItIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op w = h.cas(0, "k", 1, 4, 2, 3, "t1");
        Op r = h.read(1, "k", 4, 4, 5, "t1");
        Op x = h.refused(2, OpType.WRITE, "k", 4, Outcome.CONFLICT_ABSENT, 6, 7);
        // the bound is the first op that established v4, the write
        assertOnly(checker.check(h.history()), AnomalyType.FALSE_FAILURE, key("k"), w, x);
        assertThat(r.readVersion()).isEqualTo(4);
    }

    @Test
    void aDeleteNotFoundAfterTheKeyWasCreatedIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 3, 0, 1, "t0");
        Op d = h.refused(1, OpType.DELETE, "k", 0, Outcome.NOT_FOUND, 2, 3);
        assertOnly(checker.check(h.history()), AnomalyType.FALSE_FAILURE, key("k"), c, d);
    }

    @Test
    void notFoundWhileADeleteOfTheVersionRanIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 6);
        h.refused(2, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 3, 4);
        h.refused(3, OpType.DELETE, "k", 1, Outcome.CONFLICT_ABSENT, 5, 8);
        h.refused(0, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 7, 9); // after the delete completed
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void notFoundWhileADeleteOfUnknownVersionRanIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.deleteInfo(1, "k", 0, 2, 9);
        h.refused(2, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 3, 4);
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void notFoundAfterADeleteAndBeforeTheReCreateCompletedIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 3);
        h.create(0, "k", 5, 4, 8, "t1");
        h.refused(2, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 5, 6); // the re-create was still in flight
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void notFoundWhenOnlyAnOlderIncarnationWasDeletedIsAFalseFailure() {
        // the delete of v1 completed before the re-create of v5 was invoked: it cannot have removed v5
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 3);
        Op c = h.create(0, "k", 5, 4, 5, "t1");
        h.casConflict(2, "k", 9, 4, 5); // contention
        Op u = h.refused(1, OpType.UPDATE, "k", 0, Outcome.NOT_FOUND, 6, 7);
        assertOnly(checker.check(h.history()), AnomalyType.FALSE_FAILURE, key("k"), c, u);
    }

    // ---------------------------------------------------------------- false-failure: conflicts

    @Test
    void aConflictOnTheVersionCurrentThroughoutIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = h.create(0, "k", 1, 0, 1, "t0");
        Op x = h.casConflict(1, "k", 1, 2, 3);
        Verdict v = checker.check(h.history());
        assertOnly(v, AnomalyType.FALSE_FAILURE, key("k"), c, x);
        assertThat(v.anomalies().get(0).explanation()).contains("matching v1", "Conflict");
    }

    @Test
    void aDeleteConflictOnTheVersionCurrentThroughoutIsAFalseFailure() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op w = h.update(0, "k", 1, 6, 1, 2, 3, "t1");
        Op d = h.refused(1, OpType.DELETE, "k", 6, Outcome.CONFLICT, 4, 5);
        assertOnly(checker.check(h.history()), AnomalyType.FALSE_FAILURE, key("k"), w, d);
    }

    @Test
    void aConflictWhileAnotherWriteRanIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.cas(1, "k", 1, 2, 2, 5, "t1");
        h.casConflict(2, "k", 1, 3, 4);
        h.read(0, "k", 2, 6, 7, "t1");
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void aConflictWhileAnIndeterminateOrFailedWriteOrABlindWriteRanIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.casInfo(1, "k", 1, 2, 5, "t1");
        h.casConflict(2, "k", 1, 3, 4);
        assertNoAnomaly(checker.check(h.history()));

        HistoryBuilder b = new HistoryBuilder();
        b.create(0, "k", 1, 0, 1, "t0");
        b.blind(1, "k", 0, 9, 2, 5, "t1");
        b.casConflict(2, "k", 1, 3, 4);
        assertNoAnomaly(checker.check(b.history()));

        HistoryBuilder e = new HistoryBuilder();
        e.create(0, "k", 1, 0, 1, "t0");
        e.errored(1, OpType.WRITE, "k", 1, "CONNECTION_LOST", 2, 5); // an error: it may have reached the store
        e.casConflict(2, "k", 1, 3, 4);
        assertNoAnomaly(checker.check(e.history()));
    }

    @Test
    void aConflictAfterANewerVersionOrADeleteWasSeenIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.cas(1, "k", 1, 2, 2, 3, "t1");
        h.casConflict(2, "k", 1, 4, 5); // a stale expectation: v2 was current
        h.delete(1, "k", 2, 2, 6, 7);
        h.refused(2, OpType.DELETE, "k", 2, Outcome.CONFLICT, 8, 9); // v2 was deleted before
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void aConflictWhileTheKeyWasDeletedAndReCreatedIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 0, 1, 2, 3);
        h.create(1, "k", 4, 4, 5, "t1");
        h.casConflict(2, "k", 1, 2, 6);
        assertNoAnomaly(checker.check(h.history()));
    }

    @Test
    void perKeyVersionsJudgeEachKeyOnItsOwnMutations() {
        Checker perKey = Checker.builder()
                .versionsUniqueAcrossKeys(false)
                .maxErrorRate(1)
                .build();
        HistoryBuilder h = new HistoryBuilder();
        Op a = h.create(0, "a", 1, 0, 1, "ta");
        h.create(1, "b", 1, 0, 1, "tb");
        h.cas(1, "b", 1, 2, 2, 5, "tb2"); // b's write, at the versions a has too, excuses nothing on a
        Op x = h.casConflict(2, "a", 1, 3, 4);
        h.casConflict(3, "b", 1, 3, 4); // b's own write ran: no anomaly
        assertOnly(perKey.check(h.history()), AnomalyType.FALSE_FAILURE, key("a"), a, x);
    }

    // ---------------------------------------------------------------- duplicate-apply

    @Test
    void aTokenTwiceInTheLastReadIsADuplicateApply() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op u = h.update(1, "k", 1, 2, 1, 2, 3, "t1");
        h.update(2, "k", 2, 3, 2, 2, 6, "t2"); // a retry that lost a race: contention
        Op last = h.read(0, "k", 3, 7, 8, "t0", "t1", "t2", "t1");
        Verdict v = accumulating.check(h.history());
        assertOnly(v, AnomalyType.DUPLICATE_APPLY, key("k"), u, last);
        assertThat(v.anomalies().get(0).explanation()).contains("t1", "2 times");
    }

    @Test
    void anIndeterminateUpdateAppliedTwiceIsADuplicateApply() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        Op info = h.casInfo(1, "k", 1, 2, 5, "t1");
        h.casConflict(2, "k", 1, 3, 4);
        Op last = h.read(0, "k", 9, 6, 7, "t0", "t1", "t1");
        assertOnly(accumulating.check(h.history()), AnomalyType.DUPLICATE_APPLY, key("k"), info, last);
    }

    @Test
    void everyTokenOnceIsNoDuplicateApplyAndRegistersAreNotJudged() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 1, 2, 1, 2, 3, "t1");
        h.update(2, "k", 2, 3, 2, 2, 6, "t2");
        h.read(0, "k", 3, 7, 8, "t0", "t1", "t2");
        assertNoAnomaly(accumulating.check(h.history()));

        HistoryBuilder r = new HistoryBuilder();
        r.create(0, "k", 1, 0, 1, "t0");
        r.casConflict(2, "k", 7, 2, 3);
        r.read(0, "k", 1, 4, 5, "t0", "t0"); // not an accumulating kind: multiplicity means nothing
        assertNoAnomaly(checker.check(r.history()));
    }

    // ---------------------------------------------------------------- info deletes credited only when alone

    private static List<String> infoNotes(Verdict v) {
        return v.notes().stream().filter(n -> n.contains("indeterminate")).toList();
    }

    @Test
    void anInfoDeleteIsNotCreditedWithAnAbsenceAnAcknowledgedDeleteOfTheVersionExplains() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.delete(1, "k", 1, 1, 2, 5);
        h.deleteInfo(2, "k", 0, 3, 9); // invoked later than the acknowledged delete
        h.absent(3, "k", 4, 6);
        Verdict v = checker.check(h.history());
        assertNoAnomaly(v);
        assertThat(infoNotes(v)).singleElement().asString().contains("0 were shown applied", "1 stay unresolved");
    }

    @Test
    void anInfoDeleteIsCreditedWhenItAloneExplainsAnAbsence() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.deleteInfo(2, "k", 0, 3, 9);
        h.absent(3, "k", 4, 6);
        Verdict v = checker.check(h.history());
        assertNoAnomaly(v);
        assertThat(infoNotes(v)).singleElement().asString().contains("1 were shown applied", "0 stay unresolved");

        // two of them could have: neither is shown applied
        HistoryBuilder two = new HistoryBuilder();
        two.create(0, "k", 1, 0, 1, "t0");
        two.deleteInfo(1, "k", 0, 2, 9);
        two.deleteInfo(2, "k", 0, 3, 9);
        two.absent(3, "k", 4, 6);
        Verdict w = checker.check(two.history());
        assertNoAnomaly(w);
        assertThat(infoNotes(w)).singleElement().asString().contains("0 were shown applied", "2 stay unresolved");
    }
}
