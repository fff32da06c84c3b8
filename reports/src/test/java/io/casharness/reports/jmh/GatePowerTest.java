package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePowerTest {

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
