package io.casharness.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.jdbc.internal.PostgresSource;

/**
 * The conformance suite on an external PostgreSQL, in a fresh schema dropped afterwards. Runs only when
 * {@code CAS_PG_URL} or {@code -Dcas.pg.url} is set (CI: {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
class ExternalPostgresConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        PostgresSource.Choice choice = PostgresSource.choose(System::getenv, System::getProperty, () -> false);
        assumeTrue(choice.kind() == PostgresSource.Kind.EXTERNAL, "CAS_PG_URL / cas.pg.url not set");
        return JdbcBackend.postgresAt(choice.url());
    }
}
