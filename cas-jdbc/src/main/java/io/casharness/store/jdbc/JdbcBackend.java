package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.casharness.store.Backend;
import io.casharness.store.ErrorClass;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.internal.Validation;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
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
 * {@code busy_timeout} = {@value #SQLITE_BUSY_TIMEOUT_MS} ms (for the replicas: {@link JdbcSettings#statementTimeoutMs()}
 * if set), {@code synchronous=NORMAL} (durable across a crash of
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
 * <h2>Settings</h2>
 * {@link JdbcSettings}: connections per replica ({@value #DEFAULT_POOL_SIZE} by default) and a statement timeout
 * (PostgreSQL {@code statement_timeout}, SQLite {@code busy_timeout}); every factory has a variant that takes them.
 *
 * <h2>When opening fails</h2>
 * A pool that does not start or a migration that fails throws a {@link StoreAccessException} classified by
 * {@link SqlErrorClassifier} ({@code FATAL} for a missing database, bad credentials or a failing migration;
 * {@code TRANSIENT} when no connection came in time), whose message names the file or the URL (passwords shown as
 * {@code ***}) and the cause. Nothing half-made is left behind: a schema this open created (a fresh {@code cas_…}
 * schema, or a {@code currentSchema} that did not exist) is dropped, and a SQLite file this open created is deleted
 * with its {@code -wal} and {@code -shm} files. A schema or file that existed before is never dropped; PostgreSQL and
 * SQLite run each migration in a transaction, so it is left at its last complete version. A schema or file created
 * by a URL or path that another process may be opening at the same moment is kept when the failure was a lock or a
 * lost connection (not {@code FATAL}), since that process may be using it.
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
    private final JdbcSettings settings;
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
            JdbcSettings settings,
            String extraMigrations,
            String where,
            String descriptionPrefix,
            String descriptionSuffix) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.ownsSchema = ownsSchema;
        this.owned = owned;
        this.settings = requireNonNull(settings, "settings");
        String backend = dialect.dialect().backendName();
        String what = "cannot open " + where;
        try {
            this.admin = pool("cas-admin", 2, true);
        } catch (RuntimeException e) {
            throw SqlErrorClassifier.classify(e, backend, what + ": the connection pool did not start");
        }
        try {
            boolean schemaExisted = schema == null || schemaExists(admin, schema);
            try {
                Migrations.migrate(admin, dialect.dialect(), schema, null, extraMigrations);
            } catch (RuntimeException e) {
                StoreAccessException failure = SqlErrorClassifier.classify(
                        e,
                        backend,
                        what + ": "
                                + String.valueOf(e.getMessage())
                                        .lines()
                                        .findFirst()
                                        .orElse("migration failed"));
                if (!schemaExisted && (ownsSchema || failure.errorClass() == ErrorClass.FATAL)) {
                    dropSchema(failure);
                }
                throw failure;
            }
            String version = Jdbi.create(admin)
                    .withHandle(h -> h.createQuery(
                                    dialect.dialect() == Dialect.POSTGRES
                                            ? "SHOW server_version"
                                            : "SELECT sqlite_version()")
                            .mapTo(String.class)
                            .one());
            this.description = descriptionPrefix + version.split(" ")[0] + descriptionSuffix;
        } catch (StoreAccessException e) {
            admin.close();
            throw e;
        } catch (RuntimeException e) {
            admin.close();
            throw SqlErrorClassifier.classify(e, backend, what);
        }
        LOG.info("opened {} ({})", description, PostgresSource.redact(jdbcUrl));
    }

    private static boolean schemaExists(DataSource admin, String schema) {
        return Jdbi.create(admin)
                        .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_namespace WHERE nspname = :schema")
                                .bind("schema", schema)
                                .mapTo(Integer.class)
                                .one())
                > 0;
    }

    /** Drops the schema this open created, after its migration failed; a failure to drop is added to {@code cause}. */
    private void dropSchema(StoreAccessException cause) {
        try {
            // the name matched SCHEMA_NAME (or was generated from [0-9a-f]): an identifier cannot be a bind parameter
            Jdbi.create(admin).useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
            LOG.info("dropped schema {}, which this failed open had created", schema);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A backend on the SQLite file {@code file} (created if missing, migrated). The file stays on close.
     *
     * @throws NullPointerException if file is null
     */
    public static JdbcBackend sqlite(Path file) {
        return sqlite(file, JdbcSettings.defaults());
    }

    /**
     * A backend on the SQLite file {@code file} (created if missing, migrated) with {@code settings}. The file stays
     * on close.
     *
     * @throws NullPointerException if an argument is null
     * @throws StoreAccessException if the file cannot be opened or migrated (see "When opening fails")
     * @throws UncheckedIOException if the file's directory cannot be created
     */
    public static JdbcBackend sqlite(Path file, JdbcSettings settings) {
        requireNonNull(file, "file");
        return sqlite(file.toAbsolutePath(), () -> {}, settings, null);
    }

    /** A backend on a SQLite file in a fresh temp directory, which close() deletes. */
    public static JdbcBackend sqliteTemp() {
        return sqliteTemp(JdbcSettings.defaults());
    }

    /** A backend on a SQLite file in a fresh temp directory, which close() deletes, with {@code settings}. */
    public static JdbcBackend sqliteTemp(JdbcSettings settings) {
        requireNonNull(settings, "settings");
        Path dir;
        try {
            dir = Files.createTempDirectory("cas-sqlite-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for SQLite", e);
        }
        return sqlite(dir.resolve("cas.db"), () -> deleteTree(dir), settings, null);
    }

    /**
     * The SQLite backend; {@code extraMigrations}, a Flyway location or {@code null}, adds migrations (tests use it to
     * make one fail).
     */
    static JdbcBackend sqlite(Path file, AutoCloseable cleanup, JdbcSettings settings, String extraMigrations) {
        requireNonNull(settings, "settings");
        List<Path> created = new ArrayList<>();
        try {
            for (Path p = file.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
                created.add(0, p);
            }
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                created.add(file);
            }
            return new JdbcBackend(
                    SqliteDialect.INSTANCE,
                    "jdbc:sqlite:" + file,
                    null,
                    false,
                    cleanup,
                    settings,
                    extraMigrations,
                    "sqlite file " + file,
                    "sqlite (file " + file + ", SQLite ",
                    ")");
        } catch (IOException e) {
            closeQuietly(cleanup);
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        } catch (StoreAccessException e) {
            if (e.errorClass() == ErrorClass.FATAL) {
                deleteCreated(created, e);
            }
            closeQuietly(cleanup);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(cleanup);
            throw e;
        }
    }

    /** Deletes what a failed open created: the file with its journals, then the directories, deepest first. */
    private static void deleteCreated(List<Path> created, StoreAccessException cause) {
        List<Path> doomed = new ArrayList<>();
        for (Path p : created) {
            if (!Files.isDirectory(p)) {
                for (String suffix : List.of("-wal", "-shm", "-journal")) {
                    doomed.add(p.resolveSibling(p.getFileName() + suffix));
                }
            }
            doomed.add(p);
        }
        doomed.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : doomed) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * A backend on PostgreSQL from the first source that applies: explicit URL ({@code -Dcas.pg.url} /
     * {@code CAS_PG_URL}), Testcontainers when Docker answers, else embedded. Logs the source; {@link #describe()}
     * names it. A server started here is stopped on close.
     */
    public static JdbcBackend postgres() {
        return postgres(JdbcSettings.defaults());
    }

    /** {@link #postgres()} with {@code settings}. */
    public static JdbcBackend postgres(JdbcSettings settings) {
        requireNonNull(settings, "settings");
        PostgresSource.Server server = PostgresSource.start();
        return postgresOn(server, server.kind() != PostgresSource.Kind.EXTERNAL, settings, null);
    }

    /**
     * {@link #postgres(JdbcSettings)} in the schema {@code schema}, joined (created if absent, never dropped): several
     * processes on one server and schema share one database.
     *
     * @throws IllegalArgumentException if the schema's name is not a plain lower-case identifier
     */
    public static JdbcBackend postgresInSchema(JdbcSettings settings, String schema) {
        requireNonNull(settings, "settings");
        requireNonNull(schema, "schema");
        checkSchemaName(schema);
        PostgresSource.Server server = PostgresSource.start();
        PostgresSource.Server inSchema;
        try {
            inSchema = new PostgresSource.Server(
                    withSchema(server.url(), schema), server.kind(), server.label(), server.location(), server);
        } catch (RuntimeException e) {
            closeQuietly(server);
            throw e;
        }
        return postgresOn(inSchema, server.kind() != PostgresSource.Kind.EXTERNAL, settings, null);
    }

    /**
     * {@code jdbcUrl} with {@code currentSchema=schema}: the URL of that schema.
     *
     * @throws IllegalArgumentException if the schema's name is not a plain lower-case identifier, or the URL names
     *     another schema already
     */
    public static String withSchema(String jdbcUrl, String schema) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        checkSchemaName(requireNonNull(schema, "schema"));
        Matcher m = CURRENT_SCHEMA.matcher(jdbcUrl);
        if (m.find()) {
            if (m.group(1).equals(schema)) {
                return jdbcUrl;
            }
            throw new IllegalArgumentException("schema=" + schema + " but the URL names currentSchema="
                    + Validation.show(m.group(1)) + ": give one of them");
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void checkSchemaName(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must match " + SCHEMA_NAME.pattern() + ", was " + Validation.show(schema));
        }
    }

    /**
     * A backend on the PostgreSQL server at {@code jdbcUrl} (credentials in the URL). Uses the URL's
     * {@code currentSchema} if it names one, else a fresh schema dropped on close.
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL or names an invalid schema
     * @throws StoreAccessException if the database cannot be reached or migrated (see "When opening fails")
     */
    public static JdbcBackend postgresAt(String jdbcUrl) {
        return postgresAt(jdbcUrl, JdbcSettings.defaults());
    }

    /**
     * {@link #postgresAt(String)} with {@code settings}.
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL or names an invalid schema
     * @throws StoreAccessException if the database cannot be reached or migrated (see "When opening fails")
     */
    public static JdbcBackend postgresAt(String jdbcUrl, JdbcSettings settings) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(settings, "settings");
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
                false,
                settings,
                null);
    }

    /**
     * A backend in a fresh (or URL-named) schema on the server at {@code server.url()}, which closes {@code server}
     * on close: for a caller that starts a server itself, or puts something between the pools and a server (a fault
     * proxy, whose address {@code server.url()} then names, and whose closing {@code server.close()} does).
     * {@link #ownedServer()} is {@code server} unless its kind is {@code EXTERNAL}.
     *
     * @throws IllegalArgumentException if the URL names an invalid schema
     * @throws StoreAccessException if the database cannot be reached or migrated (see "When opening fails")
     */
    public static JdbcBackend postgresOn(PostgresSource.Server server, JdbcSettings settings) {
        return postgresOn(requireNonNull(server, "server"), true, requireNonNull(settings, "settings"), null);
    }

    /** A backend in a fresh (or URL-named) schema on {@code server}; stops the server on close if {@code owns}. */
    static JdbcBackend postgresOn(PostgresSource.Server server, boolean owns) {
        return postgresOn(server, owns, JdbcSettings.defaults(), null);
    }

    /** With {@code settings} and, if not {@code null}, the migrations of the Flyway location {@code extraMigrations}. */
    static JdbcBackend postgresOn(
            PostgresSource.Server server, boolean owns, JdbcSettings settings, String extraMigrations) {
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
                    settings,
                    extraMigrations,
                    "postgres at " + PostgresSource.redact(url),
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
        return owned instanceof PostgresSource.Server s && s.kind() != PostgresSource.Kind.EXTERNAL ? s : null;
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
        HikariDataSource pool = pool(poolName + "-" + poolNumber.incrementAndGet(), size, false);
        pools.add(pool);
        return pool;
    }

    /** A replica with {@link JdbcSettings#poolSize()} connections ({@value #DEFAULT_POOL_SIZE} unless set). */
    @Override
    public JdbcCasStore openReplica(StoreOptions options) {
        return openReplica(options, settings.poolSize());
    }

    /** The settings this backend was opened with. */
    public JdbcSettings settings() {
        return settings;
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
        HikariDataSource pool =
                pool("cas-" + options.replicaName() + "-" + poolNumber.incrementAndGet(), poolSize, false);
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

    /** A pool; the statement timeout applies unless it is the backend's own ({@code admin}). */
    private HikariDataSource pool(String name, int size, boolean admin) {
        OptionalInt timeout = admin ? OptionalInt.empty() : settings.statementTimeoutMs();
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setAutoCommit(true);
        if (dialect.dialect() == Dialect.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(timeout.orElse(SQLITE_BUSY_TIMEOUT_MS));
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            // setAutoCommit(false) then issues BEGIN IMMEDIATE: see SqliteDialect for why deferred fails under WAL
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl(jdbcUrl);
            c.setDataSource(ds);
        } else {
            c.setDriverClassName("org.postgresql.Driver");
            c.setJdbcUrl(jdbcUrl);
            if (timeout.isPresent()) {
                // an int checked by JdbcSettings, not text from the user
                c.setConnectionInitSql("SET statement_timeout = " + timeout.getAsInt());
            }
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
