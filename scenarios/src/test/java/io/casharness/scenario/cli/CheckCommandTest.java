package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cas-harness check}: saved histories judged again offline, the same as the job judged them. */
class CheckCommandTest {
    @TempDir
    Path out;

    private ByteArrayOutputStream stdout;
    private ByteArrayOutputStream stderr;

    @BeforeEach
    void clear() {
        stdout = new ByteArrayOutputStream();
        stderr = new ByteArrayOutputStream();
    }

    private int run(String... args) {
        return Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private Path job() {
        Path results = out.resolve("job");
        int code = run(
                "--backends",
                "memory",
                "--workloads",
                "append",
                "--stores",
                "reference,blind-write",
                "--seed",
                "11",
                "--ops",
                "600",
                "--out",
                results.toString());
        assertThat(code).as(stdout.toString(StandardCharsets.UTF_8)).isZero();
        clear();
        return results;
    }

    @Test
    void savedHistoriesAreJudgedAgainAsTheJobJudgedThem() throws Exception {
        Path results = job();
        Path reference = results.resolve("append.reference.memory.seed11.history.jsonl");
        Path blind = results.resolve("append.blind-write.memory.seed11.history.jsonl");
        int code = run(
                "check",
                reference.toString(),
                blind.toString(),
                "--out",
                out.resolve("again").toString());
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + stderr).isZero();
        assertThat(text)
                .containsPattern("pass +append +reference +memory +PASS")
                .containsPattern("caught +append +blind-write +memory +FAIL .*lost-update")
                .contains("CHECK PASSED (exit 0): 2 histories judged, 0 invalid.");
        String before = Files.readString(results.resolve("append.blind-write.memory.seed11.verdict.json"));
        String after = Files.readString(out.resolve("again").resolve("append.blind-write.memory.seed11.verdict.json"));
        assertThat(field(after, "\"anomalyCounts\"")).isEqualTo(field(before, "\"anomalyCounts\""));
        assertThat(field(after, "\"evidence\"")).isEqualTo(field(before, "\"evidence\""));
    }

    @Test
    void aHistoryCutShortIsInvalidWithItsLineNotAFail() throws Exception {
        Path results = job();
        Path reference = results.resolve("append.reference.memory.seed11.history.jsonl");
        List<String> lines = Files.readAllLines(reference);
        Path cut = out.resolve("cut.history.jsonl");
        Files.write(cut, lines.subList(0, lines.size() / 2));
        int code = run("check", cut.toString());
        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains(cut + ": INVALID history, line " + lines.size() / 2
                        + ": no trailer line: the file was cut short");
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("CHECK FAILED (exit 2): 0 histories judged, 1 invalid.");
    }

    @Test
    void anUncaughtZooHistoryFailsTheCheck() throws Exception {
        // one replica, one thread: the blind writer never races, so its history catches nothing
        Path results = out.resolve("solo");
        run(
                "--backends",
                "memory",
                "--workloads",
                "append",
                "--stores",
                "blind-write",
                "--replicas",
                "1",
                "--threads",
                "1",
                "--ops",
                "50",
                "--seed",
                "3",
                "--out",
                results.toString());
        clear();
        int code = run(
                "check",
                results.resolve("append.blind-write.memory.seed3.history.jsonl").toString());
        assertThat(code).isEqualTo(1);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).containsPattern("NOT-CAUGHT +append +blind-write");
    }

    /** The text of one JSON field's value: from the field name to the next field at the same indentation. */
    private static String field(String json, String name) {
        int at = json.indexOf(name);
        int end = json.indexOf("\n  \"", at + 1);
        return json.substring(at, end);
    }
}
