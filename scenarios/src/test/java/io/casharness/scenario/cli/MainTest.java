package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job's contract: table on stdout, files in the output folder, and an exit code that gates CI. */
class MainTest {
    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private int runWith(Map<String, String> env, String... args) {
        return Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                env::get,
                name -> null);
    }

    /** A usage error: exit 2, one line on stderr naming the value, no stack trace, nothing on stdout. */
    private void usageError(int code, String message) {
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err).isEqualTo(2);
        assertThat(err.lines()).as(err).hasSize(1);
        assertThat(err).contains(message).doesNotContain("\tat ");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void passingGateExitsZeroPrintsTheTableAndWritesHistoriesAndVerdicts() throws Exception {
        int code = run(
                "--backends",
                "memory",
                "--workloads",
                "append",
                "--stores",
                "reference,blind-write",
                "--ops",
                "600",
                "--seed",
                "11",
                "--out",
                out.toString());

        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + stderr).isZero();
        assertThat(text)
                .containsPattern("pass +append +reference +memory +PASS")
                .containsPattern("caught +append +blind-write +memory +FAIL .* lost-update=")
                .contains("seed 11")
                .contains("--workloads append --stores reference --backends memory --seed 11")
                .contains("GATE PASSED (exit 0): 2 of 2 runs (1 pass, 1 caught)");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[ 1/2] append");
        assertThat(out.resolve("append.reference.memory.seed11.history.jsonl")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("append.blind-write.memory.seed11.verdict.json")))
                .contains("\"result\" : \"FAIL\"")
                .contains("\"type\" : \"lost-update\"");
        assertThat(out.resolve("summary.json")).isNotEmptyFile();
        assertThat(out.resolve("verdicts.txt")).isNotEmptyFile();
        // both runs passed their gate (the reference PASS, the zoo member caught): two passed Allure results
        try (var results = Files.list(out.resolve("allure-results"))) {
            List<String> statuses = results.filter(f -> f.toString().endsWith("-result.json"))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(json -> json.matches("(?s).*\"status\" *: *\"passed\".*") ? "passed" : json)
                    .toList();
            assertThat(statuses).containsExactly("passed", "passed");
        }
    }

    @Test
    void gateFailsWhenNoRaceHappensSoTheZooMemberIsNotCaught() {
        // one replica, one thread: no two writers, so the blind write loses nothing and the reference proves nothing
        int code = run(
                "--backends",
                "memory",
                "--workloads",
                "append",
                "--stores",
                "reference,blind-write",
                "--ops",
                "50",
                "--replicas",
                "1",
                "--threads",
                "1",
                "--seed",
                "3",
                "--out",
                out.toString());

        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(1);
        assertThat(text)
                .containsPattern("UNPROVEN +append +reference +memory +UNKNOWN .*no key was written concurrently")
                .containsPattern("NOT-CAUGHT +append +blind-write")
                .contains("GATE FAILED (exit 1): 2 of 2 runs (1 UNPROVEN, 1 NOT-CAUGHT)");
    }

    @Test
    void badArgumentsExitTwoNamingTheValue() {
        assertThat(run("--skew", "pareto", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("\"pareto\"");
        assertThat(run("--stores", "nope", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("unknown store \"nope\"");
    }

    @Test
    void aSelectionThatMatchesNoRunIsAUsageErrorThatSaysWhy() {
        usageError(
                run(
                        "--workloads",
                        "append",
                        "--stores",
                        "cached-reads",
                        "--backends",
                        "memory",
                        "--out",
                        out.toString()),
                "the selection --workloads append --stores cached-reads --backends memory matches no run:"
                        + " cached-reads runs on workload register");
    }

    @Test
    void aNameGivenTwiceIsAUsageError() {
        usageError(run("--backends", "memory,memory", "--out", out.toString()), "--backends names \"memory\" twice");
    }

    @Test
    void zeroOpsIsAUsageErrorNotAnUnboundedRun() {
        usageError(run("--ops", "0", "--out", out.toString()), "ops must be between 1 and 100000000, was 0");
    }

    @Test
    void anUnwritableOutputFolderIsAUsageErrorBeforeAnythingRuns() {
        usageError(
                run("--backends", "memory", "--out", "/proc/cas-harness-results"), "--out /proc/cas-harness-results:");
    }

    @Test
    void aBadPostgresUrlIsAUsageErrorNamingItsVariableBeforeAnyRun() {
        usageError(
                runWith(
                        Map.of("CAS_PG_URL", "postgres://nowhere"),
                        "--backends",
                        "memory,postgres",
                        "--out",
                        out.toString()),
                "CAS_PG_URL: a PostgreSQL URL must start with jdbc:postgresql:, was postgres://nowhere");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void anUnknownOptionIsOneLineNotTheWholeHelp() {
        usageError(run("--thread", "4"), "Unknown options: '--thread', '4' (see --help)");
    }

    @Test
    void helpListsTheZooTheExitCodesAndExamples() {
        assertThat(run("--help")).isZero();
        String help = stdout.toString(StandardCharsets.UTF_8);
        for (String w : io.casharness.scenario.workload.Workloads.names()) {
            assertThat(help).as("--help lists every workload").containsPattern("(?m)^  " + w + " +\\S");
        }
        for (String m : io.casharness.scenario.zoo.Zoo.names()) {
            assertThat(help).as("--help lists every zoo member").containsPattern("(?m)^  " + m + " +\\S");
        }
        assertThat(help)
                .contains("Exit codes:")
                .contains("  3  the run itself broke")
                .contains("blind-write")
                .contains("sqlite-deferred-rmw")
                .contains("Examples:");
    }

    @Test
    void theSummaryStatesEachRunsEvidence() throws Exception {
        int code = run(
                "--backends",
                "memory",
                "--workloads",
                "register",
                "--stores",
                "reference",
                "--seed",
                "5",
                "--out",
                out.toString());
        assertThat(code).as(stdout.toString(StandardCharsets.UTF_8)).isZero();
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary)
                .contains("\"exitCode\" : 0")
                .contains("\"interrupted\" : false")
                .contains("\"keysWrittenConcurrently\"")
                .contains("written keys written concurrently");
    }
}
