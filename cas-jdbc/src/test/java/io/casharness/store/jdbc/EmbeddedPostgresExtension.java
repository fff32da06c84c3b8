package io.casharness.store.jdbc;

import io.casharness.store.jdbc.internal.PostgresSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts embedded PostgreSQL ONCE per JVM, on first use, and stops it when JUnit closes the root context store (the
 * end of the run). Tests open a {@link JdbcBackend} per class on it ({@link #backend(ExtensionContext)}), each in a
 * fresh schema, so classes never see each other's data.
 *
 * <p>Use it with {@code @ExtendWith(EmbeddedPostgresExtension.class)} and a {@link PostgresSource.Server} parameter
 * (constructor, lifecycle or test method). Always embedded, whatever {@code CAS_PG_URL} says: the external server has
 * its own, assumption-gated tests.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

    /** The shared server, started on first call. */
    public static PostgresSource.Server server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(PostgresSource.startEmbedded()), Holder.class)
                .server;
    }

    /** A new backend in a fresh schema on the shared server; the caller closes it (the server keeps running). */
    public static JdbcBackend backend(ExtensionContext context) {
        return JdbcBackend.postgresOn(server(context), false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresSource.Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** Closed by JUnit with the root store: stops the server. */
    private record Holder(PostgresSource.Server server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
