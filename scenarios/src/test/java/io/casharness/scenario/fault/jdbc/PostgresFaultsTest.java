package io.casharness.scenario.fault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.scenario.Seeds;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.jdbc.JdbcBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL faults do what their events say, checked from outside the fault: {@code kill} ends the very
 * server processes that served the store (they are gone from {@code pg_stat_activity}), {@code pause} leaves them
 * in the stopped state ({@code T} in {@code /proc}) while it runs and running after, {@code restart} replaces the
 * postmaster and the store works again. pause and restart need the embedded server (they skip, saying so, when
 * {@code CAS_PG_URL} names another); kill runs on any.
 */
class PostgresFaultsTest {
    static JdbcBackend pg;
    static CasStore store;
    static final ObjectKey KEY = new ObjectKey("k", "a");

    @BeforeAll
    static void open() {
        pg = JdbcBackend.postgres();
        store = pg.openReplica(StoreOptions.defaults().withReplicaName("replica-0"), 3);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    /** Reads until one succeeds (a pool may hand out a connection a fault ended); at most 5 tries. */
    private static void readWorks() {
        for (int i = 0; ; i++) {
            try {
                store.get(KEY);
                return;
            } catch (StoreAccessException e) {
                if (i >= 4) {
                    throw e;
                }
            }
        }
    }

    private static List<Long> storePids() throws SQLException {
        try (Connection c = PgTarget.connect(pg)) {
            return PgTarget.storeBackends(c, pg).stream()
                    .map(PgTarget.ServerBackend::pid)
                    .toList();
        }
    }

    private static void assumeEmbedded() {
        assumeTrue(PgTarget.embedded(pg), "needs the embedded server; this one is " + pg.describe());
    }

    @Test
    void killEndsTheStoresServerProcessesAndTheStoreGoesOn() throws Exception {
        readWorks();
        List<Long> before = storePids();
        assertThat(before).as("the store's pool holds connections").isNotEmpty();
        FaultEvent e = new KillFault().inject(pg, Seeds.forProcess(1, -1, 2), System.nanoTime());
        assertThat(e.error()).isNull();
        // the pool may have opened more connections since they were listed: every one found was terminated
        assertThat(e.count()).isGreaterThanOrEqualTo(before.size());
        assertThat(e.action()).isEqualTo("terminated " + e.count() + " of " + e.count() + " connections");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> storePids().stream().noneMatch(before::contains));
        readWorks();
    }

    @Test
    void pauseStopsServerProcessesWhileItRunsAndResumesThem() throws Exception {
        assumeEmbedded();
        readWorks();
        List<Long> pids = storePids();
        CompletableFuture<FaultEvent> running = CompletableFuture.supplyAsync(
                () -> new PauseFault().inject(pg, Seeds.forProcess(2, -1, 2), System.nanoTime()));
        AtomicLong seenStopped = new AtomicLong();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    seenStopped.set(
                            pids.stream().filter(p -> "T".equals(state(p))).count());
                    return seenStopped.get() > 0 || running.isDone();
                });
        FaultEvent e = running.get();
        assertThat(seenStopped.get())
                .as("server processes in state T during the pause")
                .isPositive();
        assertThat(e.count()).isPositive();
        // the fault lists the store's server processes itself, a moment after the test did: a pool may have opened
        // or closed a connection in between, so only the count it froze is pinned, not how many it found
        assertThat(e.action()).matches("froze " + e.count() + " of [1-9][0-9]* server processes for [0-9]+ ms");
        assertThat(pids).allSatisfy(p -> assertThat(state(p)).isNotEqualTo("T"));
        readWorks();
    }

    /** A connection of the store's, as the pause fault sees it (the backend's application name), autocommit off. */
    private static Connection storeConnection(String pool) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("ApplicationName", pg.applicationName(pool));
        Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), p);
        c.setAutoCommit(false);
        return c;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * pause aims at a transaction between a read and its write: of two connections idle inside a transaction, it
     * freezes the one that has only read, not the one that has written (it holds a transaction id and its row locks),
     * and no other; the event says where it froze. Its negative control: with no transaction between a read and its
     * write, it freezes elsewhere and says nothing of a window.
     */
    @Test
    void pauseFreezesATransactionBetweenAReadAndItsWriteAndOnlyThat() throws Exception {
        assumeEmbedded();
        try (Connection reader = storeConnection("window-reader");
                Connection writer = storeConnection("window-writer")) {
            run(reader, "SELECT count(*) FROM objects");
            run(writer, "SELECT txid_current()");
            long readerPid;
            long writerPid;
            try (Connection c = PgTarget.connect(pg)) {
                readerPid = pidOf(c, "window-reader");
                writerPid = pidOf(c, "window-writer");
            }
            assertThat(PgTarget.titleSaysIdleInTransaction(readerPid)).isTrue();
            CompletableFuture<FaultEvent> running = CompletableFuture.supplyAsync(() -> new PauseFault()
                    .inject(
                            pg,
                            Seeds.forProcess(5, -1, 2),
                            System.nanoTime() + Duration.ofSeconds(10).toNanos()));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> "T".equals(state(readerPid)) || running.isDone());
            assertThat(state(readerPid)).as("the reader during the pause").isEqualTo("T");
            // both are stopped while the fault looks where they stood; the writer is resumed at once, the reader not
            Awaitility.await()
                    .atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> !"T".equals(state(writerPid)));
            assertThat(state(readerPid))
                    .as("the reader once the writer runs again")
                    .isEqualTo("T");
            FaultEvent e = running.get();
            assertThat(e.count()).as(e.action() + " " + listing()).isEqualTo(1);
            assertThat(e.action())
                    .matches("froze 1 of [1-9][0-9]* server processes between a read and its write for [0-9]+ ms");
            assertThat(state(readerPid)).isNotEqualTo("T");
            reader.rollback();
            writer.rollback();
        }
        FaultEvent elsewhere = new PauseFault()
                .inject(
                        pg,
                        Seeds.forProcess(6, -1, 2),
                        System.nanoTime() + Duration.ofMillis(300).toNanos());
        assertThat(elsewhere.count()).isPositive();
        assertThat(elsewhere.action()).doesNotContain("between").matches("froze [1-9][0-9]* of .*");
    }

    private static String listing() throws SQLException {
        try (Connection c = PgTarget.connect(pg)) {
            return PgTarget.storeBackends(c, pg).toString();
        }
    }

    private static long pidOf(Connection c, String pool) throws SQLException {
        try (java.sql.PreparedStatement ps =
                c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, pg.applicationName(pool));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(pool + " connected").isTrue();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void restartReplacesThePostmasterAndTheStoreWorksAgain() throws Exception {
        assumeEmbedded();
        readWorks();
        long before = postmaster();
        FaultEvent e = new RestartFault().inject(pg, Seeds.forProcess(3, -1, 2), System.nanoTime());
        assertThat(e.error()).as(e.action()).isNull();
        assertThat(e.count()).isEqualTo(1);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false))
                .as("the old postmaster is gone")
                .isFalse();
        long after = postmaster();
        assertThat(after).isNotEqualTo(before);
        readWorks();
    }

    @Test
    void aRestartedEmbeddedServerLeavesNothingBehindOnceItsBackendCloses() throws Exception {
        assumeEmbedded();
        JdbcBackend own = JdbcBackend.postgres();
        long postmaster;
        Path dataDir;
        try {
            FaultEvent e = new RestartFault().inject(own, Seeds.forProcess(4, -1, 2), System.nanoTime());
            assertThat(e.error()).as(e.action()).isNull();
            try (Connection c = PgTarget.connect(own)) {
                ProcessHandle pm = ProcessHandle.of(PgTarget.serverPid(c))
                        .flatMap(ProcessHandle::parent)
                        .orElseThrow();
                postmaster = pm.pid();
                List<String> args = List.of(pm.info().arguments().orElseThrow());
                dataDir = Path.of(args.get(args.indexOf("-D") + 1));
            }
            assertThat(dataDir).isDirectory();
        } finally {
            own.close();
        }
        long pid = postmaster;
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(dataDir).as("the data directory of the restarted server").doesNotExist();
    }

    @Test
    void restartAndPauseAreSkippedOnAServerGivenByUrlUnlessRestartIsAllowed() {
        try (JdbcBackend byUrl = JdbcBackend.postgresAt(pg.jdbcUrl())) {
            assertThat(new RestartFault().skipReason(byUrl, FaultPlan.NONE))
                    .isEqualTo("the server was given by URL, not started by the harness: --allow-restart permits"
                            + " restarting it");
            assertThat(new RestartFault()
                            .skipReason(
                                    byUrl, new FaultPlan(List.of("restart"), FaultPlan.DEFAULT_INTERVAL, 0.05, true)))
                    .isNull();
            assertThat(new PauseFault().skipReason(byUrl, FaultPlan.NONE)).startsWith("pause signals server processes");
            assertThat(new KillFault().skipReason(byUrl, FaultPlan.NONE)).isNull();
        }
    }

    private static long postmaster() throws SQLException {
        try (Connection c = PgTarget.connect(pg)) {
            return ProcessHandle.of(PgTarget.serverPid(c))
                    .flatMap(ProcessHandle::parent)
                    .orElseThrow()
                    .pid();
        }
    }

    /** The process state letter from {@code /proc/PID/stat} ({@code T} stopped), or "gone". */
    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }
}
