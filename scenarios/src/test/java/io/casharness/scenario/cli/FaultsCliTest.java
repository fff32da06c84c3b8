package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --faults} on the command line: an unknown fault is a usage error in one line; a run under faults shows them
 * in the verdict table, in verdict.json (per kind, and every event with the ops it overlapped), and in the replay
 * command; a fault that does not apply is skipped with the reason.
 */
class FaultsCliTest {
    @TempDir
    Path out;

    @Test
    void anUnknownFaultIsAUsageErrorInOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(
                new String[] {"--faults", "kill,flood"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("cas-harness: --faults: unknown fault \"flood\"; known are kill, restart, pause,"
                        + " lock-storm, ack-loss, slow, crash\n");
    }

    @Test
    void aRunUnderFaultsShowsThemInTheTableTheVerdictAndTheReplay() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.execute(
                new String[] {
                    "--backends", "sqlite", "--workloads", "register", "--stores", "reference", "--ops", "100000",
                    "--duration", "2s", "--faults", "lock-storm,pause", "--fault-interval", "200ms", "--seed", "9",
                    "--out", out.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String table = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(table).isEqualTo(Main.PASSED);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("fault pause on sqlite: skipped: pause acts on PostgreSQL server connections; sqlite has"
                        + " none")
                .contains("fault lock-storm on sqlite: injected every ~200 ms");
        assertThat(table).contains("faults (n x/count)").containsPattern("pause skipped lock-storm [1-9]\\d*x/[1-9]");
        JsonNode v = new ObjectMapper()
                .readTree(out.resolve("register.reference.sqlite.seed9.verdict.json")
                        .toFile());
        JsonNode lock = v.path("faults").path("byKind").path("lock-storm");
        assertThat(lock.path("injections").asLong()).isPositive();
        assertThat(lock.path("count").asLong())
                .isEqualTo(lock.path("injections").asLong());
        assertThat(v.path("faults").path("byKind").path("pause").path("skipped").asText())
                .startsWith("pause acts on PostgreSQL");
        long overlapped = 0;
        for (JsonNode e : v.path("faults").path("events")) {
            overlapped += e.path("opsOverlapping").asLong();
        }
        assertThat(overlapped).as("ops that ran while the lock was held").isPositive();
        assertThat(v.path("replay").asText()).endsWith("--faults lock-storm,pause --fault-interval 200ms");
    }
}
