package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.workload.Workload;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.Backend;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference store gives PASS — no anomaly, and contention achieved — for every workload on every backend
 * (memory, SQLite, embedded PostgreSQL; and an external PostgreSQL when {@code CAS_PG_URL} is set). The negative
 * controls are in {@link ZooMembersAreCaughtTest}: the same workloads and checker catch every zoo member.
 */
@ExtendWith(SharedBackends.class)
class ReferenceStorePassesTest {
    static final Topology TOPOLOGY = Topology.defaults();
    static final Budget BUDGET = new Budget(500, Duration.ofSeconds(4));
    static final long SEED = 20261125L;

    static Stream<Arguments> cases() {
        return SharedBackends.NAMES.stream()
                .flatMap(b -> Workloads.names().stream().map(w -> Arguments.of(b, w)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void referenceStorePasses(String backendName, String workloadName, SharedBackends.Pool backends) {
        Backend backend = backends.get(backendName);
        assertPasses(backend, workloadName);
    }

    @ParameterizedTest(name = "{0} on external postgres")
    @MethodSource("io.casharness.scenario.workload.Workloads#names")
    void referenceStorePassesOnExternalPostgres(String workloadName, SharedBackends.Pool backends) {
        assumeTrue(
                SharedBackends.externalPostgresUrl() != null,
                "CAS_PG_URL / -Dcas.pg.url not set: no external PostgreSQL");
        assertPasses(backends.external(), workloadName);
    }

    private static void assertPasses(Backend backend, String workloadName) {
        Workload workload = Workloads.byName(workloadName);
        Scenario s = new Scenario(workloadName, "reference", backend.name(), TOPOLOGY, BUDGET, SEED);
        Judgement j = Judgement.judge(ScenarioRunner.run(s, workload, StoreUnderTest.REFERENCE, backend), null);
        Evidence.attach(j);
        assertThat(j.verdict().result()).as("%s%n%s", s, j.verdict().summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(j.verdict().contention().any()).as("contention achieved").isTrue();
        assertThat(j.run().errors())
                .as("store errors; first: %s", j.run().firstError())
                .isZero();
    }
}
