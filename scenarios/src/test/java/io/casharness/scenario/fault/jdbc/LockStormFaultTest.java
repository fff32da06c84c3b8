package io.casharness.scenario.fault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Seeds;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.memory.MemoryBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lock-storm holds SQLite's write lock: while it runs, another connection that will not wait is refused the lock
 * (SQLITE_BUSY, counted); once it returns, the lock is free again. It applies to SQLite only.
 */
class LockStormFaultTest {
    static JdbcBackend sqlite;

    @BeforeAll
    static void open() {
        sqlite = JdbcBackend.sqliteTemp();
    }

    @AfterAll
    static void close() {
        sqlite.close();
    }

    /** Whether a connection with no busy timeout gets the write lock now. */
    private static boolean writeLockFree() throws SQLException {
        try (Connection c = DriverManager.getConnection(sqlite.jdbcUrl());
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            try {
                st.execute("BEGIN IMMEDIATE");
                st.execute("ROLLBACK");
                return true;
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("SQLITE_BUSY");
                return false;
            }
        }
    }

    @Test
    void theWriteLockIsHeldWhileTheFaultRunsAndFreeAfterIt() throws Exception {
        assertThat(writeLockFree()).as("the control: free before the fault").isTrue();
        LockStormFault fault = new LockStormFault();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        CompletableFuture<FaultEvent> running =
                CompletableFuture.supplyAsync(() -> fault.inject(sqlite, Seeds.forProcess(3, -1, 2), deadline));
        AtomicLong refused = new AtomicLong();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    if (!writeLockFree()) {
                        refused.incrementAndGet();
                    }
                    return refused.get() > 0 || running.isDone();
                });
        FaultEvent e = running.get();
        assertThat(refused.get())
                .as("BEGIN IMMEDIATE refused while the fault held the lock")
                .isPositive();
        assertThat(e.error()).isNull();
        assertThat(e.count()).isEqualTo(1);
        assertThat(e.action())
                .startsWith("held the write lock (BEGIN IMMEDIATE) for ")
                .contains("than the 10000 ms");
        assertThat(writeLockFree()).as("free again after the fault").isTrue();
    }

    @Test
    void itAppliesToSqliteOnly() {
        LockStormFault fault = new LockStormFault();
        assertThat(fault.skipReason(sqlite, FaultPlan.NONE)).isNull();
        try (MemoryBackend memory = new MemoryBackend()) {
            assertThat(fault.skipReason(memory, FaultPlan.NONE))
                    .isEqualTo("lock-storm takes SQLite's write lock; memory is not SQLite");
        }
    }
}
