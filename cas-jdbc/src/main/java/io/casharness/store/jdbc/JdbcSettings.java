package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How a {@link JdbcBackend} sizes and times out its replicas' connections: the pool size of a replica that
 * {@link JdbcBackend#openReplica(io.casharness.store.StoreOptions)} opens, and a statement timeout.
 *
 * <p>The statement timeout is PostgreSQL's {@code statement_timeout} (a statement running longer is cancelled:
 * SQLState 57014, {@link io.casharness.store.ErrorClass#TRANSIENT}; 0 = none, the default) or SQLite's
 * {@code busy_timeout} (how long a statement or {@code BEGIN IMMEDIATE} waits for the lock before
 * {@code SQLITE_BUSY}, also TRANSIENT; 0 = fail at once; default {@value JdbcBackend#SQLITE_BUSY_TIMEOUT_MS} ms). It
 * applies to the replicas' pools and to {@link JdbcBackend#newPool}; the backend's own connections (migrations,
 * {@code reset()}) keep the default, so a short timeout cannot fail a migration.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param poolSize connections per replica, 1 to {@value #MAX_POOL_SIZE}
 * @param statementTimeoutMs the statement timeout in milliseconds, 0 to {@value #MAX_STATEMENT_TIMEOUT_MS}, or empty
 *     for the database's default
 */
public record JdbcSettings(int poolSize, OptionalInt statementTimeoutMs) {
    /** The largest replica pool a setting may name. */
    public static final int MAX_POOL_SIZE = 64;
    /** The longest statement timeout a setting may name: 10 minutes. */
    public static final int MAX_STATEMENT_TIMEOUT_MS = 600_000;
    /** The backend option that sets {@link #poolSize()}. */
    public static final String POOL_OPTION = "pool";
    /** The backend option that sets {@link #statementTimeoutMs()}. */
    public static final String STATEMENT_TIMEOUT_OPTION = "statementTimeout";

    private static final JdbcSettings DEFAULTS = new JdbcSettings(JdbcBackend.DEFAULT_POOL_SIZE, OptionalInt.empty());

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException naming the value and the bound
     */
    public JdbcSettings {
        requireNonNull(statementTimeoutMs, "statementTimeoutMs");
        checkBounds(POOL_OPTION, poolSize, 1, MAX_POOL_SIZE);
        if (statementTimeoutMs.isPresent()) {
            checkBounds(STATEMENT_TIMEOUT_OPTION, statementTimeoutMs.getAsInt(), 0, MAX_STATEMENT_TIMEOUT_MS);
        }
    }

    /** {@value JdbcBackend#DEFAULT_POOL_SIZE} connections per replica, the database's default statement timeout. */
    public static JdbcSettings defaults() {
        return DEFAULTS;
    }

    /**
     * With {@code poolSize} connections per replica.
     *
     * @throws IllegalArgumentException if poolSize is not 1 to {@value #MAX_POOL_SIZE}
     */
    public JdbcSettings withPoolSize(int poolSize) {
        return new JdbcSettings(poolSize, statementTimeoutMs);
    }

    /**
     * With a statement timeout of {@code ms} milliseconds.
     *
     * @throws IllegalArgumentException if ms is not 0 to {@value #MAX_STATEMENT_TIMEOUT_MS}
     */
    public JdbcSettings withStatementTimeoutMs(int ms) {
        return new JdbcSettings(poolSize, OptionalInt.of(ms));
    }

    /** Adds the two options, in help-text order, to a provider's {@code options()}. */
    static void describeOptions(Map<String, String> options, String statementTimeoutMeaning) {
        options.put(
                POOL_OPTION,
                "connections per replica, 1 to " + MAX_POOL_SIZE + " (default " + JdbcBackend.DEFAULT_POOL_SIZE + ")");
        options.put(
                STATEMENT_TIMEOUT_OPTION,
                "milliseconds, 0 to " + MAX_STATEMENT_TIMEOUT_MS + ": " + statementTimeoutMeaning);
    }

    /**
     * The settings the backend options {@code pool=} and {@code statementTimeout=} name; the defaults for those
     * absent. Other keys are ignored (the provider checks them).
     *
     * @throws IllegalArgumentException naming the option, the value and the bound
     */
    public static JdbcSettings fromOptions(Map<String, String> options) {
        JdbcSettings settings = defaults();
        String pool = options.get(POOL_OPTION);
        if (pool != null) {
            settings = settings.withPoolSize(parse(POOL_OPTION, pool, 1, MAX_POOL_SIZE));
        }
        String timeout = options.get(STATEMENT_TIMEOUT_OPTION);
        if (timeout != null) {
            settings = settings.withStatementTimeoutMs(
                    parse(STATEMENT_TIMEOUT_OPTION, timeout, 0, MAX_STATEMENT_TIMEOUT_MS));
        }
        return settings;
    }

    private static int parse(String option, String text, int min, int max) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " must be a whole number from " + min + " to " + max + ", was \"" + text + "\"", e);
        }
    }

    private static void checkBounds(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
