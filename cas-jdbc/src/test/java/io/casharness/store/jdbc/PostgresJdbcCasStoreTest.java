package io.casharness.store.jdbc;

import io.casharness.store.jdbc.internal.PostgresSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link JdbcCasStoreContract} on the JVM's shared embedded PostgreSQL, in a schema of its own. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresJdbcCasStoreTest extends JdbcCasStoreContract {
    private PostgresSource.Server server;

    @BeforeAll
    void remember(PostgresSource.Server server) {
        this.server = server;
    }

    @Override
    protected JdbcBackend openBackend() {
        return JdbcBackend.postgresOn(server, false);
    }

    @Override
    protected boolean takesUpdateTurns() {
        return true;
    }
}
