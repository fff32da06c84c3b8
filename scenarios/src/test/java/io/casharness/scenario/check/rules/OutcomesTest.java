package io.casharness.scenario.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker's one reading of outcomes. */
class OutcomesTest {
    private static Op failed(Outcome outcome) {
        return Op.update("kind", "k")
                .expectedVersion(1)
                .readVersion(1)
                .token("t")
                .outcome(outcome)
                .build();
    }

    private static Op errored(String errorClass) {
        return Op.update("kind", "k")
                .expectedVersion(1)
                .readVersion(1)
                .token("t")
                .error(errorClass, "failed")
                .build();
    }

    @Test
    void refusalsAreTheStoresAnswersNotErrors() {
        for (Outcome o : List.of(
                Outcome.CONFLICT,
                Outcome.CONFLICT_ABSENT,
                Outcome.ALREADY_EXISTS_KEY,
                Outcome.ALREADY_EXISTS_NAME,
                Outcome.NOT_FOUND,
                Outcome.EXHAUSTED)) {
            assertThat(Outcomes.isRefused(failed(o))).as(o.name()).isTrue();
        }
        assertThat(Outcomes.isRefused(errored("CONNECTION_LOST"))).isFalse();
        assertThat(Outcomes.isLostRace(failed(Outcome.NOT_FOUND))).isFalse();
        assertThat(Outcomes.isLostRace(failed(Outcome.ALREADY_EXISTS_NAME))).isTrue();
    }

    @Test
    void eachClaimIsToldApart() {
        assertThat(Outcomes.claimsAbsent(failed(Outcome.NOT_FOUND))).isTrue();
        assertThat(Outcomes.claimsAbsent(failed(Outcome.CONFLICT_ABSENT))).isTrue();
        assertThat(Outcomes.claimsAbsent(failed(Outcome.CONFLICT))).isFalse();
        assertThat(Outcomes.isConflictPresent(failed(Outcome.CONFLICT))).isTrue();
        assertThat(Outcomes.isConflictPresent(failed(Outcome.CONFLICT_ABSENT))).isFalse();
        assertThat(Outcomes.isKeyTaken(failed(Outcome.ALREADY_EXISTS_KEY))).isTrue();
        assertThat(Outcomes.isKeyTaken(failed(Outcome.ALREADY_EXISTS_NAME))).isFalse();
        assertThat(Outcomes.isExhausted(failed(Outcome.EXHAUSTED))).isTrue();
    }
}
