package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.transaction.TransactionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite write transaction through the store: a write that cannot get the lock fails TRANSIENT, a write that
 * fails inside its transaction rolls back and releases the lock, and in both cases the pooled connection (one per
 * replica here, so the same one is reused) is left in autocommit mode with no transaction open.
 */
class SqliteWriteTransactionTest {
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "a");

    @TempDir
    Path dir;

    private JdbcBackend backend;
    private CasStore store;
    private Connection other;

    @BeforeEach
    void open() throws SQLException {
        Path file = dir.resolve("tx.db");
        backend = JdbcBackend.sqlite(file, JdbcSettings.defaults().withStatementTimeoutMs(100));
        store = backend.openReplica(StoreOptions.defaults(), 1);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        other = ds.getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        other.close();
        store.close();
        backend.close();
    }

    private Written put(String payload, WriteCondition condition) {
        return (Written) store.put(ObjectSpec.of(KEY, payload.getBytes()), condition);
    }

    @Test
    void writeThatCannotGetTheLockIsTransientAndLeavesTheConnectionUsable() throws SQLException {
        Written v1 = put("one", WriteCondition.mustCreate());
        try (Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> put("two", WriteCondition.matchVersion(v1.version())))
                    .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                        assertThat(e.backend()).isEqualTo("sqlite");
                        assertThat(e.vendorCode() & 0xff).isEqualTo(5);
                        assertEndedItsOwnTransaction(e);
                    });
            // WAL: readers are not blocked by the writer holding the lock
            assertThat(store.get(KEY)).contains(v1.object());
            s.execute("ROLLBACK");
        }
        Written v2 = put("two", WriteCondition.matchVersion(v1.version()));
        assertThat(v2.version()).isGreaterThan(v1.version());
        assertThat(store.get(KEY)).contains(v2.object());
        assertLockFree();
    }

    @Test
    void writeThatFailsInsideItsTransactionRollsBackAndReleasesTheLock() throws SQLException {
        Written v1 = put("one", WriteCondition.mustCreate());
        try (Statement s = other.createStatement()) {
            s.execute("ALTER TABLE rv_counter RENAME TO rv_counter_gone");
        }
        // a new object draws its version from rv_counter inside the BEGIN IMMEDIATE transaction
        ObjectSpec fresh = ObjectSpec.of(ObjectKey.of(KEY.kind(), "fresh"), "two".getBytes());
        assertThatThrownBy(() -> store.put(fresh, WriteCondition.unconditional()))
                .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
                    assertThat(e.getMessage()).contains("rv_counter");
                    assertEndedItsOwnTransaction(e);
                });
        assertLockFree();
        try (Statement s = other.createStatement()) {
            s.execute("ALTER TABLE rv_counter_gone RENAME TO rv_counter");
        }
        assertThat(store.get(KEY)).contains(v1.object());
        assertThat(store.get(fresh.key())).isEmpty();
        assertThat(store.put(fresh, WriteCondition.unconditional())).isInstanceOf(Written.class);
    }

    /**
     * Jdbi's safety net rolls back a transaction left open when a handle closes and records a suppressed
     * {@link TransactionException}: the store must not need it (the negative control: without the store's own
     * rollback this fails).
     */
    private static void assertEndedItsOwnTransaction(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        collect(e, all);
        assertThat(all).noneMatch(TransactionException.class::isInstance);
    }

    private static void collect(Throwable t, List<Throwable> into) {
        if (t == null || into.contains(t)) {
            return;
        }
        into.add(t);
        for (Throwable s : t.getSuppressed()) {
            collect(s, into);
        }
        collect(t.getCause(), into);
    }

    /** Another connection can take the write lock at once (busy timeout 0): nobody holds it. */
    private void assertLockFree() throws SQLException {
        try (Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        }
    }
}
