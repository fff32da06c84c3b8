package io.casharness.bench;

import static java.util.Objects.requireNonNull;

import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The database one benchmark cell runs against — a {@link JdbcBackend}, so the baselines get pools configured like
 * the store's own — and the {@code bench_counter} table the raw-SQL baselines update.
 *
 * <p>PostgreSQL: {@code -Dcas.pg.url} / {@code CAS_PG_URL} when set (the {@link BenchMain} orchestrator starts one
 * embedded server and hands its URL to every fork), else {@link JdbcBackend#postgres()}; either way the backend works
 * in a fresh schema dropped on close. SQLite: a fresh WAL file in a temporary directory, deleted on close. So every
 * cell starts from an empty database.
 *
 * <p>Not thread-safe for setup and reset (JMH calls those from one thread); the pools it hands out are.
 */
final class BenchDatabase implements AutoCloseable {
    static final String PG_URL_PROPERTY = "cas.pg.url";
    static final String PG_URL_ENV = "CAS_PG_URL";

    private final JdbcBackend backend;

    private BenchDatabase(JdbcBackend backend) {
        this.backend = backend;
    }

    /** @param backend {@code sqlite} or {@code postgres} */
    static BenchDatabase open(String backend) {
        requireNonNull(backend, "backend");
        return switch (backend) {
            case "sqlite" -> new BenchDatabase(JdbcBackend.sqliteTemp());
            case "postgres" -> {
                String url = externalPostgresUrl();
                yield new BenchDatabase(url != null ? JdbcBackend.postgresAt(url) : JdbcBackend.postgres());
            }
            default -> throw new IllegalArgumentException("backend must be sqlite or postgres, was " + backend);
        };
    }

    static String externalPostgresUrl() {
        String url = System.getProperty(PG_URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(PG_URL_ENV);
        }
        return url == null || url.isBlank() ? null : url;
    }

    /**
     * The server {@link BenchMain} starts once per run. Durability is off (fsync, synchronous_commit): the benchmark
     * measures contention and round trips, not this machine's shared disk, whose latency would swamp both.
     */
    static EmbeddedPostgres startEmbedded() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    JdbcBackend backend() {
        return backend;
    }

    Dialect dialect() {
        return backend.dialect();
    }

    String describe() {
        return backend.describe();
    }

    /** A HikariCP pool of {@code size} autocommit connections from the backend, closed with it. */
    DataSource newPool(String name, int size) {
        return backend.newPool(name, size);
    }

    /**
     * Drops and re-creates {@code bench_counter} with {@code keys} rows at {@code v = 0}, then vacuums (PostgreSQL) or
     * truncates the WAL (SQLite), so no dead tuples or WAL from an earlier cell slow this one.
     */
    void resetCounters(DataSource admin, int keys) throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_counter");
            s.execute(
                    dialect() == Dialect.POSTGRES
                            ? "CREATE TABLE bench_counter (id INT PRIMARY KEY, v BIGINT NOT NULL, rv BIGINT NOT NULL)"
                            : "CREATE TABLE bench_counter (id INTEGER PRIMARY KEY, v INTEGER NOT NULL,"
                                    + " rv INTEGER NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bench_counter (id, v, rv) VALUES (?, 0, 1)")) {
                for (int k = 0; k < keys; k++) {
                    ins.setInt(1, k);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            settle(s, "bench_counter");
        }
    }

    /** VACUUM ANALYZE a table (PostgreSQL) or checkpoint and truncate the WAL (SQLite). */
    void settle(Statement s, String table) throws SQLException {
        if (dialect() == Dialect.POSTGRES) {
            s.execute("VACUUM ANALYZE " + table); // table names are constants of this module, never input
        } else {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** The sum of {@code v} over {@code bench_counter}: the number of increments that took effect. */
    long sumCounters(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(v), 0) FROM bench_counter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        backend.close();
    }
}
