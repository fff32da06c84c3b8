package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pool} and {@code --statement-timeout}: scenario options that reach the JDBC backends as their
 * {@code pool=} and {@code statementTimeout=} options, are recorded in the replay command, and are refused out of
 * bounds in one line. That they reach the store is shown by what a timeout of 0 does to SQLite under a lock storm:
 * writers that waited out the short holds (no error) now fail at once with SQLITE_BUSY.
 */
class JdbcSettingsCliTest {
    @TempDir
    Path out;

    private record Run(int code, String stdout, String stderr) {}

    private static Run run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outOfBoundsIsAUsageErrorInOneLine() {
        Run pool = run("--backends", "sqlite", "--pool", "65");
        assertThat(pool.code()).isEqualTo(Main.USAGE);
        assertThat(pool.stderr()).isEqualTo("cas-harness: --pool must be between 1 and 64, was 65\n");
        Run timeout = run("--backends", "sqlite", "--statement-timeout", "11m");
        assertThat(timeout.code()).isEqualTo(Main.USAGE);
        assertThat(timeout.stderr())
                .isEqualTo("cas-harness: --statement-timeout must be between 0 and 600000 ms, was 660000 ms\n");
    }

    /** register on the reference store for 2 s under a lock storm every ~200 ms, seed 5, with {@code extra}. */
    private static Run lockStorm(String backend, Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--backends",
                backend,
                "--workloads",
                "register",
                "--stores",
                "reference",
                "--ops",
                "100000",
                "--duration",
                "2s",
                "--faults",
                "lock-storm",
                "--fault-interval",
                "200ms",
                "--seed",
                "5",
                "--out",
                dir.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private JsonNode verdict(Path dir, String seed) throws Exception {
        return new ObjectMapper()
                .readTree(dir.resolve("register.reference.sqlite.seed" + seed + ".verdict.json")
                        .toFile());
    }

    @Test
    void theyReachTheStoreAndTheReplayAndABackendsOwnOptionWins() throws Exception {
        Path waits = out.resolve("waits");
        Run waited = lockStorm("sqlite", waits, "--pool", "2");
        assertThat(waited.code()).as(waited.stdout()).isEqualTo(Main.PASSED);
        JsonNode w = verdict(waits, "5");
        assertThat(w.path("replay").asText()).contains("--backends sqlite:pool=2 ");
        assertThat(w.path("errors").asLong())
                .as("writers wait out a short hold")
                .isZero();

        Path fails = out.resolve("fails");
        Run failed = lockStorm("sqlite:pool=3", fails, "--pool", "2", "--statement-timeout", "0");
        // with no busy timeout the replicas' own writes collide with SQLITE_BUSY too, so the run may end UNKNOWN
        // (its errors above the bound): what matters here is that the timeout reached the store
        assertThat(failed.code()).as(failed.stdout()).isIn(Main.PASSED, Main.BROKEN);
        JsonNode f = verdict(fails, "5");
        assertThat(f.path("replay").asText()).contains("--backends sqlite:pool=3,statementTimeout=0 ");
        assertThat(f.path("evidence").path("errorsByClass").path("TRANSIENT").asLong())
                .as("with no busy timeout a write that meets a held lock fails at once with SQLITE_BUSY")
                .isPositive();
    }
}
