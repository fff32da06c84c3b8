package io.casharness.scenario.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fault plan is validated at the door, with messages that name the value and the bound, and replays exactly. */
class FaultPlanTest {
    @Test
    void anUnknownFaultIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> new FaultPlan(List.of("kill", "nope"), FaultPlan.DEFAULT_INTERVAL, 0.05, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--faults: unknown fault \"nope\"; known are kill, restart, pause, lock-storm,"
                        + " ack-loss, slow, crash");
    }

    @Test
    void aRepeatedFaultAnIntervalOutOfBoundsAndARateOutOfBoundsAreRefused() {
        assertThatThrownBy(() -> new FaultPlan(List.of("kill", "kill"), FaultPlan.DEFAULT_INTERVAL, 0.05, false))
                .hasMessage("--faults names \"kill\" twice");
        assertThatThrownBy(() -> new FaultPlan(List.of("kill"), Duration.ofMillis(49), 0.05, false))
                .hasMessage("--fault-interval must be between 50 ms and 10 min, was 49 ms");
        assertThatThrownBy(() -> new FaultPlan(List.of("kill"), FaultPlan.DEFAULT_INTERVAL, 0, false))
                .hasMessage("--fault-rate must be in (0, 1], was 0.0");
    }

    @Test
    void thePlanReplaysAsTheArgumentsThatGaveIt() {
        FaultPlan plan = new FaultPlan(List.of("pause", "kill"), Duration.ofMillis(250), 0.05, true);
        assertThat(plan.replayArgs()).isEqualTo(" --faults pause,kill --fault-interval 250ms --allow-restart");
        assertThat(plan.describe()).isEqualTo("pause,kill every ~250 ms, restart allowed on any server");
        assertThat(FaultPlan.NONE.replayArgs()).isEmpty();
        assertThat(FaultPlan.NONE.describe()).isNull();
    }
}
