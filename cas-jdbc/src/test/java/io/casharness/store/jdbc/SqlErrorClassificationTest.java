package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@link SqlErrorClassifier} on real exceptions provoked from real databases: no hand-built SQLExceptions, so a driver that
 * changes its codes breaks these tests rather than the classification in production.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlErrorClassificationTest {
    @TempDir
    Path dir;

    private JdbcBackend postgres;

    @BeforeAll
    void open(PostgresSource.Server server) throws SQLException {
        postgres = JdbcBackend.postgresOn(server, false);
        try (Connection c = pg();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
        }
    }

    @AfterAll
    void close() {
        postgres.close();
    }

    private Connection pg() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl());
    }

    private Connection sqlite(Path file, int busyTimeoutMs) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(busyTimeoutMs);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds.getConnection();
    }

    @Test
    void sqliteBusyIsTransientAndCarriesTheCode() throws SQLException {
        Path file = dir.resolve("busy.db");
        try (Connection holder = sqlite(file, 0);
                Connection waiter = sqlite(file, 50);
                Statement h = holder.createStatement();
                Statement w = waiter.createStatement()) {
            h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            h.execute("BEGIN IMMEDIATE");
            SQLException busy = catchThrowableOfType(SQLException.class, () -> w.execute("BEGIN IMMEDIATE"));
            assertThat((Throwable) busy).isInstanceOf(SQLiteException.class);
            assertThat(((SQLiteException) busy).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY);
            StoreAccessException e = SqlErrorClassifier.classify(busy, "sqlite", "begin");
            assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.backend()).isEqualTo("sqlite");
            assertThat(e.vendorCode()).isEqualTo(5);
            h.execute("ROLLBACK");
        }
    }

    /**
     * Why the store uses BEGIN IMMEDIATE: a deferred transaction that read, then tries to write after another
     * connection committed, fails at once with SQLITE_BUSY_SNAPSHOT although busy_timeout is 10 s — waiting cannot
     * make its snapshot fresh. (Classified TRANSIENT like every BUSY.)
     */
    @Test
    void deferredReadThenWriteFailsWithBusySnapshotDespiteBusyTimeout() throws SQLException {
        Path file = dir.resolve("snapshot.db");
        try (Connection reader = sqlite(file, 10_000);
                Connection writer = sqlite(file, 10_000);
                Statement r = reader.createStatement();
                Statement w = writer.createStatement()) {
            r.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            r.execute("INSERT INTO t VALUES (1, 0)");
            r.execute("BEGIN DEFERRED");
            r.executeQuery("SELECT v FROM t WHERE id = 1").close();
            w.execute("UPDATE t SET v = 1 WHERE id = 1");
            long start = System.nanoTime();
            SQLException upgrade =
                    catchThrowableOfType(SQLException.class, () -> r.execute("UPDATE t SET v = 2 WHERE id = 1"));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(((SQLiteException) upgrade).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT);
            assertThat(waitedMs).as("busy_timeout did not apply").isLessThan(10_000);
            assertThat(SqlErrorClassifier.classOf(upgrade)).isEqualTo(ErrorClass.TRANSIENT);
            r.execute("ROLLBACK");
        }
    }

    @Test
    void sqliteUniqueAndPrimaryKeyViolationsAreUniqueViolations() throws SQLException {
        try (Connection c = sqlite(dir.resolve("unique.db"), 0);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)");
            s.execute("INSERT INTO t VALUES (1, 'a')");
            SQLException pk =
                    catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1, 'b')"));
            SQLException uq =
                    catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (2, 'a')"));
            assertThat(((SQLiteException) pk).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
            assertThat(((SQLiteException) uq).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
            assertThat(SqlErrorClassifier.classOf(pk)).isEqualTo(ErrorClass.UNIQUE_VIOLATION);
            assertThat(SqlErrorClassifier.classOf(uq)).isEqualTo(ErrorClass.UNIQUE_VIOLATION);
            s.execute("CREATE TABLE n (x NOT NULL)");
            SQLException notNull =
                    catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO n VALUES (NULL)"));
            assertThat(SqlErrorClassifier.classOf(notNull)).isEqualTo(ErrorClass.FATAL);
            SQLException syntax = catchThrowableOfType(SQLException.class, () -> s.execute("SELEC 1"));
            assertThat(SqlErrorClassifier.classOf(syntax)).isEqualTo(ErrorClass.FATAL);
        }
    }

    @Test
    void postgresUniqueViolationAndSyntaxError() throws SQLException {
        try (Connection c = pg();
                Statement s = c.createStatement()) {
            SQLException dup = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1, 1)"));
            assertThat(dup.getSQLState()).isEqualTo("23505");
            assertThat(SqlErrorClassifier.classOf(dup)).isEqualTo(ErrorClass.UNIQUE_VIOLATION);
            SQLException syntax = catchThrowableOfType(SQLException.class, () -> s.execute("SELEC 1"));
            assertThat(syntax.getSQLState()).isEqualTo("42601");
            assertThat(SqlErrorClassifier.classOf(syntax)).isEqualTo(ErrorClass.FATAL);
        }
    }

    @Test
    void postgresLockNotAvailableIsTransient() throws SQLException {
        try (Connection a = pg();
                Connection b = pg();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            sa.executeQuery("SELECT * FROM t WHERE id = 1 FOR UPDATE").close();
            SQLException nowait = catchThrowableOfType(
                    SQLException.class, () -> sb.executeQuery("SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT"));
            assertThat(nowait.getSQLState()).isEqualTo("55P03");
            assertThat(SqlErrorClassifier.classOf(nowait)).isEqualTo(ErrorClass.TRANSIENT);
            a.rollback();
        }
    }

    @Test
    void postgresSerializationFailureIsTransient() throws SQLException {
        try (Connection a = pg();
                Connection b = pg();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            sa.executeQuery("SELECT v FROM t WHERE id = 2").close();
            sb.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 2");
            SQLException serial =
                    catchThrowableOfType(SQLException.class, () -> sa.executeUpdate("UPDATE t SET v = 9 WHERE id = 2"));
            assertThat(serial.getSQLState()).isEqualTo("40001");
            assertThat(SqlErrorClassifier.classOf(serial)).isEqualTo(ErrorClass.TRANSIENT);
            a.rollback();
        }
    }

    @Test
    void postgresDeadlockIsTransient() throws Exception {
        try (Connection a = pg();
                Connection b = pg();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 1");
            sb.executeUpdate("UPDATE t SET v = v + 1 WHERE id = 2");
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<SQLException> aSide = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                return catchThrowableOfType(
                        SQLException.class, () -> sa.executeUpdate("UPDATE t SET v = 0 WHERE id = 2"));
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // the server detects the cycle whichever statement arrives second (deadlock_timeout, 1 s by default)
            SQLException bSide =
                    catchThrowableOfType(SQLException.class, () -> sb.executeUpdate("UPDATE t SET v = 0 WHERE id = 1"));
            if (bSide == null) {
                b.rollback();
            }
            SQLException aFailure = aSide.get(30, TimeUnit.SECONDS);
            SQLException deadlock = bSide != null ? bSide : aFailure;
            assertThat((Throwable) deadlock).isNotNull();
            assertThat(deadlock.getSQLState()).isEqualTo("40P01");
            assertThat(SqlErrorClassifier.classOf(deadlock)).isEqualTo(ErrorClass.TRANSIENT);
            a.rollback();
            b.rollback();
        }
    }

    @Test
    void postgresTerminatedConnectionIsConnectionLost() throws SQLException {
        try (Connection victim = pg();
                Connection admin = pg();
                Statement v = victim.createStatement();
                Statement s = admin.createStatement()) {
            var rs = v.executeQuery("SELECT pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);
            rs.close();
            s.executeQuery("SELECT pg_terminate_backend(" + pid + ")").close();
            SQLException lost = catchThrowableOfType(SQLException.class, () -> v.executeQuery("SELECT 1"));
            assertThat(lost.getSQLState()).matches("08.*|57P01");
            StoreAccessException e = SqlErrorClassifier.classify(lost, "postgres", "select");
            assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
            assertThat(e.outcomeUnknown()).isTrue();
        }
    }

    @Test
    void poolTimeoutIsTransient() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection only = pool.getConnection()) {
            assertThat(only.isValid(1)).isTrue();
            SQLException timeout = catchThrowableOfType(SQLException.class, pool::getConnection);
            assertThat((Throwable) timeout).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(SqlErrorClassifier.classOf(timeout)).isEqualTo(ErrorClass.TRANSIENT);
        }
    }

    @Test
    void storeErrorsCarryBackendSqlStateAndCode() throws SQLException {
        try (JdbcBackend doomed = JdbcBackend.postgresOn(
                        new PostgresSource.Server(
                                postgres.jdbcUrl().replaceAll("currentSchema=[^&]*", "currentSchema=cas_doomed"),
                                PostgresSource.Kind.EXTERNAL,
                                "test",
                                "",
                                () -> {}),
                        false);
                CasStore store = doomed.openReplica(StoreOptions.defaults())) {
            try (Connection c = DriverManager.getConnection(doomed.jdbcUrl());
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE objects");
            }
            assertThatThrownBy(() -> store.get(ObjectKey.of("sandbox", "a")))
                    .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
                        assertThat(e.backend()).isEqualTo("postgres");
                        assertThat(e.sqlState()).isEqualTo("42P01");
                        assertThat(e.getMessage()).contains("get sandbox/a", "42P01");
                    });
        } finally {
            try (Connection c = pg();
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS cas_doomed CASCADE");
            }
        }
    }
}
