package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbComparisonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A fork's JMH entry: {@code iterations} iterations, the atomic side at 30 µs CPU per update scaled by the
     * round's {@code machine} factor, the store side at {@code storeMicros} times the same factor.
     */
    private static ObjectNode fork(double storeMicros, double machine, int iterations) {
        ObjectNode e = MAPPER.createObjectNode();
        ObjectNode m = e.putObject("secondaryMetrics");
        for (String side : List.of("store", "atomic")) {
            double micros = (side.equals("store") ? storeMicros : 30) * machine;
            ArrayNode ops = m.putObject(side + "Ops").putArray("rawData").addArray();
            ArrayNode cpu = m.putObject(side + "CpuNanos").putArray("rawData").addArray();
            ArrayNode rate = m.putObject(side).putArray("rawData").addArray();
            for (int i = 0; i < iterations; i++) {
                ops.add(10_000);
                cpu.add(10_000 * micros * 1000);
                rate.add(1e6 / micros);
            }
        }
        return e;
    }

    /**
     * A session: per round one fork per side; the machine gets slower round by round (factor 1, 1.3, 1.7, …), which a
     * baseline from another time would read as a change, and which the pairing must cancel.
     */
    static ObjectNode session(double baseMicros, double sameMicros, double candidateMicros, int rounds, double jitter) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("machine").put("loadAtStart", "3.0").put("loadAtEnd", "9.0");
        ArrayNode forks = root.putArray("forks");
        for (int r = 1; r <= rounds; r++) {
            double machine = 1 + 0.3 * (r - 1) + 0.1 * (r - 1) * (r - 1);
            // a little fork-to-fork noise that alternates in sign
            double wobble = 1 + (r % 2 == 0 ? jitter : -jitter);
            forks.addObject().put("side", "base").put("round", r).set("entry", fork(baseMicros, machine, 10));
            forks.addObject().put("side", "same").put("round", r).set("entry", fork(sameMicros * wobble, machine, 10));
            forks.addObject()
                    .put("side", "candidate")
                    .put("round", r)
                    .set("entry", fork(candidateMicros * wobble, machine, 10));
        }
        return root;
    }

    @Test
    void aTenPercentSlowerCandidateRegressesAndTheSameBuildDoesNotWhileTheMachineSlowsDown() {
        ObjectNode s = session(24, 24, 26.4, 3, 0.01);

        AbComparison.Comparison same =
                AbComparison.compare(s, "base", "same", AbComparison.Statistic.CPU_RATIO_MEDIAN, 0.04);
        AbComparison.Comparison slowed =
                AbComparison.compare(s, "base", "candidate", AbComparison.Statistic.CPU_RATIO_MEDIAN, 0.04);

        assertThat(same.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(same.change()).isCloseTo(0, offset(0.02));
        // 10 % more CPU per update = updates per CPU second x 1 / 1.1 = -9.1 %
        assertThat(slowed.verdict()).isEqualTo(Regression.Verdict.REGRESSED);
        assertThat(slowed.change()).isCloseTo(1 / 1.1 - 1, offset(0.02));
        assertThat(slowed.interval().orElseThrow().high()).isNegative();
        assertThat(slowed.pairChanges()).hasSize(3);
        // every statistic sees it; only the store side alone (not normalised) moves with the machine, which the
        // pairing cancels as well
        for (AbComparison.Statistic st : AbComparison.Statistic.values()) {
            assertThat(AbComparison.compare(s, "base", "candidate", st, 0.04).verdict())
                    .as(st.label())
                    .isEqualTo(Regression.Verdict.REGRESSED);
        }
    }

    @Test
    void aFallWithinTheToleranceOrWhoseIntervalReachesZeroIsNoRegression() {
        // 3 % slower, consistently: beyond the noise, within the 4 % tolerance
        AbComparison.Comparison small = AbComparison.compare(
                session(24, 24, 24 * 1.03, 4, 0.0), "base", "candidate", AbComparison.Statistic.CPU_RATIO, 0.04);
        assertThat(small.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(small.detail()).contains("within the tolerance");
        // 6 % slower on average but +-12 % from fork to fork: the interval reaches zero
        AbComparison.Comparison noisy = AbComparison.compare(
                session(24, 24, 24 * 1.06, 2, 0.12), "base", "candidate", AbComparison.Statistic.CPU_RATIO, 0.04);
        assertThat(noisy.verdict()).isEqualTo(Regression.Verdict.OK);
        assertThat(noisy.interval().orElseThrow().high()).isPositive();
        assertThat(noisy.detail()).contains("the interval reaches zero");
    }

    @Test
    void oneRoundIsUndecidedAndBadArgumentsAreNamed() {
        ObjectNode one = session(24, 24, 30, 1, 0);
        assertThat(AbComparison.compare(one, "base", "candidate", AbComparison.DEFAULT_STATISTIC, 0.04)
                        .verdict())
                .isEqualTo(Regression.Verdict.UNDECIDED);
        assertThatThrownBy(() -> AbComparison.compare(one, "base", "nobody", AbComparison.DEFAULT_STATISTIC, 0.04))
                .hasMessageContaining("no fork of side \"nobody\"");
        assertThatThrownBy(() -> AbComparison.compare(one, "base", "same", AbComparison.DEFAULT_STATISTIC, 1.5))
                .hasMessageContaining("tolerance must be between 0 and 1");
        assertThatThrownBy(() -> AbComparison.Statistic.of("mean"))
                .hasMessageContaining("statistic must be one of [cpu-ratio-median");
        assertThat(AbComparison.Statistic.of("store-cpu")).isEqualTo(AbComparison.Statistic.STORE_CPU);
    }

    @Test
    void gatePowerCountsSessionsPerStatistic(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 3; i++) {
            Path d = dir.resolve("session-00" + i);
            Files.createDirectories(d);
            MAPPER.writeValue(d.resolve("ab.json").toFile(), session(24, 24, 26.4, 3, 0.01 * i));
        }

        String table = GatePower.summarizeAb(dir, 0.04);

        assertThat(table)
                .contains("3 sessions")
                .contains("| cpu-ratio-median (the gate's) | 0 / 3 = 0 %")
                .contains("| 3 / 3 = 100 %");
        JsonNode json = MAPPER.readTree(dir.resolve("gate-power-ab.json").toFile());
        assertThat(json.path("statistics").path(0).path("slowedFlagged").asInt())
                .isEqualTo(3);
        assertThat(json.path("statistics").path(0).path("unchangedFlagged").asInt())
                .isZero();
        assertThat(json.path("loads").path(2).asText()).isEqualTo("3.0→9.0");
        assertThat(json.path("tolerance").asDouble()).isEqualTo(0.04);
        assertThatThrownBy(() -> GatePower.summarizeAb(dir.resolve("session-001"), 0.04))
                .hasMessageContaining("no session-N/ab.json");
    }
}
