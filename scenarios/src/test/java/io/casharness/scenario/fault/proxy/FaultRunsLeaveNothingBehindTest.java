package io.casharness.scenario.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.cli.Main;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run under {@code restart} or {@code ack-loss} leaves nothing behind, compared before and after, and each probe is
 * shown to see what it looks for while the run is on (so an empty "after" means gone, not unseen):
 *
 * <ul>
 *   <li>in a JVM of its own, with a temp dir of its own and the embedded server the job starts: no server process
 *       (the postmaster, which names its data directory under that temp dir, and its children), no Unix socket of
 *       the server's port, no file in the temp dir or the working directory (the embedded server's extracted
 *       binaries, a cache kept by design, are pointed elsewhere by {@code ot.epg.working-dir});
 *   <li>in this JVM, on a server of the test's own given by URL: no schema, no server connection of the job's, no
 *       thread of the fault proxy, nothing listening on the proxy's port.
 * </ul>
 */
class FaultRunsLeaveNothingBehindTest {
    private static final Pattern PG_PORT = Pattern.compile("embedded PostgreSQL [\\d.]+ on localhost:(\\d+)");
    private static final Pattern PROXY_PORT = Pattern.compile("through the fault proxy on 127\\.0\\.0\\.1:(\\d+)");
    private static final long RUN_LIMIT_SECONDS = 180;

    /** A process, told apart from a later one that reuses its pid by its start. */
    private record Proc(long pid, Instant start) {
        static Proc of(ProcessHandle p) {
            return new Proc(p.pid(), p.info().startInstant().orElse(Instant.EPOCH));
        }

        boolean alive() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(Proc::of)
                    .map(this::equals)
                    .orElse(false);
        }
    }

    @ParameterizedTest(name = "--faults {0}")
    @ValueSource(strings = {"restart", "ack-loss"})
    void aRunInItsOwnJvmLeavesNoServerProcessNoSocketAndNoFile(String faults, @TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        Path binaries = Files.createDirectories(dir.resolve("binaries"));
        Path out = dir.resolve("out");
        Path log = dir.resolve("job.log");
        Set<String> tmpBefore = listing(tmp);
        Set<String> cwdBefore = listing(cwd);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-Dot.epg.working-dir=" + binaries,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(ProxyFaultsRunTest.job("postgres", "reference", faults, 3, out));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(PostgresSource.ENV);
        pb.directory(cwd.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process job = pb.start();
        Map<Proc, String> seen = new HashMap<>();
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
        try {
            while (!job.waitFor(100, TimeUnit.MILLISECONDS)) {
                serverProcesses(tmp).forEach(seen::putIfAbsent);
                assertThat(System.nanoTime() - limit)
                        .as("the job ran past %d s", RUN_LIMIT_SECONDS)
                        .isNegative();
            }
        } finally {
            job.destroyForcibly();
        }
        String text = Files.readString(log);
        assertThat(job.exitValue()).as(text).isZero();
        assertThat(seen)
                .as("the probe saw the server's processes during the run")
                .isNotEmpty();

        HistoryIo.HistoryFile h = HistoryIo.read(out.resolve("append.reference.postgres.seed3.history.jsonl"));
        Map<String, Long> injected = h.header().faultEvents().stream()
                .filter(e -> !e.action().startsWith("skipped"))
                .peek(e -> assertThat(e.error()).as("%s", e).isNull())
                .collect(Collectors.groupingBy(FaultEvent::fault, Collectors.counting()));
        assertThat(injected.keySet())
                .as("every fault of %s injected at least once", faults)
                .containsExactlyInAnyOrder(faults.split(","));

        // a server process ends with the job: its postmaster is stopped before the job's JVM exits, and the last
        // children may take a moment to be reaped
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(seen.entrySet().stream()
                                .filter(e -> e.getKey().alive())
                                .map(e -> e.getKey().pid() + " " + e.getValue())
                                .toList())
                        .as("server processes alive after the job")
                        .isEmpty());
        assertThat(serverProcesses(tmp))
                .as("processes naming the job's temp dir")
                .isEmpty();
        Matcher port = PG_PORT.matcher(text);
        assertThat(port.find()).as(text).isTrue();
        assertThat(Path.of("/tmp/.s.PGSQL." + port.group(1))).doesNotExist();
        assertThat(Path.of("/tmp/.s.PGSQL." + port.group(1) + ".lock")).doesNotExist();
        assertThat(listing(tmp)).as("the job's temp dir").isEqualTo(tmpBefore);
        assertThat(listing(cwd)).as("the job's working directory").isEqualTo(cwdBefore);
    }

    @Test
    void anAckLossRunLeavesNoSchemaNoConnectionNoProxyThreadAndNoListeningSocket(@TempDir Path out) throws Exception {
        try (PostgresSource.Server pg = PostgresSource.startEmbedded()) {
            Set<String> schemasBefore = schemas(pg.url());
            Set<String> threadsBefore = proxyThreads();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            String[] args = ProxyFaultsRunTest.job("postgres:url=" + pg.url(), "reference", "ack-loss", 5, out)
                    .toArray(new String[0]);
            CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> Main.execute(
                    args,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8)));
            Set<String> schemasSeen = new TreeSet<>();
            Set<String> threadsSeen = new TreeSet<>();
            long connectionsSeen = 0;
            long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
            while (!job.isDone()) {
                schemasSeen.addAll(schemas(pg.url()));
                connectionsSeen = Math.max(connectionsSeen, jobConnections(pg.url()));
                threadsSeen.addAll(proxyThreads());
                assertThat(System.nanoTime() - limit)
                        .as("the job ran past %d s", RUN_LIMIT_SECONDS)
                        .isNegative();
                try {
                    job.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException pollAgain) {
                    // sampled again
                }
            }
            String text = stderr.toString(StandardCharsets.UTF_8);
            assertThat(job.get()).as(text).isZero();
            schemasSeen.removeAll(schemasBefore);
            threadsSeen.removeAll(threadsBefore);
            assertThat(schemasSeen).as("the job's schema, seen during the run").isNotEmpty();
            assertThat(connectionsSeen)
                    .as("the job's connections, seen during the run")
                    .isPositive();
            assertThat(threadsSeen)
                    .as("the proxy's threads, seen during the run")
                    .isNotEmpty();

            assertThat(schemas(pg.url())).as("schemas after the job").isEqualTo(schemasBefore);
            assertThat(jobConnections(pg.url()))
                    .as("the job's connections after it")
                    .isZero();
            Set<String> threadsAfter = proxyThreads();
            threadsAfter.removeAll(threadsBefore);
            assertThat(threadsAfter).as("proxy threads after the job").isEmpty();
            Matcher port = PROXY_PORT.matcher(text);
            assertThat(port.find()).as(text).isTrue();
            assertThatThrownBy(() -> new Socket("127.0.0.1", Integer.parseInt(port.group(1))).close())
                    .as("nothing listens on the proxy's port")
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** The postmasters whose command line names {@code tmp} (their data directory is there), and their children. */
    private static Map<Proc, String> serverProcesses(Path tmp) {
        String dir = tmp.toString();
        Map<Proc, String> out = new HashMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(a -> a.startsWith(dir)))
                .forEach(p -> {
                    out.put(Proc.of(p), p.info().commandLine().orElse("?"));
                    p.descendants()
                            .forEach(d ->
                                    out.put(Proc.of(d), d.info().commandLine().orElse("?")));
                });
        return out;
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith(PgFaultProxy.THREAD_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> schemas(String url) {
        Set<String> out = new TreeSet<>();
        query(url, "SELECT nspname FROM pg_namespace", rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The server connections of the job: its pools' ({@code <schema>/<pool>}) and the fault injector's. */
    private static long jobConnections(String url) {
        List<Long> n = new ArrayList<>();
        query(
                url,
                "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'cas%' AND pid <> pg_backend_pid()",
                rs -> n.add(rs.getLong(1)));
        return n.isEmpty() ? 0 : n.get(0);
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(String url, String sql, Row row) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the test's own query failed: " + e.getMessage(), e);
        }
    }
}
