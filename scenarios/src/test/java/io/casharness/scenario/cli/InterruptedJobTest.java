package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job stopped by a signal (Ctrl-C sends SIGINT, a CI timeout SIGTERM; both run the JVM's shutdown hooks) stops the
 * run in progress, records it as ERROR with its partial history, and writes the summary and the table of what ran.
 */
class InterruptedJobTest {
    @TempDir
    Path out;

    @Test
    void aSignalledJobKeepsItsPartialHistoryAndWritesTheSummary() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process job = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--backends",
                        "memory",
                        "--workloads",
                        "append,register",
                        "--stores",
                        "reference",
                        "--ops",
                        "100000000",
                        "--duration",
                        "60s",
                        "--out",
                        out.toString())
                .redirectOutput(out.resolve("stdout.txt").toFile())
                .start();
        String seen = waitFor(job.getErrorStream(), "[ 1/2] append");
        assertThat(seen).contains("[ 1/2] append");
        job.destroy(); // SIGTERM: the shutdown hook stops the job
        assertThat(job.waitFor(Main.SHUTDOWN_WAIT.toSeconds() + 10, TimeUnit.SECONDS))
                .as("the job stopped")
                .isTrue();
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary)
                .contains("\"interrupted\" : true")
                .contains("\"status\" : \"ERROR\"")
                .contains("interrupted: the run was cancelled");
        assertThat(summary).doesNotContain("\"register\"");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(f -> f.matches("append\\.reference\\.memory\\.seed-?\\d+\\.history\\.jsonl"));
        }
        assertThat(out.resolve("verdicts.txt")).content().contains("ERROR");
        assertThat(Files.readString(out.resolve("stdout.txt")))
                .contains("GATE FAILED (exit 3): 1 of 2 runs (1 ERROR); interrupted.");
    }

    /** Reads {@code in} until {@code marker} appears (the progress line has no newline until its run ends). */
    private static String waitFor(InputStream in, String marker) throws Exception {
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!b.toString().contains(marker) && System.nanoTime() < deadline) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
