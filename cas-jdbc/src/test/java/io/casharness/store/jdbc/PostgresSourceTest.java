package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.internal.PostgresSource;
import io.casharness.store.jdbc.internal.PostgresSource.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL source order: explicit URL (property, then environment; blank = unset), Testcontainers when Docker
 * answers, else embedded. The decision is tested with injected environments; the real paths run where they can:
 * embedded when no URL is set, the external server only when {@code CAS_PG_URL} / {@code cas.pg.url} is set.
 */
class PostgresSourceTest {
    private static final BooleanSupplier DOCKER_MUST_NOT_BE_ASKED = () -> fail("Docker must not be probed");

    private static String externalUrl() {
        String p = System.getProperty(PostgresSource.PROPERTY);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String e = System.getenv(PostgresSource.ENV);
        return e != null && !e.isBlank() ? e : null;
    }

    @Test
    void explicitUrlWinsWithoutAskingDocker() {
        PostgresSource.Choice c = PostgresSource.choose(
                Map.of("CAS_PG_URL", "jdbc:postgresql://h/db")::get, k -> null, DOCKER_MUST_NOT_BE_ASKED);
        assertThat(c.kind()).isEqualTo(Kind.EXTERNAL);
        assertThat(c.url()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(c.origin()).isEqualTo("CAS_PG_URL");
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        PostgresSource.Choice c = PostgresSource.choose(
                Map.of("CAS_PG_URL", "jdbc:postgresql://env/db")::get,
                Map.of("cas.pg.url", "jdbc:postgresql://prop/db")::get,
                DOCKER_MUST_NOT_BE_ASKED);
        assertThat(c.url()).isEqualTo("jdbc:postgresql://prop/db");
        assertThat(c.origin()).isEqualTo("-Dcas.pg.url");
    }

    @Test
    void blankUrlCountsAsUnset() {
        PostgresSource.Choice c =
                PostgresSource.choose(Map.of("CAS_PG_URL", "  ")::get, Map.of("cas.pg.url", "")::get, () -> false);
        assertThat(c.kind()).isEqualTo(Kind.EMBEDDED);
    }

    @Test
    void withoutDockerTestcontainersIsSkippedAndSaysSo() {
        PostgresSource.Choice c = PostgresSource.choose(k -> null, k -> null, () -> false);
        assertThat(c.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(c.notes()).contains("Docker not available: Testcontainers skipped");
    }

    @Test
    void withDockerTestcontainersComesBeforeEmbedded() {
        PostgresSource.Choice c = PostgresSource.choose(k -> null, k -> null, () -> true);
        assertThat(c.kind()).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(c.notes()).doesNotContain(PostgresSource.DOCKER_SKIPPED);
    }

    @Test
    void dockerProbeSaysNoWhereThereIsNoDocker() {
        String home = System.getProperty("user.home");
        assumeTrue(System.getenv("DOCKER_HOST") == null, "DOCKER_HOST is set");
        assumeFalse(Files.exists(Path.of("/var/run/docker.sock")), "a Docker socket exists");
        assumeFalse(Files.exists(Path.of(home, ".testcontainers.properties")), "Testcontainers is configured");
        assumeFalse(Files.exists(Path.of(home, ".docker", "run", "docker.sock")), "a Docker socket exists");
        assertThat(PostgresSource.dockerAvailable()).isFalse();
    }

    @Test
    void redactsPasswords() {
        assertThat(PostgresSource.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void postgresAtRejectsOtherUrls() {
        assertThatThrownBy(() -> JdbcBackend.postgresAt("jdbc:mysql://h/db?password=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("password=x");
        assertThatThrownBy(() -> JdbcBackend.postgresAt("jdbc:postgresql://h/db?currentSchema=Bad;Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentSchema");
    }

    /** The real default path on a machine without URL and Docker: a second embedded server, stopped on close. */
    @Test
    void withoutUrlPostgresStartsEmbeddedAndStopsItOnClose() {
        assumeTrue(externalUrl() == null, "an external URL is set: the embedded path is not the default here");
        assumeFalse(PostgresSource.dockerAvailable(), "Docker answers: Testcontainers would be used");
        String url;
        try (JdbcBackend backend = JdbcBackend.postgres()) {
            assertThat(backend.describe())
                    .startsWith("postgres (embedded PostgreSQL 17.")
                    .contains("on localhost:");
            url = backend.jdbcUrl();
            roundTrip(backend);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);
    }

    /** CI sets CAS_PG_URL: the backend uses it, stays in its own schema, leaves other data alone, drops its schema. */
    @Test
    void explicitUrlIsUsedInAnOwnSchemaThatIsDroppedOnClose() throws SQLException {
        String external = externalUrl();
        assumeTrue(external != null, "CAS_PG_URL / cas.pg.url not set");
        String sentinel = "cas_sentinel_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(external);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + sentinel);
            s.execute("CREATE TABLE " + sentinel + ".objects (id TEXT)");
            s.execute("INSERT INTO " + sentinel + ".objects VALUES ('keep me')");
            String schema;
            try (JdbcBackend backend = JdbcBackend.postgres()) {
                assertThat(backend.describe()).contains("external PostgreSQL", "schema " + backend.schema());
                schema = backend.schema();
                roundTrip(backend);
                backend.reset();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + sentinel + ".objects")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (PreparedStatement p =
                    c.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
                p.setString(1, schema);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("own schema dropped on close").isZero();
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(external);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + sentinel + " CASCADE");
            }
        }
    }

    private static void roundTrip(JdbcBackend backend) {
        try (CasStore store = backend.openReplica(StoreOptions.defaults())) {
            Written w = (Written)
                    store.put(ObjectSpec.of(ObjectKey.of("sandbox", "a"), new byte[] {1}), WriteCondition.mustCreate());
            assertThat(store.get(w.key())).contains(w.object());
        }
    }
}
