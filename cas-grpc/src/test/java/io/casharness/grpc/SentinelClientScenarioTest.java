package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Hooks;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.StoreUnderTest;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim: "expected version 0 = use current" does not protect a client that read earlier. A client that reads,
 * then sends its update with 0 ({@link SentinelClient}), runs the append workload against three gateways in each
 * sentinel mode, over the model, SQLite and PostgreSQL; the checker must catch a {@code lost-update} in every run (retrying in the gateway does not help:
 * the client's read is what goes stale). The same client against a gateway that refuses 0 gets every update refused
 * and loses nothing. The modes' passing runs with a client that sends real versions are
 * {@link GatewayModesScenarioTest}.
 */
class SentinelClientScenarioTest {
    private static final String CLIENT = "sentinel-client";
    private static final String WORKLOAD = "append";

    private static final Borrowed.Databases DATABASES = new Borrowed.Databases();

    static Stream<Arguments> sentinelModes() {
        return Borrowed.Databases.NAMES.stream()
                .flatMap(b -> GatewayModes.names().stream()
                        .filter(m -> m.startsWith("sentinel"))
                        .map(m -> Arguments.of(m, b)));
    }

    @AfterAll
    static void closeDatabases() {
        DATABASES.close();
    }

    /** The sentinel client as a store under test: replica r reads through a harness replica, writes to gateway r. */
    private static StoreUnderTest sentinelClient(LocalGateways gateways) {
        return new StoreUnderTest() {
            @Override
            public String name() {
                return CLIENT;
            }

            @Override
            public boolean appliesTo(String backend) {
                return true;
            }

            @Override
            public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
                List<GatewayServer> servers = gateways.servers();
                CasStore client = new SentinelClient(
                        backend.openReplica(options), servers.get(Math.floorMod(replica, servers.size())));
                return PausingStore.wrap(client, replica, hooks);
            }
        };
    }

    private static Judgement run(String mode, String backend) {
        try (LocalGateways gateways = LocalGateways.start(DATABASES.lend(backend), 3, GatewayModes.byName(mode))) {
            Scenario s = new Scenario(
                    WORKLOAD,
                    CLIENT,
                    gateways.name(),
                    Topology.defaults(),
                    Budget.defaults(),
                    GatewayModesScenarioTest.SEED);
            RunResult run = ScenarioRunner.run(s, Workloads.byName(WORKLOAD), sentinelClient(gateways), gateways);
            Judgement j = Judgement.judge(run, null);
            System.err.printf(
                    "  sentinel client, mode %-16s %-8s %-8s %s %s%n",
                    mode,
                    backend,
                    j.status(),
                    j.verdict().summary().lines().findFirst().orElse(""),
                    j.verdict().countsByType());
            return j;
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("sentinelModes")
    void aClientThatSendsZeroAfterReadingLosesUpdates(String mode, String backend) {
        Judgement j = run(mode, backend);
        assertThat(j.gate()).as(j.verdict().summary()).isEqualTo(Judgement.Gate.BUG);
        assertThat(j.verdict().has(AnomalyType.LOST_UPDATE))
                .as(j.verdict().summary())
                .isTrue();
    }

    @Test
    void aGatewayThatRefusesZeroRefusesEveryUpdateOfTheSentinelClient() {
        Judgement j = run("one-attempt", "memory");
        List<Op> updates = j.run().history().ops().stream()
                .filter(op -> op.process() < Topology.defaults().processes() && op.isWrite())
                .toList();
        assertThat(updates).isNotEmpty();
        assertThat(updates).allSatisfy(op -> {
            assertThat(op.status()).isEqualTo(Op.Status.FAIL);
            assertThat(op.error()).contains("expected_version must be >= 1, was 0");
        });
        assertThat(j.verdict().has(AnomalyType.LOST_UPDATE)).isFalse();
    }
}
