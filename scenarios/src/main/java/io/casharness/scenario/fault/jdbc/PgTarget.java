package io.casharness.scenario.fault.jdbc;

import io.casharness.scenario.fault.FrontedBackend;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the PostgreSQL faults aim at: the server connections of one backend's pools, told apart by their
 * {@code application_name} ({@link JdbcBackend#applicationName}: {@code <schema>/<pool>}), leaving out the
 * backend's own {@code cas-admin} pool and the fault injector's own connection. Stateless.
 */
final class PgTarget {
    /** The {@code application_name} of the fault injector's own connections, which no fault touches. */
    static final String INJECTOR = "cas-nemesis";

    private static final String STORE_BACKENDS = "SELECT pid, state, backend_xid IS NULL FROM pg_stat_activity"
            + " WHERE application_name LIKE ? ESCAPE '\\' AND application_name <> ? AND pid <> pg_backend_pid()"
            + " ORDER BY pid";

    private static final String TERMINATE = "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)), count(*)"
            + " FROM pg_stat_activity WHERE application_name LIKE ? ESCAPE '\\' AND application_name <> ?"
            + " AND pid <> pg_backend_pid()";

    private PgTarget() {}

    /**
     * The backend as a PostgreSQL {@link JdbcBackend} (the database of a {@link FrontedBackend}: replica processes'
     * connections carry the same {@code application_name}s), or null if it is not one.
     */
    static JdbcBackend postgres(Backend backend) {
        return FrontedBackend.databaseOf(backend) instanceof JdbcBackend j && j.dialect() == Dialect.POSTGRES
                ? j
                : null;
    }

    /** Why a PostgreSQL fault does not apply to {@code backend}, or null. */
    static String notPostgres(String fault, Backend backend) {
        return postgres(backend) != null
                ? null
                : fault + " acts on PostgreSQL server connections; " + backend.name() + " has none";
    }

    /** Whether the harness started {@code backend}'s server itself, on this host (embedded PostgreSQL). */
    static boolean embedded(JdbcBackend backend) {
        PostgresSource.Server s = backend.ownedServer();
        return s != null && s.kind() == PostgresSource.Kind.EMBEDDED;
    }

    /** What the faults say they aimed at. */
    static String describe(JdbcBackend backend) {
        return "connections " + backend.applicationName("*") + " (not " + backend.applicationName("cas-admin") + ")";
    }

    /** A connection of the injector's own, with short timeouts. */
    static Connection connect(JdbcBackend backend) throws SQLException {
        Properties p = new Properties();
        p.setProperty("ApplicationName", INJECTOR);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(backend.jdbcUrl(), p);
    }

    /**
     * A backend's server process, as {@code pg_stat_activity} last saw it (a stopped process reports nothing new, so
     * after a {@code SIGSTOP} this is where it stopped).
     *
     * @param pid the server process
     * @param busy running a statement or inside a transaction (any state but {@code idle})
     * @param betweenReadAndWrite inside a transaction, between two of its statements ({@code idle in transaction}),
     *     that has written nothing yet (no transaction id): it read or drew what it will write, and its write has not
     *     reached the server, so no row lock holds others back
     */
    record ServerBackend(long pid, boolean busy, boolean betweenReadAndWrite) {}

    /** The server processes of {@code backend}'s pools (not its admin pool, not {@code c}). */
    static List<ServerBackend> storeBackends(Connection c, JdbcBackend backend) throws SQLException {
        List<ServerBackend> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(STORE_BACKENDS)) {
            bind(ps, backend);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(2);
                    out.add(new ServerBackend(
                            rs.getLong(1),
                            state != null && !state.equals("idle"),
                            "idle in transaction".equals(state) && rs.getBoolean(3)));
                }
            }
        }
        return out;
    }

    /**
     * Whether {@code pid}'s process title (what {@code ps} shows; PostgreSQL sets it with {@code pg_stat_activity}'s
     * state, unless {@code update_process_title} is off) says it is idle inside a transaction. Read from
     * {@code /proc} in microseconds, where a query on {@code pg_stat_activity} takes milliseconds; false when it
     * cannot be read.
     */
    static boolean titleSaysIdleInTransaction(long pid) {
        try {
            String title = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.US_ASCII);
            return title.contains(" idle in transaction") && !title.contains("(aborted)");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Terminates the server processes of {@code backend}'s pools; returns {terminated, found}. */
    static long[] terminate(Connection c, JdbcBackend backend) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TERMINATE)) {
            bind(ps, backend);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static void bind(PreparedStatement ps, JdbcBackend backend) throws SQLException {
        String prefix = backend.applicationName("");
        ps.setString(1, prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%");
        ps.setString(2, backend.applicationName("cas-admin"));
    }

    /** The pid of {@code c}'s server process. */
    static long serverPid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, {@code INT}) to {@code pid}; returns whether it was sent. */
    static boolean signal(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One line for an event's error: the exception without a stack trace. */
    static String oneLine(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName()
                + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
