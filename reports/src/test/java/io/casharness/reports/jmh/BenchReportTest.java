package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gates on goodput, by profile, with the bootstrap interval; cells and gates as Allure results. */
class BenchReportTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BenchReportTest.class.getResource("/jmh/" + name).toURI());
    }

    private static List<RatioGate> gates() throws Exception {
        return RatioGate.parseRules(Files.readAllLines(Path.of("..", "bench", "gates.txt")));
    }

    @Test
    void gatesCompareGoodputNotThePrimaryScore() throws Exception {
        List<JmhResult> sweep = JmhJson.read(resource("sweep.json"));
        RatioGate gate = RatioGate.parseRules(List.of("g | ContentionBench.update:goodput backend=sqlite"
                        + " strategy=store backoff=adaptive keys=1 threads=8 | ContentionBench.update:goodput"
                        + " backend=sqlite strategy=atomic keys=1 threads=8 | >= 0.5"))
                .get(0);
        JmhResult store =
                sweep.stream().filter(gate.numerator()::matches).findFirst().orElseThrow();
        JmhResult atomic =
                sweep.stream().filter(gate.denominator()::matches).findFirst().orElseThrow();

        RatioGate.Evaluation e = gate.evaluate(sweep, Optional.empty(), 0.2);

        assertThat(gate.numerator().metric()).isEqualTo("goodput");
        assertThat(e.ratio()).isEqualTo(store.secondaryScore("goodput") / atomic.secondaryScore("goodput"));
        assertThat(e.ratio()).isNotEqualTo(store.score() / atomic.score());
    }

    @Test
    void aRunWithForksGetsABootstrapIntervalAroundItsRatio() throws Exception {
        List<JmhResult> sweep = JmhJson.read(resource("sweep.json"));

        BenchReport report = BenchReport.of(sweep, Optional.empty(), gates(), 0.2);

        assertThat(report.gates()).allSatisfy(e -> {
            assertThat(e.interval()).as(e.gate().name()).isPresent();
            assertThat(e.interval().get().pairs()).isEqualTo(3);
            assertThat(e.interval().get().low()).isLessThanOrEqualTo(e.ratio());
            assertThat(e.interval().get().high()).isGreaterThanOrEqualTo(e.ratio());
        });
        // the same report twice: the same intervals (the resampling is seeded)
        assertThat(BenchReport.of(sweep, Optional.empty(), gates(), 0.2)
                        .gates()
                        .get(0)
                        .interval())
                .isEqualTo(report.gates().get(0).interval());
    }

    @Test
    void bootstrapNeedsTwoPairsAndAPositiveDenominator() {
        assertThat(Bootstrap.pairedRatio(List.of(1.0), List.of(2.0), 1)).isEmpty();
        assertThat(Bootstrap.pairedRatio(List.of(1.0, 1.0), List.of(0.0, 0.0), 1))
                .isEmpty();
        Bootstrap.Interval same = Bootstrap.pairedRatio(List.of(2.0, 4.0, 6.0), List.of(1.0, 2.0, 3.0), 1)
                .orElseThrow();
        // every pair has ratio 2, so every resample does
        assertThat(same.low()).isEqualTo(2.0);
        assertThat(same.high()).isEqualTo(2.0);
    }

    @Test
    void onTheSmokeProfileNothingIsGatedNotEvenARegression() throws Exception {
        List<JmhResult> smoke = JmhJson.read(resource("smoke.json"));
        // a rule the smoke run can evaluate: store/adaptive over atomic at 2 threads, against a baseline that was 3x
        List<RatioGate> rules = RatioGate.parseRules(List.of("smoke-2 | ContentionBench.update:goodput"
                + " backend=sqlite strategy=store backoff=adaptive keys=1 threads=2 | ContentionBench.update:goodput"
                + " backend=sqlite strategy=atomic keys=1 threads=2 | >= 5"));
        RatioGate.Evaluation plain = rules.get(0).evaluate(smoke, Optional.empty(), 0.2);

        BenchReport report = BenchReport.of(smoke, Optional.of(smoke), rules, 0.2);

        assertThat(plain.status()).as("the same rule on a run of no profile").isEqualTo(RatioGate.Status.NOT_MET);
        assertThat(report.gates().get(0).status()).isEqualTo(RatioGate.Status.NOT_GATED);
        assertThat(report.gates().get(0).detail()).startsWith("not gated (smoke): ");
        assertThat(report.failures(true, true)).isZero();
        assertThat(BenchReport.of(smoke, Optional.empty(), gates(), 0.2).gates())
                .hasSize(9)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(RatioGate.Status.NOT_GATED));
    }

    @Test
    void aBrokenCellMakesItsGateUndefinedRatherThanARatio() throws Exception {
        List<JmhResult> sweep = JmhJson.read(resource("sweep.json"));
        // negative control: the blind strategy's "goodput" counts updates it lost
        RatioGate gate = RatioGate.parseRules(List.of("blind | ContentionBench.update:goodput backend=sqlite"
                        + " strategy=blind keys=1 threads=4 | ContentionBench.update:goodput backend=sqlite"
                        + " strategy=atomic keys=1 threads=4 | >= 0.1"))
                .get(0);

        RatioGate.Evaluation e = gate.evaluate(sweep, Optional.empty(), 0.2);

        assertThat(e.status()).isEqualTo(RatioGate.Status.UNDEFINED);
        assertThat(e.detail()).contains("sqlite-blind-none-k1-t4-a30 checked BROKEN");
    }

    @Test
    void cellsAndGatesBecomeAllureResultsThatSayWhatTheGateSaid(@TempDir Path dir) throws Exception {
        List<JmhResult> smoke = JmhJson.read(resource("smoke.json"));

        BenchReport.of(smoke, Optional.empty(), gates(), 0.2).writeAllure(dir);

        List<String> results;
        try (var files = Files.list(dir)) {
            results = files.filter(p -> p.toString().endsWith("-result.json"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        assertThat(results).hasSize(smoke.size() + 9);
        assertThat(results)
                .filteredOn(r -> r.contains("sqlite-blind-none-k1-t4-a10"))
                .singleElement()
                .satisfies(r -> assertThat(r).contains("\"status\": \"passed\"").contains("negative control caught"));
        assertThat(results)
                .filteredOn(r -> r.contains("\"name\": \"gate pg-hot-16\""))
                .singleElement()
                .satisfies(
                        r -> assertThat(r).contains("\"status\": \"skipped\"").contains("not gated (smoke)"));
        assertThat(results).noneMatch(r -> r.contains("\"status\": \"failed\""));
    }
}
