package io.casharness.store.jdbc;

import io.casharness.store.jdbc.internal.PostgresSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PostgresVersionDrawContract} on the JVM's shared embedded PostgreSQL, in a schema of its own. */
@ExtendWith(EmbeddedPostgresExtension.class)
class EmbeddedPostgresVersionDrawTest extends PostgresVersionDrawContract {
    private final PostgresSource.Server server;

    EmbeddedPostgresVersionDrawTest(PostgresSource.Server server) {
        this.server = server;
    }

    @Override
    protected JdbcBackend openBackend() {
        return JdbcBackend.postgresOn(server, false);
    }
}
