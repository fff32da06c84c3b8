package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Topology;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim: every gateway mode keeps the store contract for a client that sends the versions it read. Workloads of
 * the main job run, with the default topology and budget, through three in-process gateways in the mode, and each
 * verdict must be PASS with its evidence (the gate's own rule, {@link Judgement#gate()}): every workload over the
 * model, and over SQLite and PostgreSQL the workloads whose writes go through a mode's update (the modes differ only
 * there). The negative controls are {@link SentinelClientScenarioTest} (the sentinel modes lose the updates of a
 * client that sends 0) and the gateway members of the bug zoo (a mistaken handler is caught through the same path).
 *
 * <p>Run: {@code ./mvnw -pl cas-grpc test -Dtest=GatewayModesScenarioTest} (PostgreSQL: {@code CAS_PG_URL}, else
 * embedded). Each verdict is printed.
 */
class GatewayModesScenarioTest {
    static final long SEED = 20261201L;

    /** The workloads whose writes are updates: where a mode's handler is what runs. */
    static final List<String> UPDATE_WORKLOADS = List.of("append", "merge", "update-vs-delete", "exhaustion");

    private static final Borrowed.Databases DATABASES = new Borrowed.Databases();

    static Stream<Arguments> cases() {
        return Borrowed.Databases.NAMES.stream()
                .flatMap(b -> GatewayModes.names().stream().map(m -> Arguments.of(m, b)));
    }

    @AfterAll
    static void closeDatabases() {
        DATABASES.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void workloadsPassThroughGatewaysInTheMode(String mode, String backendName) {
        Backend served = DATABASES.lend(backendName);
        List<String> workloads = backendName.equals("memory") ? Workloads.names() : UPDATE_WORKLOADS;
        List<String> failed = new ArrayList<>();
        try (LocalGateways gateways = LocalGateways.start(served, 3, GatewayModes.byName(mode))) {
            assertThat(gateways.client().mode()).isEqualTo(mode);
            assertThat(gateways.client().servedBackend()).isEqualTo(backendName);
            Suite.Plan plan = new Suite.Plan(
                    List.of(gateways.name()),
                    workloads,
                    List.of(Suite.ownStore(gateways.name())),
                    Topology.defaults(),
                    Budget.defaults(),
                    SEED);
            for (Scenario s : plan.scenarios()) {
                Judgement j = Suite.runOne(s, gateways, () -> false);
                System.err.printf(
                        "  mode %-16s %-8s %-16s %-8s %s%n",
                        mode,
                        backendName,
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
                .as("runs through gateways in mode %s over %s that did not PASS", mode, backendName)
                .isEmpty();
    }
}
