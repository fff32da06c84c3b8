package io.casharness.scenario.cli;

import io.casharness.grpc.GrpcBackendProvider;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.proxy.ProxiedPostgres;
import io.casharness.scenario.suite.Suite;
import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import io.casharness.store.StoreAccessException;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.JdbcSettings;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.function.Function;

/**
 * Opens the main job's backends through their {@link BackendProvider}s (found by {@link BackendProviders}, so any
 * provider on the class path can be named), after checking what can be checked without opening anything: the name,
 * the option keys, and a PostgreSQL URL given by {@code url=}, {@code -Dcas.pg.url} or {@code CAS_PG_URL}. A failure
 * the user's configuration causes (an unknown name or option, a value the provider refuses, a database the user
 * named that will not open) is a configuration error; anything else is the environment's.
 */
final class BackendOpener {
    /** The backends this project ships: their own store is the reference store. */
    static final List<String> REFERENCE = Suite.REFERENCE_BACKENDS;

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

    /** Whether {@code name} is one of the backends this project ships ({@link #REFERENCE}). */
    static boolean isReference(String name) {
        return Suite.isReference(name);
    }

    /** The providers whose backends are gateways reached over the store protocol, on either wire. */
    static final List<String> GATEWAYS = GrpcBackendProvider.GATEWAY_NAMES;

    /**
     * The names of every provider on the class path, the reference ones first.
     *
     * @throws IllegalArgumentException if two providers claim one name or one cannot be loaded
     */
    static List<String> names() {
        return providers().stream().map(BackendProvider::name).toList();
    }

    /**
     * The backends a job runs when none is named: every provider on the class path but the gateways' ({@code grpc},
     * {@code http}), whose endpoints must be named ({@code --target}).
     *
     * @throws IllegalArgumentException if two providers claim one name or one cannot be loaded
     */
    static List<String> defaultNames() {
        return names().stream().filter(n -> !GATEWAYS.contains(n)).toList();
    }

    /**
     * Every provider on the class path, the reference ones first.
     *
     * @throws IllegalArgumentException if two providers claim one name or one cannot be loaded
     */
    static List<BackendProvider> providers() {
        try {
            return BackendProviders.all();
        } catch (IllegalStateException | ServiceConfigurationError e) {
            throw new IllegalArgumentException("the class path's backend providers: " + e.getMessage(), e);
        }
    }

    /**
     * Checks what can be checked without opening anything.
     *
     * @throws IllegalArgumentException naming the backend, option or variable and the value if the configuration is
     *     wrong; for an unknown backend the message lists the available ones
     */
    static void checkConfiguration(
            BackendSpec spec, Function<String, String> env, Function<String, String> properties) {
        BackendProvider provider = provider(spec);
        try {
            BackendProviders.checkKeys(provider, spec.options());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--backends " + spec.text() + ": " + e.getMessage(), e);
        }
        if (!spec.name().equals("postgres")) {
            return;
        }
        String optionUrl = spec.options().get("url");
        if (optionUrl != null) {
            if (!optionUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--backends postgres:url=: a PostgreSQL URL must start with"
                        + " jdbc:postgresql:, was " + PostgresSource.redact(optionUrl));
            }
            return;
        }
        PostgresSource.Choice choice = PostgresSource.choose(env, properties, () -> false);
        if (choice.kind() == PostgresSource.Kind.EXTERNAL && !choice.url().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(choice.origin() + ": a PostgreSQL URL must start with jdbc:postgresql:,"
                    + " was " + PostgresSource.redact(choice.url()));
        }
    }

    /**
     * Opens the backend {@code spec} names through its provider; for {@code postgres} without {@code url=}, on the
     * URL {@code -Dcas.pg.url} or {@code CAS_PG_URL} names in {@code properties} / {@code env}, else as the provider
     * chooses (Testcontainers, embedded).
     *
     * @throws OpenFailed with one line naming the backend, where its database came from, and the cause
     */
    static Backend open(BackendSpec spec, Function<String, String> env, Function<String, String> properties) {
        return open(spec, env, properties, FaultPlan.NONE);
    }

    /**
     * {@link #open(BackendSpec, Function, Function)} for a job under {@code faults}: when they name a fault that acts
     * on the wire ({@code ack-loss}, {@code slow}), {@code postgres} is opened through the fault proxy
     * ({@link ProxiedPostgres}), on the same server it would use without it.
     *
     * @throws OpenFailed with one line naming the backend, where its database came from, and the cause
     */
    static Backend open(
            BackendSpec spec, Function<String, String> env, Function<String, String> properties, FaultPlan faults) {
        BackendProvider provider;
        try {
            provider = provider(spec);
        } catch (IllegalArgumentException e) {
            throw new OpenFailed(e.getMessage(), true);
        }
        if (spec.name().equals("postgres") && ProxiedPostgres.needed(faults)) {
            return openThroughProxy(provider, spec, env, properties, faults);
        }
        PostgresSource.Choice choice =
                spec.name().equals("postgres") && spec.options().isEmpty()
                        ? PostgresSource.choose(env, properties, () -> false)
                        : null;
        boolean fromEnvironment = choice != null && choice.kind() == PostgresSource.Kind.EXTERNAL;
        Backend backend;
        try {
            backend = fromEnvironment ? JdbcBackend.postgresAt(choice.url()) : provider.open(spec.options());
        } catch (IllegalArgumentException e) {
            throw new OpenFailed("--backends " + spec.text() + ": " + oneLine(e.getMessage()), true);
        } catch (RuntimeException e) {
            String where = fromEnvironment
                    ? choice.origin() + " (" + PostgresSource.redact(choice.url()) + ")"
                    : "backend " + redacted(spec);
            // a database the user named (an option, a variable) is the user's to fix; a default one is the machine's
            boolean named = fromEnvironment || !spec.options().isEmpty();
            throw new OpenFailed(where + " would not open: " + rootCause(e), named);
        }
        if (!spec.name().equals(backend.name())) {
            String opened = backend.name();
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // the provider is wrong already; its close failing adds nothing the user can act on
            }
            throw new OpenFailed(
                    "backend provider " + provider.getClass().getName() + " is named \"" + spec.name()
                            + "\" but opened a backend named \"" + opened + "\": Backend.name() must be the"
                            + " provider's name",
                    true);
        }
        return backend;
    }

    /**
     * {@code postgres} on the server it would use without the proxy ({@code url=}, else the URL of {@code properties}
     * / {@code env}, else Testcontainers or embedded), its pools connecting through a fault proxy.
     */
    private static Backend openThroughProxy(
            BackendProvider provider,
            BackendSpec spec,
            Function<String, String> env,
            Function<String, String> properties,
            FaultPlan faults) {
        JdbcSettings settings;
        try {
            BackendProviders.checkKeys(provider, spec.options());
            settings = JdbcSettings.fromOptions(spec.options());
        } catch (IllegalArgumentException e) {
            throw new OpenFailed("--backends " + spec.text() + ": " + oneLine(e.getMessage()), true);
        }
        String optionUrl = spec.options().get("url");
        PostgresSource.Choice choice = optionUrl != null
                ? null
                : spec.options().isEmpty()
                        ? PostgresSource.choose(env, properties, PostgresSource::dockerAvailable)
                        : PostgresSource.choose();
        boolean fromEnvironment = choice != null && choice.kind() == PostgresSource.Kind.EXTERNAL;
        String url = fromEnvironment ? choice.url() : optionUrl;
        // a database the user named (an option, a variable) is the user's to fix; a default one is the machine's
        boolean named = url != null;
        String where = fromEnvironment
                ? choice.origin() + " (" + PostgresSource.redact(url) + ")"
                : "backend " + redacted(spec);
        PostgresSource.Server server;
        try {
            server = named
                    ? new PostgresSource.Server(
                            url, PostgresSource.Kind.EXTERNAL, "external", "at " + PostgresSource.redact(url), () -> {})
                    : PostgresSource.start(choice);
        } catch (RuntimeException e) {
            throw new OpenFailed(where + " would not open: " + rootCause(e), false);
        }
        try {
            return ProxiedPostgres.open(server, settings, faults.rate());
        } catch (IllegalArgumentException e) {
            throw new OpenFailed(where + " cannot be opened through the fault proxy: " + oneLine(e.getMessage()), true);
        } catch (RuntimeException e) {
            throw new OpenFailed(where + " would not open through the fault proxy: " + rootCause(e), named);
        }
    }

    /** Where a backend's database came from, for the job's log: the variable or option that named its URL. */
    static String origin(BackendSpec spec, Function<String, String> env, Function<String, String> properties) {
        if (!spec.name().equals("postgres") || !spec.options().isEmpty()) {
            return "";
        }
        PostgresSource.Choice choice = PostgresSource.choose(env, properties, () -> false);
        return choice.kind() == PostgresSource.Kind.EXTERNAL ? " from " + choice.origin() : "";
    }

    private static BackendProvider provider(BackendSpec spec) {
        try {
            return BackendProviders.find(spec.name());
        } catch (IllegalStateException | ServiceConfigurationError e) {
            throw new IllegalArgumentException("the class path's backend providers: " + oneLine(e.getMessage()), e);
        }
    }

    /** The spec with passwords hidden (a {@code password=} parameter, a URL's user info), for messages. */
    static String redacted(BackendSpec spec) {
        return PostgresSource.redact(spec.text()).replaceAll("://[^/@,]*@", "://***@");
    }

    private static String oneLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    /**
     * One line on why: the store's own account when it gave one (a {@link StoreAccessException} names the file or
     * the URL, without a password, and the database's reason), else the exception and its root cause.
     */
    private static String rootCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof StoreAccessException s) {
                return oneLine(s.getMessage());
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = oneLine(root.getMessage());
        return root == e
                ? e.getClass().getSimpleName() + ": " + message
                : e.getClass().getSimpleName() + " (" + root.getClass().getSimpleName() + ": " + message + ")";
    }
}
