package io.casharness.scenario.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.casharness.scenario.cli.Main;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.scenario.history.Op;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ack-loss} and {@code slow} as the main job runs them: {@code postgres} opened through the fault proxy, the
 * fault switched on in windows. The server is an embedded one of the test's own given by {@code url=}, so the runs do
 * not depend on what {@code CAS_PG_URL} names (CI's shared server is slower under load). What the fault did is
 * counted from outside it, in the history's own ops: the store calls that lost their connection (each an
 * {@code info} write), and the latency of the calls that ran inside a {@code slow} window. The reference store still
 * PASSes, with no acknowledged write lost by a count independent of the checker, and {@code blind-write}, the
 * negative control, is caught under the same fault (the gate's exit 0 says both).
 */
class ProxyFaultsRunTest {
    private static final Pattern BASE = Pattern.compile("by (\\d+) ms \\+ U\\[0, ");

    private static PostgresSource.Server pg;

    @TempDir
    Path out;

    @BeforeAll
    static void startServer() {
        pg = PostgresSource.startEmbedded();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Test
    void ackLossLosesAcknowledgementsYetNoAcknowledgedWriteIsLostAndBlindWriteIsCaught() throws IOException {
        Result r = run("ack-loss", "--fault-rate", "0.1");
        assertThat(r.code()).as("%s%n%s", r.stdout(), r.stderr()).isZero();
        assertThat(r.stderr()).containsPattern("through the fault proxy on 127\\.0\\.0\\.1:\\d+");
        HistoryIo.HistoryFile h = HistoryIo.read(out.resolve("append.reference.postgres.seed7.history.jsonl"));
        List<FaultEvent> windows = injections(h, "ack-loss");
        long counted = windows.stream().mapToLong(FaultEvent::count).sum();
        assertThat(windows).as("ack-loss injected").isNotEmpty();
        assertThat(counted).as("acknowledgements the proxy lost").isPositive();

        List<Op> ops = h.history().ops();
        List<Op> lost = ops.stream()
                .filter(op -> "CONNECTION_LOST".equals(op.errorClass()))
                .toList();
        assertThat(lost).as("store calls that lost their connection").isNotEmpty();
        assertThat((long) lost.size())
                .as("at most one lost call per acknowledgement lost")
                .isLessThanOrEqualTo(counted);
        assertThat(lost).allSatisfy(op -> {
            assertThat(op.isWrite()).as("only writes are faulted: %s", op).isTrue();
            assertThat(op.status()).as("an unknown outcome: %s", op).isEqualTo(Op.Status.INFO);
            assertThat(windows)
                    .as("it was invoked before a window ended: %s", op)
                    .anySatisfy(w -> assertThat(op.invokeNanos()).isLessThanOrEqualTo(w.endNanos()));
        });
        assertThat(ReferenceStoreUnderAckLossTest.lostAcknowledgedWrites(
                        ops, h.header().processes() + 1, true))
                .as("acknowledged tokens missing from the final reads")
                .isZero();

        JsonNode reference = verdict("reference");
        assertThat(reference.path("result").asText()).isEqualTo("PASS");
        assertThat(reference.path("replay").asText())
                .endsWith("--faults ack-loss --fault-interval 300ms --fault-rate 0.1");
        assertThat(verdict("blind-write").path("result").asText()).isEqualTo("FAIL");
        assertThat(injections(
                        HistoryIo.read(out.resolve("append.blind-write.postgres.seed7.history.jsonl")), "ack-loss"))
                .as("the negative control ran under the fault too")
                .isNotEmpty();
    }

    @Test
    void slowDelaysEveryCallInsideItsWindowsAndTheReferenceStorePasses() throws IOException {
        Result r = run("slow");
        assertThat(r.code()).as("%s%n%s", r.stdout(), r.stderr()).isZero();
        HistoryIo.HistoryFile h = HistoryIo.read(out.resolve("append.reference.postgres.seed7.history.jsonl"));
        List<FaultEvent> windows = injections(h, "slow");
        assertThat(windows).as("slow injected").isNotEmpty();
        long delayed = windows.stream().mapToLong(FaultEvent::count).sum();
        List<Op> ops = h.history().ops();
        long inside = 0;
        for (FaultEvent w : windows) {
            Matcher m = BASE.matcher(w.action());
            assertThat(m.find()).as(w.action()).isTrue();
            long baseNanos = Long.parseLong(m.group(1)) * 1_000_000L;
            List<Op> within = ops.stream()
                    .filter(op -> op.invokeNanos() >= w.startNanos() && op.completeNanos() <= w.endNanos())
                    .toList();
            inside += within.size();
            // every store call sends at least one statement, and each waits at least the window's base
            assertThat(within)
                    .as("calls that ran wholly inside %s", w.action())
                    .allSatisfy(op -> assertThat(op.completeNanos() - op.invokeNanos())
                            .as("%s", op)
                            .isGreaterThanOrEqualTo(baseNanos));
        }
        assertThat(inside).as("calls that ran wholly inside a window").isPositive();
        assertThat(inside).as("each sent at least one delayed request").isLessThanOrEqualTo(delayed);
        assertThat(ReferenceStoreUnderAckLossTest.lostAcknowledgedWrites(
                        ops, h.header().processes() + 1, true))
                .isZero();
        assertThat(verdict("reference").path("result").asText()).isEqualTo("PASS");
        assertThat(verdict("blind-write").path("result").asText()).isEqualTo("FAIL");
    }

    @Test
    void aFaultRateOutOfBoundsIsAUsageErrorNamingTheValueAndTheBound() {
        Result r = main("--faults", "ack-loss", "--fault-rate", "1.5", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("cas-harness: --fault-rate must be in (0, 1], was 1.5\n");
    }

    private Result run(String fault, String... more) {
        List<String> args = new ArrayList<>(job("postgres:url=" + pg.url(), "reference,blind-write", fault, 7, out));
        args.addAll(List.of(more));
        return main(args.toArray(new String[0]));
    }

    /**
     * The arguments of a short main-job run of {@code stores} on append under {@code faults}: 3 s, a fault every
     * ~300 ms.
     */
    static List<String> job(String backend, String stores, String faults, long seed, Path out) {
        return List.of(
                "--backends",
                backend,
                "--workloads",
                "append",
                "--stores",
                stores,
                "--faults",
                faults,
                "--fault-interval",
                "300ms",
                "--duration",
                "3s",
                "--ops",
                "100000",
                "--seed",
                Long.toString(seed),
                "--out",
                out.toString());
    }

    private static Result main(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private JsonNode verdict(String store) throws IOException {
        return new ObjectMapper()
                .readTree(out.resolve("append." + store + ".postgres.seed7.verdict.json")
                        .toFile());
    }

    private static List<FaultEvent> injections(HistoryIo.HistoryFile h, String fault) {
        return h.header().faultEvents().stream()
                .filter(e -> e.fault().equals(fault)
                        && e.error() == null
                        && !e.action().startsWith("skipped"))
                .toList();
    }

    private record Result(int code, String stdout, String stderr) {}
}
