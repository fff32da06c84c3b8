package io.casharness.scenario.cli;

import io.casharness.store.Backend;
import io.casharness.store.BackendProviders;
import io.casharness.store.internal.PostgresSource;
import io.casharness.store.jdbc.JdbcBackend;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens the main job's backends by name ({@link BackendProviders#open}), after checking their configuration: a PostgreSQL
 * URL given by {@code -Dcas.pg.url} or {@code CAS_PG_URL} must be a {@code jdbc:postgresql:} URL, and a failure to
 * open a database the user named is a configuration error that names where the URL came from.
 */
final class BackendOpener {
    static final List<String> NAMES = BackendProviders.names();

    private BackendOpener() {}

    /** A backend that would not open. */
    static final class OpenFailed extends RuntimeException {
        private final boolean configuration;

        OpenFailed(String message, boolean configuration) {
            super(message, null, false, false);
            this.configuration = configuration;
        }

        /** Whether the user's configuration is at fault (exit 2) rather than the environment (exit 3). */
        boolean configuration() {
            return configuration;
        }
    }

    /**
     * Checks what can be checked without opening anything.
     *
     * @throws IllegalArgumentException naming the variable or option and the value if the configuration is wrong
     */
    static void checkConfiguration(String name, Function<String, String> env, Function<String, String> properties) {
        if (!name.equals("postgres")) {
            return;
        }
        PostgresSource.Choice choice = PostgresSource.choose(env, properties, () -> false);
        if (choice.kind() == PostgresSource.Kind.EXTERNAL && !choice.url().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(choice.origin() + ": a PostgreSQL URL must start with jdbc:postgresql:,"
                    + " was " + PostgresSource.redact(choice.url()));
        }
    }

    /**
     * Opens the backend {@code name}; for {@code postgres}, on the URL {@code -Dcas.pg.url} or {@code CAS_PG_URL}
     * names in {@code properties} / {@code env}, else as {@link BackendProviders#open} chooses (Testcontainers, embedded).
     *
     * @throws OpenFailed with one line naming the backend, where its URL came from, and the cause
     */
    static Backend open(String name, Function<String, String> env, Function<String, String> properties) {
        PostgresSource.Choice choice =
                name.equals("postgres") ? PostgresSource.choose(env, properties, () -> false) : null;
        boolean external = choice != null && choice.kind() == PostgresSource.Kind.EXTERNAL;
        try {
            return external ? JdbcBackend.postgresAt(choice.url()) : BackendProviders.open(name, Map.of());
        } catch (RuntimeException e) {
            String where =
                    external ? choice.origin() + " (" + PostgresSource.redact(choice.url()) + ")" : "backend " + name;
            throw new OpenFailed(where + " would not open: " + rootCause(e), external);
        }
    }

    /** Where a backend's database came from, for the job's log: the variable or option that named its URL. */
    static String origin(String name, Function<String, String> env, Function<String, String> properties) {
        if (!name.equals("postgres")) {
            return "";
        }
        PostgresSource.Choice choice = PostgresSource.choose(env, properties, () -> false);
        return choice.kind() == PostgresSource.Kind.EXTERNAL ? " from " + choice.origin() : "";
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root == e
                ? e.getClass().getSimpleName() + ": " + message
                : e.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ": " + message + ")";
    }
}
