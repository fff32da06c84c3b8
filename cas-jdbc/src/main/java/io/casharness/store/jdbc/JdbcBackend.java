package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.casharness.store.Backend;
import io.casharness.store.StoreOptions;
import io.casharness.store.internal.PostgresSource;
import io.casharness.store.internal.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite file or a PostgreSQL schema, migrated on open, from which replicas ({@link JdbcCasStore}s, one HikariCP
 * pool each) are opened.
 *
 * <h2>SQLite</h2>
 * One database file ({@link #sqliteTemp()}: in a fresh temp directory, deleted on close). Every connection uses WAL,
 * {@code busy_timeout} = {@value #SQLITE_BUSY_TIMEOUT_MS} ms, {@code synchronous=NORMAL} (durable across a crash of
 * this process, not across power loss: enough for a harness) and {@code TransactionMode.IMMEDIATE}, so that every
 * JDBC transaction on these pools — the store's writes and the pools {@link #newPool} hands out — starts with
 * {@code BEGIN IMMEDIATE}.
 *
 * <h2>PostgreSQL</h2>
 * {@link #postgres()} takes the server from {@link PostgresSource} (explicit URL, else Testcontainers when Docker
 * answers, else embedded); {@link #postgresAt(String)} takes a URL. The backend works in ONE schema, so it never
 * touches other data in the database: the schema named by the URL's {@code currentSchema} parameter (joined,
 * never dropped), else a fresh {@code cas_<12 hex>} schema created here and dropped on close. A unique schema per
 * backend lets test classes and parallel runs share one server without colliding. {@link #jdbcUrl()} always names
 * the schema, so another process that opens {@code postgresAt(backend.jdbcUrl())} joins the same data — that is how
 * replicas in separate JVMs share one database.
 *
 * <p>Thread-safe. Closing the backend closes its replicas and pools, drops a schema it created and stops a server it
 * started.
 */
public final class JdbcBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);

    /** Connections per replica when not given. */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** The largest pool {@link #newPool} and {@link #openReplica(StoreOptions, int)} accept. */
    public static final int MAX_POOL_SIZE = 256;
    /** How long a SQLite statement or {@code BEGIN IMMEDIATE} waits for a lock before failing with BUSY. */
    public static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    /** How long a caller waits for a pooled connection before a TRANSIENT failure. */
    public static final long CONNECTION_TIMEOUT_MS = 30_000;

    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]*)");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqlDialect dialect;
    private final String jdbcUrl;
    private final String description;
    private final String schema;
    private final boolean ownsSchema;
    private final AutoCloseable owned;
    private final int busyTimeoutMs;
    private final HikariDataSource admin;
    private final List<JdbcCasStore> replicas = new CopyOnWriteArrayList<>();
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    private final AtomicInteger poolNumber = new AtomicInteger();
    private volatile boolean closed;

    private JdbcBackend(
            SqlDialect dialect,
            String jdbcUrl,
            String schema,
            boolean ownsSchema,
            AutoCloseable owned,
            int busyTimeoutMs,
            String descriptionPrefix,
            String descriptionSuffix) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.ownsSchema = ownsSchema;
        this.owned = owned;
        this.busyTimeoutMs = busyTimeoutMs;
        this.admin = pool("cas-admin", 2);
        try {
            Migrations.migrate(admin, dialect.dialect(), schema, null);
            String version = Jdbi.create(admin)
                    .withHandle(h -> h.createQuery(
                                    dialect.dialect() == Dialect.POSTGRES
                                            ? "SHOW server_version"
                                            : "SELECT sqlite_version()")
                            .mapTo(String.class)
                            .one());
            this.description = descriptionPrefix + version.split(" ")[0] + descriptionSuffix;
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        LOG.info("opened {} ({})", description, PostgresSource.redact(jdbcUrl));
    }

    /**
     * A backend on the SQLite file {@code file} (created if missing, migrated). The file stays on close.
     *
     * @throws NullPointerException if file is null
     */
    public static JdbcBackend sqlite(Path file) {
        requireNonNull(file, "file");
        return sqlite(file.toAbsolutePath(), () -> {}, SQLITE_BUSY_TIMEOUT_MS);
    }

    /** A backend on a SQLite file in a fresh temp directory, which close() deletes. */
    public static JdbcBackend sqliteTemp() {
        Path dir;
        try {
            dir = Files.createTempDirectory("cas-sqlite-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for SQLite", e);
        }
        return sqlite(dir.resolve("cas.db"), () -> deleteTree(dir), SQLITE_BUSY_TIMEOUT_MS);
    }

    /** With another busy timeout: for tests that provoke SQLITE_BUSY through the store. */
    static JdbcBackend sqlite(Path file, AutoCloseable cleanup, int busyTimeoutMs) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return new JdbcBackend(
                    SqliteDialect.INSTANCE,
                    "jdbc:sqlite:" + file,
                    null,
                    false,
                    cleanup,
                    busyTimeoutMs,
                    "sqlite (file " + file + ", SQLite ",
                    ")");
        } catch (IOException e) {
            closeQuietly(cleanup);
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(cleanup);
            throw e;
        }
    }

    /**
     * A backend on PostgreSQL from the first source that applies: explicit URL ({@code -Dcas.pg.url} /
     * {@code CAS_PG_URL}), Testcontainers when Docker answers, else embedded. Logs the source; {@link #describe()}
     * names it. A server started here is stopped on close.
     */
    public static JdbcBackend postgres() {
        PostgresSource.Server server = PostgresSource.start();
        return postgresOn(server, server.kind() != PostgresSource.Kind.EXTERNAL);
    }

    /**
     * A backend on the PostgreSQL server at {@code jdbcUrl} (credentials in the URL). Uses the URL's
     * {@code currentSchema} if it names one, else a fresh schema dropped on close.
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL or names an invalid schema
     */
    public static JdbcBackend postgresAt(String jdbcUrl) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "a PostgreSQL URL must start with jdbc:postgresql:, was " + PostgresSource.redact(jdbcUrl));
        }
        return postgresOn(
                new PostgresSource.Server(
                        jdbcUrl,
                        PostgresSource.Kind.EXTERNAL,
                        "external",
                        "at " + PostgresSource.redact(jdbcUrl),
                        () -> {}),
                false);
    }

    /** A backend in a fresh (or URL-named) schema on {@code server}; stops the server on close if {@code owns}. */
    static JdbcBackend postgresOn(PostgresSource.Server server, boolean owns) {
        AutoCloseable stop = owns ? server : () -> {};
        try {
            String url = server.url();
            Matcher m = CURRENT_SCHEMA.matcher(url);
            String schema;
            boolean ownsSchema;
            if (m.find()) {
                schema = m.group(1);
                ownsSchema = false;
                if (!SCHEMA_NAME.matcher(schema).matches()) {
                    throw new IllegalArgumentException(
                            "currentSchema must match " + SCHEMA_NAME.pattern() + ", was " + Validation.show(schema));
                }
            } else {
                schema = "cas_" + HexFormat.of().formatHex(randomBytes());
                ownsSchema = true;
                url = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            }
            return new JdbcBackend(
                    PostgresDialect.INSTANCE,
                    url,
                    schema,
                    ownsSchema,
                    stop,
                    0,
                    "postgres (" + server.label() + " PostgreSQL ",
                    " " + server.location() + ", schema " + schema + ")");
        } catch (RuntimeException e) {
            closeQuietly(stop);
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public String name() {
        return dialect.dialect().backendName();
    }

    /**
     * PostgreSQL: true, every version is {@code nextval} of one sequence. SQLite: false, versions are per key
     * (migration V4), so that an update commits one page; they still rise across delete and re-create.
     */
    @Override
    public boolean versionsUniqueAcrossKeys() {
        return dialect.dialect() == Dialect.POSTGRES;
    }

    /** {@code SQLITE} or {@code POSTGRES}. */
    public Dialect dialect() {
        return dialect.dialect();
    }

    /**
     * The JDBC URL of this database; for PostgreSQL it names the schema ({@code currentSchema=...}), so
     * {@code postgresAt(jdbcUrl())} in another process joins the same data. May carry credentials: redact before
     * printing.
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The PostgreSQL schema this backend works in, or {@code null} for SQLite. */
    public String schema() {
        return schema;
    }

    /**
     * The {@code application_name} of this backend's PostgreSQL connections from the pool {@code poolName}:
     * {@code <schema>/<poolName>}, cut to the server's 63 bytes. Every pool's name starts with {@code cas-} (the
     * replicas', {@code cas-admin} this backend's own) or is the name given to {@link #newPool}.
     */
    public String applicationName(String poolName) {
        String name = schema + "/" + poolName;
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    /**
     * The PostgreSQL server this backend started and stops on close (embedded, Testcontainers), or {@code null} for
     * SQLite and for a server given by URL.
     */
    public PostgresSource.Server ownedServer() {
        return owned instanceof PostgresSource.Server s ? s : null;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * A new HikariCP pool of {@code size} connections on this database, configured like the replicas' pools (for
     * SQLite: WAL, busy timeout, {@code BEGIN IMMEDIATE} transactions). For code that issues its own SQL: bug-zoo
     * stores, benchmark baselines. The caller may close it; close() of this backend closes it anyway.
     *
     * @throws IllegalArgumentException if the name is blank or the size is not 1 to {@value #MAX_POOL_SIZE}
     * @throws IllegalStateException after close
     */
    public DataSource newPool(String poolName, int size) {
        requireNonNull(poolName, "poolName");
        if (poolName.isBlank()) {
            throw new IllegalArgumentException("poolName must not be blank");
        }
        checkPoolSize(size);
        ensureOpen();
        HikariDataSource pool = pool(poolName + "-" + poolNumber.incrementAndGet(), size);
        pools.add(pool);
        return pool;
    }

    /** A replica with {@value #DEFAULT_POOL_SIZE} connections. */
    @Override
    public JdbcCasStore openReplica(StoreOptions options) {
        return openReplica(options, DEFAULT_POOL_SIZE);
    }

    /**
     * A replica: one store with its own pool of {@code poolSize} connections.
     *
     * @throws IllegalArgumentException if poolSize is not 1 to {@value #MAX_POOL_SIZE}
     * @throws IllegalStateException after close
     */
    public JdbcCasStore openReplica(StoreOptions options, int poolSize) {
        requireNonNull(options, "options");
        checkPoolSize(poolSize);
        ensureOpen();
        HikariDataSource pool = pool("cas-" + options.replicaName() + "-" + poolNumber.incrementAndGet(), poolSize);
        JdbcCasStore store = new JdbcCasStore(dialect, pool, options, description, replicas::remove);
        replicas.add(store);
        return store;
    }

    /** Deletes every object. The version counter is NOT reset: versions keep rising across a reset (no ABA). */
    @Override
    public void reset() {
        ensureOpen();
        Jdbi.create(admin).useHandle(h -> h.execute(SqlDialect.DELETE_ALL));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (JdbcCasStore r : replicas) {
            run(failures, r::close);
        }
        for (HikariDataSource p : pools) {
            run(failures, p::close);
        }
        if (ownsSchema) {
            // the name was generated here from [0-9a-f]: an identifier cannot be a bind parameter
            run(
                    failures,
                    () -> Jdbi.create(admin).useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE")));
        }
        run(failures, admin::close);
        run(failures, owned::close);
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + description + " failed", failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private HikariDataSource pool(String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setAutoCommit(true);
        if (dialect.dialect() == Dialect.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(busyTimeoutMs);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            // setAutoCommit(false) then issues BEGIN IMMEDIATE: see SqliteDialect for why deferred fails under WAL
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl(jdbcUrl);
            c.setDataSource(ds);
        } else {
            c.setDriverClassName("org.postgresql.Driver");
            c.setJdbcUrl(jdbcUrl);
            // names every server connection after its schema and pool, so a fault injector (or a person reading
            // pg_stat_activity) can tell this backend's connections from others on a shared server
            c.addDataSourceProperty("ApplicationName", applicationName(name));
        }
        return new HikariDataSource(c);
    }

    private static void checkPoolSize(int size) {
        if (size < 1 || size > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("pool size must be between 1 and " + MAX_POOL_SIZE + ", was " + size);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backend is closed: " + description);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("cleanup failed", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
