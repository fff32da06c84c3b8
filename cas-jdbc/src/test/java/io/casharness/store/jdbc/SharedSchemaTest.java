package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code schema=NAME}: several backends (processes, in production) given one server and one schema share one
 * database, and none of them drops it on close, unlike a backend opened without a schema, which drops its own.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SharedSchemaTest {
    private static final ObjectKey KEY = new ObjectKey("widget", "shared-1");

    @Test
    void backendsGivenOneSchemaShareItsDataAndNoneDropsIt(PostgresSource.Server server) {
        String schema = "cas_shared_" + Long.toHexString(System.nanoTime());
        PostgresBackendProvider provider = new PostgresBackendProvider();
        Map<String, String> options = Map.of("url", server.url(), PostgresBackendProvider.SCHEMA_OPTION, schema);
        try (JdbcBackend first = (JdbcBackend) provider.open(options)) {
            try (JdbcBackend second = (JdbcBackend) provider.open(options)) {
                assertThat(second.schema()).isEqualTo(schema).isEqualTo(first.schema());
                try (CasStore a = first.openReplica(StoreOptions.defaults().withReplicaName("a"));
                        CasStore b = second.openReplica(StoreOptions.defaults().withReplicaName("b"))) {
                    PutOutcome created = a.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate());
                    assertThat(created.isWritten()).isTrue();
                    assertThat(b.get(KEY)).isPresent();
                }
            }
            // the second backend closed: the first still sees the schema and its object
            try (CasStore a = first.openReplica(StoreOptions.defaults())) {
                assertThat(a.get(KEY))
                        .as("the schema survives a sharer's close")
                        .isPresent();
            }
        }
        assertThat(schemaExists(server.url(), schema))
                .as("a schema named by schema= is never dropped")
                .isTrue();
        Jdbi.create(server.url()).useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
    }

    @Test
    void withoutASchemaTheBackendDropsTheOneItCreated(PostgresSource.Server server) {
        // the negative control of the test above: the same check sees a drop when there is one
        String created;
        try (JdbcBackend own = JdbcBackend.postgresAt(server.url())) {
            created = own.schema();
            assertThat(schemaExists(server.url(), created)).isTrue();
        }
        assertThat(schemaExists(server.url(), created)).isFalse();
    }

    @Test
    void aSchemaThatDisagreesWithTheUrlOrIsNoIdentifierIsRefused() {
        assertThatThrownBy(() -> JdbcBackend.withSchema("jdbc:postgresql://h/db?currentSchema=a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema=b")
                .hasMessageContaining("currentSchema=");
        assertThatThrownBy(() -> JdbcBackend.withSchema("jdbc:postgresql://h/db", "Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema must match");
        assertThat(JdbcBackend.withSchema("jdbc:postgresql://h/db?user=u", "s1"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&currentSchema=s1");
        assertThat(JdbcBackend.withSchema("jdbc:postgresql://h/db?currentSchema=s1", "s1"))
                .isEqualTo("jdbc:postgresql://h/db?currentSchema=s1");
    }

    private static boolean schemaExists(String url, String schema) {
        return Jdbi.create(url)
                        .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_namespace WHERE nspname = :s")
                                .bind("s", schema)
                                .mapTo(Integer.class)
                                .one())
                > 0;
    }
}
