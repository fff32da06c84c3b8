package io.casharness.store.jdbc;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.jdbc.internal.PostgresSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suite on the JVM's shared embedded PostgreSQL, in a schema of its own. */
@ExtendWith(EmbeddedPostgresExtension.class)
class EmbeddedPostgresConformanceTest extends CasStoreConformanceTest {
    private final PostgresSource.Server server;

    EmbeddedPostgresConformanceTest(PostgresSource.Server server) {
        this.server = server;
    }

    @Override
    protected Backend openBackend() {
        return JdbcBackend.postgresOn(server, false);
    }
}
