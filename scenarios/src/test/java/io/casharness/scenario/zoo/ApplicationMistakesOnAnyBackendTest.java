package io.casharness.scenario.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.cli.TestModelBackend;
import io.casharness.scenario.workload.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application-level zoo members are decorators over any store: each one, run over a backend the harness does
 * not ship (one that promises only per-key versions, as a user's store does), is caught by its anomaly — the
 * negative control that shows the gate bites on a user's database. The SQL members stay tied to their backends.
 */
class ApplicationMistakesOnAnyBackendTest {
    private static final Budget BUDGET = new Budget(600, Duration.ofSeconds(5));
    private static TestModelBackend backend;

    @BeforeAll
    static void open() {
        backend = TestModelBackend.open(Map.of());
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static Stream<String> applicationMistakes() {
        return Zoo.applicationMistakes().stream().map(ZooMember::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applicationMistakes")
    void isCaughtOverABackendTheHarnessDoesNotShip(String name) {
        ApplicationMistake member = (ApplicationMistake) Zoo.byName(name);
        assertThat(member.appliesTo(TestModelBackend.NAME)).isTrue();
        Scenario s =
                new Scenario(member.workload(), name, TestModelBackend.NAME, Topology.defaults(), BUDGET, 20261201L);
        Judgement j =
                Judgement.judge(ScenarioRunner.run(s, Workloads.byName(member.workload()), member, backend), member);
        String expected = member.expectedAnomaly(TestModelBackend.NAME);
        assertThat(j.verdict().result()).as("%s%n%s", s, j.verdict().summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(j.verdict().has(AnomalyType.fromId(expected)))
                .as("%s names %s: %s", s, expected, j.verdict().countsByType())
                .isTrue();
        assertThat(j.gate()).isEqualTo(Judgement.Gate.CAUGHT);
    }

    @Test
    void everyMemberIsEitherAnApplicationMistakeOrTiedToNamedBackends() {
        List<String> tied = Zoo.members().stream()
                .filter(m -> !m.anyBackend())
                .map(ZooMember::name)
                .toList();
        assertThat(tied)
                .containsExactlyInAnyOrder(
                        "sql-app-version-check",
                        "sqlite-deferred-rmw",
                        "version-restart",
                        "early-drawn-create",
                        "gateway-stale-retry",
                        "gateway-conflict-ok");
        for (ZooMember m : Zoo.members()) {
            assertThat(m.anyBackend()).as(m.name()).isEqualTo(m instanceof ApplicationMistake);
            assertThat(m.appliesTo(TestModelBackend.NAME)).as(m.name()).isEqualTo(m.anyBackend());
            assertThat(m.appliesTo("sqlite") || m.appliesTo("postgres"))
                    .as(m.name())
                    .isTrue();
        }
        assertThat(Zoo.byName("version-restart").where()).isEqualTo("postgres,sqlite");
        assertThat(Zoo.byName("blind-write").where()).isEqualTo("any backend");
    }
}
