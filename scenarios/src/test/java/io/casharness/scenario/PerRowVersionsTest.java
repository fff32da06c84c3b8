package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stores whose versions restart per row ({@code Backend.versionsRiseAcrossIncarnations()} false). The mistake —
 * per-row versions with nothing to tell incarnations apart ({@code version-restart}) — is caught on every seed by
 * the harm it does, {@code aba} (each stale write or delete that landed on a newer incarnation, citing its
 * process's sight of the version, the delete and the op), beside one {@code versions-restart} per key, and nothing
 * else; judged without the declaration, the same history still fails, led by the restart, not a flood. A correct
 * per-row store that guards re-creates with a uid in its versions ({@link UidGuardedBackend}, its own store under test) passes as a store under
 * test, on every backend, though its re-created objects often start below their key's past.
 */
@ExtendWith(SharedBackends.class)
class PerRowVersionsTest {
    /** The main job's default budget (1,000 ops, 5 s): the member must be caught on every seed within it. */
    static final Budget BUDGET = Budget.defaults();

    static final Set<AnomalyType> RESTART_FINDINGS = Set.of(AnomalyType.ABA, AnomalyType.VERSIONS_RESTART);

    static Stream<Arguments> memberRuns() {
        ZooMember m = Zoo.byName("version-restart");
        return SharedBackends.NAMES.stream()
                .filter(m::appliesTo)
                .flatMap(b -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(b, seed)));
    }

    @ParameterizedTest(name = "version-restart on {0}, seed {1}")
    @MethodSource("memberRuns")
    void perRowVersionsWithoutAGuardAreCaughtByTheirStaleWritesAndNamedOnce(
            String backendName, long seed, SharedBackends.Pool backends) {
        ZooMember member = Zoo.byName("version-restart");
        Scenario s = new Scenario(member.workload(), member.name(), backendName, Topology.defaults(), BUDGET, seed);
        RunResult run = ScenarioRunner.run(s, Workloads.byName(member.workload()), member, backends.get(backendName));
        assertThat(run.versionsRiseAcrossIncarnations())
                .as("the member declares per-row versions")
                .isFalse();
        Judgement j = Judgement.judge(run, member);
        Evidence.attach(j);
        Verdict v = j.verdict();
        assertThat(j.gate()).as(v.summary()).isEqualTo(Judgement.Gate.CAUGHT);
        Map<AnomalyType, Integer> counts = v.countsByType();
        assertThat(counts.keySet()).as(v.summary()).isEqualTo(RESTART_FINDINGS);
        assertThat(counts.get(AnomalyType.VERSIONS_RESTART))
                .as("one per key at most")
                .isBetween(1, Topology.defaults().keys());
        for (Anomaly a : v.anomalies()) {
            if (a.type() == AnomalyType.ABA) {
                assertStaleMatch(a);
            }
        }
        assertThat(v.notes()).anyMatch(n -> n.startsWith("not reported apart: "));

        // without the declaration the contract says versions rise: still a FAIL, led by the restart, not a flood
        Verdict rising = Judgement.checker(false, true).check(run.history());
        assertThat(rising.result()).isEqualTo(Verdict.Result.FAIL);
        assertThat(rising.countsByType().keySet()).as(rising.summary()).isEqualTo(RESTART_FINDINGS);
        assertThat(rising.countsByType().get(AnomalyType.VERSIONS_RESTART))
                .isBetween(1, Topology.defaults().keys());
        assertThat(rising.countsByType().get(AnomalyType.ABA)).isEqualTo(counts.get(AnomalyType.ABA));
    }

    /** The harm: an acknowledged match-version write or delete after a delete its process's sight of it preceded. */
    private static void assertStaleMatch(Anomaly a) {
        assertThat(a.ops()).as(a.explanation()).hasSize(3);
        Op seen = a.ops().get(0);
        Op delete = a.ops().get(1);
        Op stale = a.ops().get(2);
        assertThat(stale.status()).isEqualTo(Op.Status.OK);
        assertThat(stale.condition()).isEqualTo(Op.Condition.MATCH_VERSION);
        assertThat(stale.process()).isEqualTo(seen.process());
        assertThat(delete.type()).isEqualTo(Op.OpType.DELETE);
        assertThat(delete.status()).isEqualTo(Op.Status.OK);
        assertThat(seen.completeNanos()).isLessThan(delete.invokeNanos());
        assertThat(delete.completeNanos()).isLessThan(stale.invokeNanos());
        assertThat(a.why().reason()).isEqualTo("aba.stale-match");
    }

    static Stream<Arguments> guardedRuns() {
        return Stream.concat(
                SharedBackends.NAMES.stream().map(b -> Arguments.of("delete-race", b)),
                Stream.of(Arguments.of("register", "memory"), Arguments.of("append", "sqlite")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("guardedRuns")
    void aPerRowStoreThatGuardsReCreatesWithAUidPasses(
            String workload, String backendName, SharedBackends.Pool backends) {
        Backend backend = new UidGuardedBackend(backends.get(backendName));
        Scenario s = new Scenario(
                workload, "reference", backendName, Topology.defaults(), BUDGET, ReferenceStorePassesTest.SEED);
        RunResult run = ScenarioRunner.run(s, Workloads.byName(workload), StoreUnderTest.REFERENCE, backend);
        assertThat(run.versionsRiseAcrossIncarnations())
                .as("the backend declares per-row versions")
                .isFalse();
        Judgement j = Judgement.judge(run, null);
        Evidence.attach(j);
        assertThat(j.gate()).as(j.verdict().summary()).isEqualTo(Judgement.Gate.PASS);
        if (workload.equals("delete-race")) {
            // the declaration is what it passes on: held to rising versions, its re-creates below the past fail
            Verdict rising = Judgement.checker(false, true).check(run.history());
            assertThat(rising.has(AnomalyType.VERSIONS_RESTART))
                    .as(rising.summary())
                    .isTrue();
        }
    }
}
