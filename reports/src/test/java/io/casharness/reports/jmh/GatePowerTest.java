package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePowerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void exactBoundsMatchTheClosedFormsAndTheBetaQuantiles() {
        // n of n: the lower bound is 0.05^(1/n), so 59 sessions are the fewest that show 95 %; 0 of n mirrors it
        assertThat(GatePower.exactBound(59, 59, true)).isCloseTo(Math.pow(0.05, 1 / 59.0), offset(1e-9));
        assertThat(GatePower.exactBound(59, 59, true)).isGreaterThanOrEqualTo(0.95);
        assertThat(GatePower.exactBound(58, 58, true)).isLessThan(0.95);
        assertThat(GatePower.exactBound(0, 59, false)).isCloseTo(1 - Math.pow(0.05, 1 / 59.0), offset(1e-9));
        // the beta quantiles: 1 of 20 at most 0.2161 (Beta(2, 19) at 0.95), 19 of 20 at least 0.7839
        assertThat(GatePower.exactBound(1, 20, false)).isCloseTo(0.21611, offset(1e-4));
        assertThat(GatePower.exactBound(19, 20, true)).isCloseTo(0.78389, offset(1e-4));
        assertThat(GatePower.exactBound(0, 5, true)).isZero();
        assertThat(GatePower.exactBound(5, 5, false)).isEqualTo(1.0);
        assertThatThrownBy(() -> GatePower.exactBound(6, 5, true)).hasMessageContaining("6 of 5");
    }

    @Test
    void summarizeAbCountsBothWaysAndTheSlowdownEachSessionRealised(@TempDir Path dir) throws Exception {
        // three null-side sessions whose candidate costs 10 % more CPU per store update; the same side costs the same
        for (int k = 1; k <= 3; k++) {
            abSession(dir.resolve("session-00" + k), 6, 1.10, k);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = GatePower.run(
                new String[] {"summarize-ab", dir.toString(), "0.04"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(text).contains("3 sessions").contains("slowdown realised").contains("+10.0 / +10.0 / +10.0 %");
        assertThat(text).contains("power at least 36.8 %").contains("not shown by these sessions");
        JsonNode json = MAPPER.readTree(dir.resolve("gate-power-ab.json").toFile());
        JsonNode gate = json.path("statistics").path(0);
        assertThat(gate.path("statistic").asText()).isEqualTo(AbComparison.DEFAULT_STATISTIC.label());
        assertThat(gate.path("unchangedFlagged").asInt()).isZero();
        assertThat(gate.path("slowedFlagged").asInt()).isEqualTo(3);
        assertThat(json.path("realisedSlowdowns")).hasSize(3);
        assertThat(text).contains("resampled").contains("drawn from the 18 measured slowed rounds): flagged 100.00 %");
        assertThat(json.path("resampled").path("unchangedRate").asDouble()).isZero();
    }

    @Test
    void resampledSessionsFlagWhatTheRoundsImplyAndTheSpreadCheckSeesSessionsThatDiffer() {
        // rounds 10 % slower with a 2 % noise: a 6-round session is flagged; rounds around zero: it is not
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Double> slowed = new java.util.ArrayList<>();
        List<Double> unchanged = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            slowed.add(Math.log(0.9) + 0.02 * random.nextGaussian());
            unchanged.add(0.02 * random.nextGaussian());
        }
        assertThat(GatePower.resampledRate(slowed, 6, 0.04, 2_000, 1)).isGreaterThan(0.99);
        assertThat(GatePower.resampledRate(unchanged, 6, 0.04, 2_000, 1)).isLessThan(0.01);
        // the negative control: rounds of 4 % noise, two rounds a session, flag a share a 4 % tolerance cannot hide
        List<Double> noisy = unchanged.stream().map(x -> x * 3).toList();
        assertThat(GatePower.resampledRate(noisy, 2, 0.04, 2_000, 1)).isGreaterThan(0.05);

        // sessions that differ by a fixed offset each spread more than independent rounds would
        List<List<Double>> apart = List.of(List.of(0.05, 0.051, 0.049), List.of(-0.05, -0.049, -0.051));
        double[] spread = GatePower.sessionSpread(apart);
        assertThat(spread[0]).isGreaterThan(10 * spread[1]);
        List<List<Double>> alike = List.of(List.of(0.01, -0.01, 0.0), List.of(-0.01, 0.01, 0.0));
        assertThat(GatePower.sessionSpread(alike)[0]).isLessThan(GatePower.sessionSpread(alike)[1]);
    }

    /** A null-side session: base, same and candidate forks per round, the candidate's store at {@code cost}. */
    private static void abSession(Path dir, int rounds, double cost, long seed) throws Exception {
        Files.createDirectories(dir);
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("machine").put("loadAtStart", "1.0").put("loadAtEnd", "1.2");
        ArrayNode forks = root.putArray("forks");
        for (int r = 1; r <= rounds; r++) {
            for (String side : new String[] {"base", "same", "candidate"}) {
                Path f = RegressionTest.pairRun(
                        dir.resolve(side + r + ".json"), 1, side.equals("candidate") ? cost : 1.0, 0.0, seed * 31 + r);
                ObjectNode entry = (ObjectNode) MAPPER.readTree(f.toFile()).path(0);
                // the wall-clock rates the wall-ratio statistic reads: the same count a second on both sides
                ObjectNode m = (ObjectNode) entry.path("secondaryMetrics");
                m.set("store", m.path("storeOps").deepCopy());
                m.set("atomic", m.path("atomicOps").deepCopy());
                forks.addObject().put("side", side).put("round", r).set("entry", entry);
            }
        }
        MAPPER.writeValue(dir.resolve("ab.json").toFile(), root);
    }

    @Test
    void wilsonIntervalsMatchTheClosedForm() {
        // 0 of n: upper bound z^2 / (n + z^2); n of n: lower bound n / (n + z^2)
        assertThat(GatePower.wilson(0, 20).high()).isCloseTo(3.8415 / 23.8415, offset(1e-4));
        assertThat(GatePower.wilson(0, 20).low()).isEqualTo(0.0);
        assertThat(GatePower.wilson(20, 20).low()).isCloseTo(20 / 23.8415, offset(1e-4));
        assertThat(GatePower.wilson(10, 20).low()).isCloseTo(0.2993, offset(1e-3));
        assertThat(GatePower.wilson(10, 20).high()).isCloseTo(0.7007, offset(1e-3));
        assertThatThrownBy(() -> GatePower.wilson(3, 2)).hasMessageContaining("3 of 2");
    }

    private static void gateRun(Path dir, String name, boolean regressed, double change, double p) throws Exception {
        Files.createDirectories(dir.resolve(name));
        new ObjectMapper()
                .writeValue(
                        dir.resolve(name).resolve("regress-regression.json").toFile(),
                        Map.of(
                                "tolerance",
                                0.05,
                                "regressed",
                                regressed,
                                "machine",
                                Map.of("loadAtStart", "3.5"),
                                "cells",
                                java.util.List.of(Map.of("change", change, "p", p))));
    }

    @Test
    void summarizeCountsEachWayAndSweepsTheTolerance(@TempDir Path dir) throws Exception {
        gateRun(dir, "unchanged-001", false, 0.01, 0.6);
        gateRun(dir, "unchanged-002", true, -0.06, 0.01);
        gateRun(dir, "slowed-001", true, -0.09, 0.001);
        gateRun(dir, "slowed-002", false, -0.04, 0.02);
        gateRun(dir, "other", true, -0.5, 0.0);

        String table = GatePower.summarize(dir);

        assertThat(table)
                .contains("| unchanged | 2 | 1 / 2 = 50 %")
                .contains("| slowed | 2 | 1 / 2 = 50 %")
                // at 3 % the slowed run of -4 % counts too; at 7 % the unchanged -6 % no longer does
                .contains("| 3 % | 1 / 2 = 50 % (95 % Wilson 9–91 %) | 2 / 2 = 100 %")
                .contains("| 7 % | 0 / 2 = 0 %")
                .contains("| 5 % (the runs') |");
        assertThat(dir.resolve("gate-power.json")).exists();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = GatePower.run(
                new String[] {"summarize", dir.resolve("none").toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot list");
    }

    @Test
    void calibrationIsAShareOfTheStoreCpuPerUpdate(@TempDir Path dir) throws Exception {
        Path run = RegressionTest.pairRun(dir.resolve("base.json"), 2, 1.0, 0.0, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = GatePower.run(
                new String[] {"calibrate", run.toString(), "0.1"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(rc).isEqualTo(0);
        // 30 µs of CPU per store update (no noise): 10 % is 3,000 ns
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo("3000");
    }
}
