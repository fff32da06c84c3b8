package io.casharness.scenario.zoo.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.grpc.GatewayHandler;
import io.casharness.scenario.Budget;
import io.casharness.scenario.Hooks;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.StoreUnderTest;
import io.casharness.scenario.Topology;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryBackend;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway members: their handlers do what their names say to a scripted stale write, they reach the zoo through
 * {@code META-INF/services}, and the wiring they run through (one gateway per replica, over the run's backend)
 * passes the member's workload with the reference handler — so a catch is the handler's mistake, not the wiring's.
 * That each member is caught on every backend is {@code ZooMembersAreCaughtTest}'s, with every other member.
 */
class GatewayMistakesTest {
    private static final ObjectKey KEY = ObjectKey.of("gw", "k");
    private static final List<String> MEMBERS = List.of("gateway-stale-retry", "gateway-conflict-ok");

    private static ObjectSpec spec(String payload) {
        return ObjectSpec.of(KEY, payload.getBytes(UTF_8));
    }

    @Test
    void membersAreInTheZooForEveryReferenceBackendAndGatewaysAndAreServeModes() {
        assertThat(Zoo.names()).containsAll(MEMBERS);
        for (String name : MEMBERS) {
            ZooMember m = Zoo.byName(name);
            assertThat(m.where()).isEqualTo("grpc,http,memory,postgres,sqlite");
            assertThat(GatewayMistakes.handler(name))
                    .as("serve --mode " + name)
                    .hasValueSatisfying(h -> assertThat(h.mode()).isEqualTo(name));
            assertThat(m.workload()).isEqualTo("append");
            assertThat(m.expectedAnomaly("sqlite")).isEqualTo("lost-update");
            assertThat(m.exposedBy()).isNull();
        }
        assertThat(GatewayMistakes.names()).containsExactlyElementsOf(MEMBERS);
        assertThat(GatewayMistakes.handler("reference"))
                .as("a documented mode is not a zoo member")
                .isEmpty();
    }

    @Test
    void staleRetryWritesTheRequestsPayloadOverANewerVersion() {
        try (MemoryBackend backend = new MemoryBackend();
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            long read = ((Written) store.put(spec("v1"), WriteCondition.mustCreate()))
                    .object()
                    .resourceVersion();
            store.put(spec("a newer write"), WriteCondition.matchVersion(read));
            PutOutcome out = new StaleRetry.Handler().update(store, spec("stale copy"), read);
            assertThat(out).isInstanceOf(Written.class);
            assertThat(new String(store.get(KEY).orElseThrow().payload(), UTF_8))
                    .isEqualTo("stale copy");
            // the reference handler answers the same request with the conflict and keeps the newer write
            store.put(spec("a newer write"), WriteCondition.unconditional());
            assertThat(GatewayHandler.reference().update(store, spec("stale copy"), read))
                    .isInstanceOf(Conflict.class);
            assertThat(new String(store.get(KEY).orElseThrow().payload(), UTF_8))
                    .isEqualTo("a newer write");
        }
    }

    @Test
    void conflictOkAnswersALostWriteWithAMadeUpObject() {
        try (MemoryBackend backend = new MemoryBackend();
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            long read = ((Written) store.put(spec("v1"), WriteCondition.mustCreate()))
                    .object()
                    .resourceVersion();
            long newer = ((Written) store.put(spec("a newer write"), WriteCondition.matchVersion(read)))
                    .object()
                    .resourceVersion();
            PutOutcome out = new ConflictOk.Handler().update(store, spec("never written"), read);
            assertThat(out).isInstanceOf(Written.class);
            assertThat(((Written) out).object().resourceVersion()).isEqualTo(read + 1);
            assertThat(store.get(KEY).orElseThrow().resourceVersion()).isEqualTo(newer);
            assertThat(new String(store.get(KEY).orElseThrow().payload(), UTF_8))
                    .isEqualTo("a newer write");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gateway-stale-retry", "gateway-conflict-ok"})
    void theMembersWiringWithTheReferenceHandlerPasses(String member) {
        ZooMember m = Zoo.byName(member);
        StoreUnderTest control = new StoreUnderTest() {
            @Override
            public String name() {
                return "gateway-reference";
            }

            @Override
            public boolean appliesTo(String backend) {
                return true;
            }

            @Override
            public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
                return PausingStore.wrap(
                        GatewayMistake.throughGateway(backend, options, GatewayHandler.reference()), replica, hooks);
            }
        };
        try (MemoryBackend backend = new MemoryBackend()) {
            Scenario s = new Scenario(
                    m.workload(), control.name(), backend.name(), Topology.defaults(), Budget.defaults(), 20261201L);
            Judgement j =
                    Judgement.judge(ScenarioRunner.run(s, Workloads.byName(m.workload()), control, backend), null);
            assertThat(j.gate()).as(j.verdict().summary()).isEqualTo(Judgement.Gate.PASS);
            // and the member itself, on the same scenario, is caught
            Scenario caught = new Scenario(
                    m.workload(), m.name(), backend.name(), Topology.defaults(), Budget.defaults(), 20261201L);
            Judgement k = Judgement.judge(ScenarioRunner.run(caught, Workloads.byName(m.workload()), m, backend), m);
            assertThat(k.gate()).as(k.verdict().summary()).isEqualTo(Judgement.Gate.CAUGHT);
        }
    }
}
