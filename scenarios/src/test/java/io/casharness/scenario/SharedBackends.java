package io.casharness.scenario;

import io.casharness.store.Backend;
import io.casharness.store.BackendProviders;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Backends shared by every test of the JVM: opened once (embedded PostgreSQL starts once), kept in JUnit's root
 * {@link ExtensionContext.Store} and closed (they are {@link AutoCloseable}) when the test run ends. Each scenario
 * resets its backend before it runs, so tests share them safely as long as they run one at a time (the default).
 *
 * <p>Use with {@code @ExtendWith(SharedBackends.class)} and a {@link Pool} parameter.
 */
final class SharedBackends implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedBackends.class);

    /**
     * The backends every behaviour runs on: every provider that opens without options; {@code grpc} and {@code http} need a target
     * (its gateways), and runs in {@code GrpcConformanceTest} and the process tests instead.
     */
    static final List<String> NAMES = BackendProviders.names().stream()
            .filter(n -> !n.equals("grpc") && !n.equals("http"))
            .toList();

    /** Gives the shared backends. */
    record Pool(ExtensionContext context) {
        Backend get(String name) {
            return context.getRoot()
                    .getStore(NS)
                    .getOrComputeIfAbsent(name, n -> BackendProviders.open(n, Map.of()), Backend.class);
        }

        /** A backend on the external PostgreSQL (callers check {@link #externalPostgresUrl()} first). */
        Backend external() {
            return context.getRoot()
                    .getStore(NS)
                    .getOrComputeIfAbsent(
                            "postgres-external", k -> JdbcBackend.postgresAt(externalPostgresUrl()), Backend.class);
        }
    }

    /**
     * The external PostgreSQL named by {@code -Dcas.pg.url} or {@code CAS_PG_URL}, or null if none is set. Resolved
     * by the store's own {@link PostgresSource}, so the precedence (the property wins) is the same everywhere.
     */
    static String externalPostgresUrl() {
        PostgresSource.Choice choice = PostgresSource.choose(System::getenv, System::getProperty, () -> false);
        return choice.kind() == PostgresSource.Kind.EXTERNAL ? choice.url() : null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Pool.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Pool(context);
    }
}
