package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.casharness.reports.jmh.RatioGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets profile measures every gate of bench/gates.txt with {@link AlternatingBench}: the plans derived from
 * the gates, the command line that selects them, and one tiny real run on SQLite (1 s warm-up, 2.5 s in 500 ms slices,
 * in this JVM) whose output fields are checked, with a store that loses updates as the check's negative control.
 */
class AlternatingTargetsTest {

    @Test
    void everyGateBecomesOnePlanWithBothSidesOnOneBackendAndThreadCount() {
        List<RatioGate> gates = BenchMain.gates();
        List<AlternatingTargets.Plan> plans = AlternatingTargets.plans(gates, BenchMain.BACKENDS, List.of());

        assertThat(plans).hasSameSizeAs(gates);
        AlternatingTargets.Plan pg4 = plans.stream()
                .filter(p -> p.gate().name().equals("pg-hot-4"))
                .findFirst()
                .orElseThrow();
        assertThat(pg4)
                .extracting(
                        AlternatingTargets.Plan::backend,
                        AlternatingTargets.Plan::threads,
                        AlternatingTargets.Plan::top,
                        AlternatingTargets.Plan::topBackoff,
                        AlternatingTargets.Plan::topAttempts,
                        AlternatingTargets.Plan::bottom,
                        AlternatingTargets.Plan::bottomBackoff,
                        AlternatingTargets.Plan::bottomAttempts)
                .containsExactly("postgres", 4, "store", "adaptive", 30, "atomic", "none", 10);
        assertThat(AlternatingTargets.plans(gates, List.of("sqlite"), List.of()))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.backend()).isEqualTo("sqlite"));
        assertThat(AlternatingTargets.plans(gates, BenchMain.BACKENDS, List.of("sqlite-hot-8", "pg-hot-4")))
                .extracting(p -> p.gate().name())
                .containsExactly("pg-hot-4", "sqlite-hot-8");
    }

    @Test
    void aGateWhoseSidesDifferInThreadsCannotRunInOneForkAndSaysSo() {
        List<RatioGate> mixed = RatioGate.parseRules(List.of("mixed | ContentionBench.update:goodput backend=sqlite"
                + " strategy=store keys=1 threads=4 | ContentionBench.update:goodput backend=sqlite strategy=atomic"
                + " keys=1 threads=8 | >= 0.9"));

        assertThatThrownBy(() -> AlternatingTargets.plans(mixed, BenchMain.BACKENDS, List.of()))
                .hasMessage("gate mixed: its two sides run in one fork and must share threads, were 4 and 8");
        assertThatThrownBy(() -> AlternatingTargets.plans(BenchMain.gates(), BenchMain.BACKENDS, List.of("nope")))
                .hasMessage("--gates: no gate \"nope\" in bench/gates.txt");
    }

    @Test
    void theCommandLineSetsTheTargetsTimingAndRefusesItOnOtherProfiles() {
        BenchMain.Cli cli = BenchMain.parse(new String[] {
            "targets", "--gates", "pg-hot-4,sqlite-hot-8", "-f", "1", "--slice-ms", "250", "--seconds", "10"
        });
        AlternatingTargets.Timing t = BenchMain.targetsTiming(cli, BenchMain.profile(cli));

        assertThat(cli.gates()).containsExactly("pg-hot-4", "sqlite-hot-8");
        assertThat(t).isEqualTo(new AlternatingTargets.Timing(1, 5, 10, 250));
        assertThat(t.pairsPerFork()).isEqualTo(19);
        assertThat(BenchMain.targetsTiming(
                        BenchMain.parse(new String[] {"targets"}), BenchMain.profile("targets", BenchMain.BACKENDS)))
                .isEqualTo(new AlternatingTargets.Timing(2, 5, 24, 500));
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"full", "--gates", "pg-hot-4"}))
                .hasMessage("--gates, --warmup-s and --seconds are the targets profile's, not full's");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"targets", "--seconds", "2"}))
                .hasMessageContaining("--seconds 2 holds fewer than 5 slices");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"targets", "--slice-ms", "0"}))
                .hasMessage("--slice-ms takes a whole number from 1 to 60000, was \"0\"");
    }

    @Test
    void aTinyRealRunOnSqliteWritesEveryFieldAndATheStoreThatLosesUpdatesIsBroken(@TempDir Path dir) throws Exception {
        List<RatioGate> rules = RatioGate.parseRules(
                List.of(
                        "smoke-store | ContentionBench.update:goodput backend=sqlite strategy=store backoff=adaptive keys=1"
                                + " maxAttempts=30 threads=2 | ContentionBench.update:goodput backend=sqlite"
                                + " strategy=atomic keys=1 threads=2 | >= 0.01",
                        // negative control: the side that writes without a condition loses updates, so the check must
                        // fail
                        "smoke-blind | ContentionBench.update:goodput backend=sqlite strategy=blind keys=1 threads=2"
                                + " | ContentionBench.update:goodput backend=sqlite strategy=atomic keys=1 threads=2 | >= 0.01"));
        List<AlternatingTargets.Plan> plans = AlternatingTargets.plans(rules, List.of("sqlite"), List.of());

        int exit = AlternatingTargets.run(dir, plans, new AlternatingTargets.Timing(0, 1, 3, 500), new String[0]);

        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("targets/gates.json").toFile());
        JsonNode store = json.path("gates").get(0);
        assertThat(store.path("name").asText()).isEqualTo("smoke-store");
        assertThat(store.path("checks").path("top").asText()).isEqualTo("OK");
        assertThat(store.path("checks").path("bottom").asText()).isEqualTo("OK");
        assertThat(store.path("pairs").asInt())
                .as("3 s of 500 ms slices: 2 whole pairs")
                .isEqualTo(2);
        assertThat(store.path("forks").asInt()).isEqualTo(1);
        assertThat(store.path("ratio").asDouble()).isPositive();
        assertThat(store.path("low").asDouble())
                .isLessThanOrEqualTo(store.path("high").asDouble());
        assertThat(store.path("totals").path("topSuccesses").asLong()).isPositive();
        assertThat(store.path("totals").path("bottomNanos").asLong()).isEqualTo(2 * 500_000_000L);
        assertThat(store.has("loadAtStart")).isTrue();
        JsonNode blind = json.path("gates").get(1);
        assertThat(blind.path("checks").path("top").asText()).isEqualTo("BROKEN");
        assertThat(blind.path("status").asText()).isEqualTo("BROKEN");
        assertThat(exit).as("a BROKEN side fails the run").isEqualTo(1);
        String md = Files.readString(dir.resolve("targets-summary.md"));
        assertThat(md)
                .contains("| smoke-store | ≥ 0.01 |")
                .contains("| smoke-blind |")
                .contains("BROKEN");
    }
}
