package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Topology;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim: every gateway mode keeps the store contract for a client that sends the versions it read. Every workload
 * of the main job runs, with the default topology and budget, on the model served by three in-process gateways in the
 * mode, and each verdict must be PASS with its evidence (the gate's own rule, {@link Judgement#gate()}). The
 * negative controls are {@link SentinelClientScenarioTest} (the sentinel modes lose the updates of a client that
 * sends 0) and the gateway members of the bug zoo (a mistaken handler is caught through the same path).
 *
 * <p>Run: {@code ./mvnw -pl cas-grpc test -Dtest=GatewayModesScenarioTest}. Each verdict is printed.
 */
class GatewayModesScenarioTest {
    static final long SEED = 20261201L;

    static Stream<String> modes() {
        return GatewayModes.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void everyWorkloadPassesThroughGatewaysInTheMode(String mode) {
        List<String> failed = new ArrayList<>();
        try (LocalGateways gateways = LocalGateways.start(new MemoryBackend(), 3, GatewayModes.byName(mode))) {
            assertThat(gateways.client().mode()).isEqualTo(mode);
            Suite.Plan plan = new Suite.Plan(
                    List.of(gateways.name()),
                    Workloads.names(),
                    List.of(Suite.ownStore(gateways.name())),
                    Topology.defaults(),
                    Budget.defaults(),
                    SEED);
            for (Scenario s : plan.scenarios()) {
                Judgement j = Suite.runOne(s, gateways, () -> false);
                System.err.printf(
                        "  mode %-16s %-16s %-8s %s%n",
                        mode,
                        s.workload(),
                        j.status(),
                        j.verdict().summary().lines().findFirst().orElse(""));
                if (j.gate() != Judgement.Gate.PASS) {
                    failed.add(s.workload() + ": " + j.status() + "\n"
                            + j.verdict().summary());
                }
            }
        }
        assertThat(failed)
                .as("runs through gateways in mode %s that did not PASS", mode)
                .isEmpty();
    }
}
