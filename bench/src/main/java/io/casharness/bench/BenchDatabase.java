package io.casharness.bench;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database one benchmark cell runs against, and the {@code bench_counter} table the raw-SQL baselines update.
 *
 * <p>PostgreSQL comes from {@code -Dcas.pg.url} / {@code CAS_PG_URL} when set (the {@link BenchMain} orchestrator
 * starts one embedded server and hands its URL to every fork), else an embedded server started here. SQLite is a
 * fresh file in a temporary directory (WAL, {@code synchronous=NORMAL}, busy timeout), deleted on close: every cell
 * starts from an empty database.
 *
 * <p>Not thread-safe for setup and reset (JMH calls those from one thread); the pools it hands out are.
 */
final class BenchDatabase implements AutoCloseable {
    static final String PG_URL_PROPERTY = "cas.pg.url";
    static final String PG_URL_ENV = "CAS_PG_URL";
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    enum Dialect {
        SQLITE,
        POSTGRES
    }

    private final Dialect dialect;
    private final String jdbcUrl;
    private final String source;
    private final Path sqliteDir;
    private final EmbeddedPostgres embedded;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private BenchDatabase(Dialect dialect, String jdbcUrl, String source, Path sqliteDir, EmbeddedPostgres embedded) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.source = source;
        this.sqliteDir = sqliteDir;
        this.embedded = embedded;
    }

    /** @param backend {@code sqlite} or {@code postgres} */
    static BenchDatabase open(String backend) {
        requireNonNull(backend, "backend");
        switch (backend) {
            case "sqlite" -> {
                try {
                    Path dir = Files.createTempDirectory("cas-bench-sqlite-");
                    Path file = dir.resolve("bench.db");
                    return new BenchDatabase(
                            Dialect.SQLITE, "jdbc:sqlite:" + file, "sqlite (WAL file " + file + ")", dir, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "postgres" -> {
                String url = externalPostgresUrl();
                if (url != null) {
                    return new BenchDatabase(Dialect.POSTGRES, url, "postgres (URL " + url + ")", null, null);
                }
                EmbeddedPostgres pg = startEmbedded();
                String embeddedUrl = pg.getJdbcUrl("postgres", "postgres");
                return new BenchDatabase(
                        Dialect.POSTGRES, embeddedUrl, "postgres (embedded on port " + pg.getPort() + ")", null, pg);
            }
            default -> throw new IllegalArgumentException("backend must be sqlite or postgres, was " + backend);
        }
    }

    static String externalPostgresUrl() {
        String url = System.getProperty(PG_URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(PG_URL_ENV);
        }
        return url == null || url.isBlank() ? null : url;
    }

    static EmbeddedPostgres startEmbedded() {
        try {
            return EmbeddedPostgres.builder()
                    // the benchmark measures contention, not the disk: same settings as a tuned CI database
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    Dialect dialect() {
        return dialect;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String describe() {
        return source;
    }

    /** The SQLite file, or null on PostgreSQL. */
    Path sqliteFile() {
        return sqliteDir == null ? null : sqliteDir.resolve("bench.db");
    }

    /** A HikariCP pool of exactly {@code size} autocommit connections, closed with this database. */
    DataSource newPool(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, was " + size);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(30_000);
        if (dialect == Dialect.SQLITE) {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
            SQLiteDataSource ds = new SQLiteDataSource(sqlite);
            ds.setUrl(jdbcUrl);
            config.setDataSource(ds);
        } else {
            config.setJdbcUrl(jdbcUrl);
        }
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
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
                    dialect == Dialect.POSTGRES
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
        if (dialect == Dialect.POSTGRES) {
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
        pools.forEach(HikariDataSource::close);
        pools.clear();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
            }
        }
        if (sqliteDir != null) {
            try (Stream<Path> files = Files.walk(sqliteDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
