package io.casharness.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.store.jdbc.internal.PostgresSource;

/**
 * {@link PostgresVersionDrawContract} on an external PostgreSQL, in a fresh schema dropped afterwards. Runs only when
 * {@code CAS_PG_URL} or {@code -Dcas.pg.url} is set.
 */
class ExternalPostgresVersionDrawTest extends PostgresVersionDrawContract {
    @Override
    protected JdbcBackend openBackend() {
        PostgresSource.Choice choice = PostgresSource.choose(System::getenv, System::getProperty, () -> false);
        assumeTrue(choice.kind() == PostgresSource.Kind.EXTERNAL, "CAS_PG_URL / cas.pg.url not set");
        return JdbcBackend.postgresAt(choice.url());
    }
}
