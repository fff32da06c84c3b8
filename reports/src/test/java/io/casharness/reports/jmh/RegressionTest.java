package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A PairBench run as bench/run.sh regress writes it: per fork five iterations of both sides' ops and CPU
     * nanoseconds; the store costs {@code storeCost} times the atomic update's 30 µs, each fork's costs shaken by up
     * to ±{@code noise} (the same shake on both sides, as a busy machine does, plus a smaller one of its own).
     */
    static Path pairRun(Path file, int forks, double storeCost, double noise, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode e = MAPPER.createObjectNode();
        e.put("benchmark", "io.casharness.bench.PairBench.pair");
        e.put("mode", "thrpt");
        e.put("threads", 2);
        e.putObject("params").put("backend", "sqlite").put("strategy", "store").put("backoff", "adaptive");
        e.putObject("primaryMetric").put("score", 1.0).put("scoreError", "NaN").put("scoreUnit", "ops/s");
        ObjectNode secondary = e.putObject("secondaryMetrics");
        ArrayNode[] raw = new ArrayNode[4];
        String[] names = {"atomicOps", "atomicCpuNanos", "storeOps", "storeCpuNanos"};
        for (int i = 0; i < 4; i++) {
            ObjectNode m = secondary.putObject(names[i]);
            m.put("score", 1.0).put("scoreError", "NaN").put("scoreUnit", "#");
            raw[i] = m.putArray("rawData");
        }
        for (int f = 0; f < forks; f++) {
            double shared = 1 + noise * (2 * random.nextDouble() - 1);
            ArrayNode[] fork = new ArrayNode[4];
            for (int i = 0; i < 4; i++) {
                fork[i] = raw[i].addArray();
            }
            for (int it = 0; it < 5; it++) {
                double own = 1 + noise / 3 * (2 * random.nextDouble() - 1);
                fork[0].add(30_000.0);
                fork[1].add(30_000.0 * 30_000 * shared);
                fork[2].add(30_000.0);
                fork[3].add(30_000.0 * 30_000 * shared * storeCost * own);
            }
        }
        e.putObject("cas").put("profile", "regress").putObject("machine").put("cores", "2");
        MAPPER.writeValue(file.toFile(), MAPPER.createArrayNode().add(e));
        return file;
    }

    private static Regression.Result compare(Path run, Path baseline, double tolerance) {
        return Regression.compare(
                JmhJson.read(run), JmhJson.read(baseline), tolerance, 0.05, JmhJson.machine(run), Map.of());
    }

    @Test
    void anUnchangedBuildPassesAndATenPercentSlowerOneIsFlagged(@TempDir Path dir) throws Exception {
        Path baseline = pairRun(dir.resolve("base.json"), 16, 1.05, 0.05, 1);
        Path same = pairRun(dir.resolve("same.json"), 5, 1.05, 0.05, 2);
        Path slower = pairRun(dir.resolve("slow.json"), 5, 1.05 * 1.1, 0.05, 3);

        Regression.Cell ok = compare(same, baseline, 0.05).cells().get(0);
        Regression.Cell bad = compare(slower, baseline, 0.05).cells().get(0);

        assertThat(ok.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(ok.ratio()).isBetween(0.9, 1.0);
        // PairBench pairs iterations: five forks of five
        assertThat(ok.pairRatios()).hasSize(25);
        assertThat(ok.baselinePairRatios()).hasSize(80);
        // the negative control: a slowdown of 10 % of the store's cost must be caught
        assertThat(bad.verdict()).isEqualTo(Regression.Verdict.REGRESSED);
        assertThat(bad.change()).isBetween(-0.12, -0.06);
        assertThat(bad.pValue()).isLessThan(0.05);
        assertThat(bad.detail()).contains("tolerance 5.0 %");
    }

    @Test
    void aFallWithinTheToleranceOrWithinTheNoiseIsNotFlagged(@TempDir Path dir) throws Exception {
        Path baseline = pairRun(dir.resolve("base.json"), 16, 1.0, 0.01, 1);
        Path slightly = pairRun(dir.resolve("slight.json"), 5, 1.02, 0.01, 2);
        Path noisyBase = contentionRun(
                dir.resolve("noisy-base.json"), new double[] {100, 100, 100, 100}, new double[] {90, 60, 120, 90});
        Path noisy = contentionRun(dir.resolve("noisy.json"), new double[] {100, 100, 100}, new double[] {80, 85, 90});

        Regression.Cell small = compare(slightly, baseline, 0.05).cells().get(0);
        Regression.Cell unsure = compare(noisy, noisyBase, 0.05).cells().get(0);

        // significant, but a 2 % fall is below the tolerance
        assertThat(small.pValue()).isLessThan(0.05);
        assertThat(small.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(small.detail()).contains("within the tolerance");
        // fell 5.6 %, beyond the tolerance, but forks this noisy cannot tell it from chance
        assertThat(unsure.change()).isLessThan(-0.05);
        assertThat(unsure.pValue()).isGreaterThanOrEqualTo(0.05);
        assertThat(unsure.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(unsure.detail()).contains("not beyond the noise");
    }

    @Test
    void tooFewForksOrNoBaselineCellAreUndecidedNeverPassed(@TempDir Path dir) throws Exception {
        Path baseline = contentionRun(dir.resolve("base.json"), new double[] {100, 101}, new double[] {90, 91});
        Path slower = contentionRun(dir.resolve("slow.json"), new double[] {100, 101}, new double[] {50, 51});

        Regression.Result r = compare(slower, baseline, 0.05);

        assertThat(r.cells().get(0).verdict()).isEqualTo(Regression.Verdict.UNDECIDED);
        assertThat(r.cells().get(0).detail()).contains("2 and 2 pairs allow no p below 0.167");
        assertThat(r.decided()).isFalse();
        assertThat(r.regressed()).isFalse();
        Regression.Result none = Regression.compare(JmhJson.read(slower), List.of(), 0.05, 0.05, Map.of(), Map.of());
        assertThat(none.cells().get(0).detail()).contains("not in the baseline");
    }

    @Test
    void aBaselineFromAnotherLoadIsNamedInTheTable(@TempDir Path dir) throws Exception {
        Path run = pairRun(dir.resolve("run.json"), 2, 1.0, 0.01, 1);
        List<JmhResult> cells = JmhJson.read(run);

        Regression.Result far = Regression.compare(
                cells, cells, 0.05, 0.05, Map.of("loadAtStart", "3.2"), Map.of("loadAtStart", "14.7"));
        Regression.Result near = Regression.compare(
                cells, cells, 0.05, 0.05, Map.of("loadAtStart", "12.0"), Map.of("loadAtStart", "14.7"));

        assertThat(far.table()).contains("WARNING: this run started at a load average of 3.2, the baseline at 14.7");
        assertThat(near.loadWarning()).isEmpty();
        assertThat(near.table()).doesNotContain("WARNING");
    }

    @Test
    void thePermutationTestCountsEverySplit() {
        // pooled {1, 2, 3, 4}, groups of two: only the observed split {1, 2} has a difference of 2 or more
        assertThat(Regression.permutationP(List.of(1.0, 2.0), List.of(3.0, 4.0), 1))
                .isEqualTo(1.0 / 6);
        // equal values: every split ties the observed one
        assertThat(Regression.permutationP(List.of(1.0, 1.0), List.of(1.0, 1.0), 1))
                .isEqualTo(1.0);
        assertThat(Regression.splits(5, 16)).isEqualTo(20_349.0);
        // beyond the exact limit a seeded Monte Carlo: far apart groups give the smallest p it can
        List<Double> low = java.util.Collections.nCopies(12, 1.0);
        List<Double> high = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> 2.0 + i / 100.0)
                .toList();
        assertThat(Regression.permutationP(low, high, 7)).isLessThan(0.001);
        assertThatThrownBy(() -> Regression.compare(List.of(), List.of(), 0, 0.05, Map.of(), Map.of()))
                .hasMessage("tolerance must be between 0 and 1 (exclusive), was 0.0");
    }

    @Test
    void theReportCommandExitsZeroOneOrTwoAndWritesJson(@TempDir Path dir) throws Exception {
        Path baseline = pairRun(dir.resolve("base.json"), 16, 1.0, 0.03, 1);
        Path same = pairRun(dir.resolve("same.json"), 5, 1.0, 0.03, 2);
        Path slower = pairRun(dir.resolve("slow.json"), 5, 1.12, 0.03, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        int ok = JmhReportMain.run(
                new String[] {"--regression", "--in", same.toString(), "--baseline", baseline.toString()}, o, e);
        int bad = JmhReportMain.run(
                new String[] {
                    "--regression", "--in", slower.toString(), "--baseline", baseline.toString(), "--tolerance", "0.04"
                },
                o,
                e);
        int usage = JmhReportMain.run(new String[] {"--regression", "--in", same.toString(), "--tolerance", "5"}, o, e);

        assertThat(ok).isEqualTo(0);
        assertThat(bad).isEqualTo(1);
        assertThat(usage).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("fell more than 5.0 %")
                .contains("fell more than 4.0 %")
                .contains("| PairBench.pair-backend=sqlite-backoff=adaptive-strategy=store-t2 |")
                .contains("REGRESSED");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--tolerance must be between 0 and 1 (exclusive), was 5");
        JsonNode json = MAPPER.readTree(dir.resolve("slow-regression.json").toFile());
        assertThat(json.path("regressed").asBoolean()).isTrue();
        assertThat(json.path("tolerance").asDouble()).isEqualTo(0.04);
        assertThat(json.path("machine").path("cores").asText()).isEqualTo("2");
        assertThat(json.path("cells").path(0).path("pairRatios")).hasSize(25);
    }

    /** A ContentionBench run: an atomic and a store cell (one thread), goodput per fork as given. */
    static Path contentionRun(Path file, double[] atomic, double[] store) throws Exception {
        ArrayNode root = MAPPER.createArrayNode();
        for (String strategy : List.of("atomic", "store")) {
            double[] forks = strategy.equals("atomic") ? atomic : store;
            ObjectNode e = root.addObject();
            e.put("benchmark", "io.casharness.bench.ContentionBench.update");
            e.put("mode", "thrpt");
            e.put("threads", 1);
            e.putObject("params")
                    .put("backend", "sqlite")
                    .put("strategy", strategy)
                    .put("backoff", strategy.equals("atomic") ? "none" : "adaptive")
                    .put("keys", "1")
                    .put("maxAttempts", "10");
            e.putObject("primaryMetric")
                    .put("score", 1.0)
                    .put("scoreError", "NaN")
                    .put("scoreUnit", "ops/s");
            ObjectNode g = e.putObject("secondaryMetrics").putObject("goodput");
            double sum = 0;
            ArrayNode raw = g.putArray("rawData");
            for (double f : forks) {
                raw.addArray().add(f);
                sum += f;
            }
            g.put("score", sum / forks.length).put("scoreError", "NaN").put("scoreUnit", "ops/s");
        }
        MAPPER.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void contentionCellsAreDividedByTheAtomicCellOfTheirOwnRun(@TempDir Path dir) throws Exception {
        // the baseline ran on a machine twice as fast: only the ratios count, 0.9 there and 0.72-0.8 here
        Path baseline =
                contentionRun(dir.resolve("base.json"), new double[] {20_000, 20_400, 19_600, 20_000}, new double[] {
                    18_000, 18_360, 17_640, 18_000
                });
        Path run = contentionRun(
                dir.resolve("run.json"), new double[] {10_000, 10_200, 9_800}, new double[] {8_000, 7_650, 7_350});

        Regression.Result r = compare(run, baseline, 0.05);

        assertThat(r.cells()).hasSize(1);
        Regression.Cell c = r.cells().get(0);
        assertThat(c.cell()).isEqualTo("sqlite-store-adaptive-k1-t1-a10");
        assertThat(c.denominator()).isEqualTo("sqlite-atomic-none-k1-t1-a10");
        assertThat(c.baselineRatio()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.pairRatios()).containsExactly(0.8, 0.75, 0.75);
        assertThat(c.verdict()).isEqualTo(Regression.Verdict.REGRESSED);
    }
}
