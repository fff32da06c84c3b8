package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
                .contains("append       reference              memory    PASS")
                .contains("append       blind-write            memory    FAIL     caught")
                .contains("seed 11")
                .contains("--workloads append --stores reference --backends memory --seed 11")
                .contains("GATE PASSED");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[ 1/2] append");
        assertThat(out.resolve("append.reference.memory.history.jsonl")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("append.blind-write.memory.verdict.json")))
                .contains("\"result\" : \"FAIL\"")
                .contains("\"type\" : \"lost-update\"");
        assertThat(out.resolve("summary.json")).isNotEmptyFile();
        assertThat(out.resolve("verdicts.txt")).isNotEmptyFile();
    }

    @Test
    void gateFailsWhenNoRaceHappensSoTheZooMemberIsNotCaught() {
        // one replica, one thread: no contention, so the blind write loses nothing and the reference proves nothing
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
        assertThat(text).contains("NOT-CAUGHT").contains("GATE FAILED: 1 reference run(s) not PASS, 1 zoo run(s)");
    }

    @Test
    void badArgumentsExitTwoNamingTheValue() {
        assertThat(run("--skew", "pareto", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("\"pareto\"");
        assertThat(run("--stores", "nope", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("unknown zoo member \"nope\"");
    }
}
