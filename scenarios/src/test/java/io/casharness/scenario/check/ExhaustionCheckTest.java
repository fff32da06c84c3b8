package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The checks of the exhaustion workload: a history of an exhaustion kind with no {@code Exhausted} update proves
 * nothing about the give-up path ({@code UNKNOWN}), and the verdict states how many ran out; an {@code Exhausted}
 * update whose last attempt was written is a {@code false-failure} (exhausted-by-count); an {@code Updated} update
 * claiming another writer's version is a {@code duplicate-version} (conflict-as-written).
 */
class ExhaustionCheckTest {
    private static final String KIND = "exhaustion";

    private final Checker checker =
            Checker.builder().accumulatingKinds(KIND).exhaustionKinds(KIND).build();

    private static Op exhausted(HistoryBuilder h, int p, long base, long t0, long t1, String token) {
        return h.add(
                p,
                Op.of(OpType.UPDATE, KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(base)
                        .readVersion(base)
                        .outcome(Outcome.EXHAUSTED)
                        .token(token)
                        .attempts(2),
                t0,
                t1);
    }

    /** Two updates racing from v1: one wins at v2, the other retries to v3. */
    private static HistoryBuilder twoUpdates() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        h.create(0, "k", 1, 0, 1, "t0");
        h.update(1, "k", 1, 2, 1, 2, 4, "u1");
        h.update(2, "k", 2, 3, 2, 3, 6, "u2");
        return h;
    }

    @Test
    void withoutAnExhaustedUpdateTheVerdictIsUnknownAndSaysWhy() {
        HistoryBuilder h = twoUpdates();
        h.read(0, "k", 3, 7, 8, "t0", "u1", "u2");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).isEmpty();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
        assertThat(v.notes())
                .contains("exhaustion: 0 of 2 updates of [exhaustion] ran out of attempts (Exhausted); each must have"
                        + " changed nothing")
                .anySatisfy(n -> assertThat(n).startsWith("unknown: no update of [exhaustion] ran out of attempts"));
        // the same history of a kind that is not an exhaustion kind passes
        Verdict plain = Checker.builder().accumulatingKinds(KIND).build().check(h.history());
        assertThat(plain.result()).as(plain.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(plain.notes()).noneMatch(n -> n.startsWith("exhaustion"));
    }

    @Test
    void anExhaustedUpdateThatChangedNothingPassesAndIsCounted() {
        HistoryBuilder h = twoUpdates();
        exhausted(h, 3, 2, 3, 7, "x3");
        h.read(0, "k", 3, 8, 9, "t0", "u1", "u2");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.contention().exhausted()).isEqualTo(1);
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).startsWith("exhaustion: 1 of 3 updates"));
    }

    @Test
    void anExhaustedUpdateWhoseLastAttemptWasWrittenIsAFalseFailure() {
        HistoryBuilder h = twoUpdates();
        Op x = exhausted(h, 3, 3, 3, 9, "x3"); // its second attempt wrote v4 and it reported Exhausted
        h.update(1, "k", 4, 5, 1, 10, 11, "u4");
        Op last = h.read(0, "k", 5, 12, 13, "t0", "u1", "u2", "x3", "u4");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        Anomaly a = v.anomalies().stream()
                .filter(an -> an.type() == AnomalyType.FALSE_FAILURE)
                .findFirst()
                .orElseThrow();
        assertThat(a.why().reason()).isEqualTo("false-failure.refused-but-applied");
        assertThat(a.ops()).containsExactly(x, last);
    }

    @Test
    void anUpdatedUpdateClaimingAnotherWritersVersionIsADuplicateVersion() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        h.create(0, "k", 1, 0, 1, "t0");
        Op winner = h.update(1, "k", 1, 2, 1, 2, 4, "u1");
        Op claimed = h.update(2, "k", 1, 2, 2, 3, 6, "u2"); // lost both attempts, reported the winner's v2
        exhausted(h, 3, 2, 5, 7, "x3");
        h.read(0, "k", 2, 8, 9, "t0", "u1");
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        Anomaly a = v.anomalies().stream()
                .filter(an -> an.type() == AnomalyType.DUPLICATE_VERSION)
                .findFirst()
                .orElseThrow();
        assertThat(a.ops()).containsExactly(winner, claimed);
    }
}
