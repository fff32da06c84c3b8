package io.casharness.scenario.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker's one reading of outcome names. */
class OutcomesTest {
    private static Op failed(String outcome) {
        return new Op(
                0,
                0,
                0,
                0,
                OpType.UPDATE,
                "kind",
                "k",
                Condition.MATCH_VERSION,
                1,
                Status.FAIL,
                outcome,
                0,
                1,
                1,
                0,
                "t",
                List.of(),
                null,
                null,
                1,
                null);
    }

    @Test
    void refusalsAreTheStoresAnswersNotErrors() {
        for (String o : List.of(
                "Conflict", "Conflict(absent)", "AlreadyExists(KEY)", "AlreadyExists(NAME)", "NotFound", "Exhausted")) {
            assertThat(Outcomes.isRefused(failed(o))).as(o).isTrue();
        }
        assertThat(Outcomes.isRefused(failed("CONNECTION_LOST"))).isFalse();
        assertThat(Outcomes.isLostRace(failed("NotFound"))).isFalse();
        assertThat(Outcomes.isLostRace(failed("AlreadyExists(NAME)"))).isTrue();
    }

    @Test
    void eachClaimIsToldApart() {
        assertThat(Outcomes.claimsAbsent(failed("NotFound"))).isTrue();
        assertThat(Outcomes.claimsAbsent(failed("Conflict(absent)"))).isTrue();
        assertThat(Outcomes.claimsAbsent(failed("Conflict"))).isFalse();
        assertThat(Outcomes.isConflictPresent(failed("Conflict"))).isTrue();
        assertThat(Outcomes.isConflictPresent(failed("Conflict(absent)"))).isFalse();
        assertThat(Outcomes.isKeyTaken(failed("AlreadyExists(KEY)"))).isTrue();
        assertThat(Outcomes.isKeyTaken(failed("AlreadyExists(NAME)"))).isFalse();
        assertThat(Outcomes.isExhausted(failed("Exhausted"))).isTrue();
    }
}
