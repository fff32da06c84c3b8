package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend that cannot open says where and why, as a classified {@link StoreAccessException}, and leaves nothing
 * half-made: a schema or file the open created is removed, one that existed (with a user's data) never is. The
 * failing migration is a test-only Flyway location ({@code db/failing/...}) whose migration creates a table and then
 * fails.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbcBackendOpenFailureTest {
    private static final String FAILING_PG = "classpath:db/failing/postgres";
    private static final String FAILING_SQLITE = "classpath:db/failing/sqlite";
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "kept");
    private static final Pattern SCHEMA_IN_URL = Pattern.compile("currentSchema=(cas_[0-9a-f]{12})");

    @TempDir
    Path dir;

    private static PostgresSource.Server at(String url) {
        return new PostgresSource.Server(url, PostgresSource.Kind.EXTERNAL, "test", "", () -> {});
    }

    private static String baseUrl(PostgresSource.Server server) {
        return server.url();
    }

    private static String withSchema(PostgresSource.Server server, String schema) {
        String url = baseUrl(server);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static boolean schemaExists(PostgresSource.Server server, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(baseUrl(server));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static void execute(PostgresSource.Server server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(baseUrl(server));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void assertMigrationFailure(StoreAccessException e, String backend) {
        assertThat((Throwable) e).as("the open failed").isNotNull();
        assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(e.backend()).isEqualTo(backend);
        assertThat(e.getMessage()).contains("cannot open ", "fails_halfway", "no_such_table");
    }

    @Test
    void aFailedMigrationDropsTheFreshSchemaItCreated(PostgresSource.Server server) throws SQLException {
        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> JdbcBackend.postgresOn(server, false, JdbcSettings.defaults(), FAILING_PG));
        assertMigrationFailure(e, "postgres");
        assertThat(e.sqlState()).isEqualTo("42P01");
        Matcher m = SCHEMA_IN_URL.matcher(e.getMessage());
        assertThat(m.find())
                .as("the message names the URL with its schema: %s", e.getMessage())
                .isTrue();
        assertThat(schemaExists(server, m.group(1)))
                .as("schema " + m.group(1) + " dropped")
                .isFalse();
    }

    @Test
    void aFailedMigrationDropsAUrlNamedSchemaThatDidNotExist(PostgresSource.Server server) throws SQLException {
        String schema = "cas_named_fresh";
        execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> JdbcBackend.postgresOn(
                        at(withSchema(server, schema)), false, JdbcSettings.defaults(), FAILING_PG));
        assertMigrationFailure(e, "postgres");
        assertThat(e.getMessage()).contains("currentSchema=" + schema);
        assertThat(schemaExists(server, schema)).isFalse();
    }

    @Test
    void aFailedMigrationKeepsAnExistingStoreSchemaAndItsData(PostgresSource.Server server) throws SQLException {
        String schema = "cas_named_kept";
        execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        String url = withSchema(server, schema);
        Written w;
        try (JdbcBackend backend = JdbcBackend.postgresAt(url);
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            w = (Written) store.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate());
        }
        try {
            StoreAccessException e = catchThrowableOfType(
                    StoreAccessException.class,
                    () -> JdbcBackend.postgresOn(at(url), false, JdbcSettings.defaults(), FAILING_PG));
            assertMigrationFailure(e, "postgres");
            assertThat(schemaExists(server, schema)).isTrue();
            try (JdbcBackend backend = JdbcBackend.postgresAt(url);
                    CasStore store = backend.openReplica(StoreOptions.defaults())) {
                assertThat(store.get(KEY)).contains(w.object());
            }
        } finally {
            execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aUsersOwnSchemaIsNeverDropped(PostgresSource.Server server) throws SQLException {
        String schema = "users_own";
        execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        execute(server, "CREATE SCHEMA " + schema);
        execute(server, "CREATE TABLE " + schema + ".precious (x INT)");
        execute(server, "INSERT INTO " + schema + ".precious VALUES (42)");
        try {
            StoreAccessException e = catchThrowableOfType(
                    StoreAccessException.class, () -> JdbcBackend.postgresAt(withSchema(server, schema)));
            assertThat((Throwable) e)
                    .as("Flyway refuses a non-empty schema without its history")
                    .isNotNull();
            assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
            assertThat(e.getMessage()).contains("cannot open postgres at ", "currentSchema=" + schema);
            try (Connection c = DriverManager.getConnection(baseUrl(server));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT x FROM " + schema + ".precious")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        } finally {
            execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aMissingDatabaseNamesTheUrlWithoutThePassword(PostgresSource.Server server) {
        String url = baseUrl(server).replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
        String withPassword = url + (url.contains("?") ? "&" : "?") + "password=hunter2";
        StoreAccessException e =
                catchThrowableOfType(StoreAccessException.class, () -> JdbcBackend.postgresAt(withPassword));
        assertThat((Throwable) e).isNotNull();
        assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(e.sqlState()).isEqualTo("3D000");
        assertThat(e.getMessage())
                .contains("cannot open postgres at ", "no_such_database", "password=***", "does not exist")
                .doesNotContain("hunter2");
    }

    @Test
    void aFailedMigrationDeletesTheSqliteFileAndDirectoriesItCreated() {
        Path file = dir.resolve("a/b/cas.db");
        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> JdbcBackend.sqlite(file, () -> {}, JdbcSettings.defaults(), FAILING_SQLITE));
        assertMigrationFailure(e, "sqlite");
        assertThat(e.getMessage()).contains("cannot open sqlite file " + file);
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void aFailedMigrationKeepsAnExistingSqliteFileAndItsData() throws Exception {
        Path file = dir.resolve("kept.db");
        Written w;
        try (JdbcBackend backend = JdbcBackend.sqlite(file);
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            w = (Written) store.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate());
        }
        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> JdbcBackend.sqlite(file, () -> {}, JdbcSettings.defaults(), FAILING_SQLITE));
        assertMigrationFailure(e, "sqlite");
        assertThat(file).exists();
        try (JdbcBackend backend = JdbcBackend.sqlite(file);
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            assertThat(store.get(KEY)).contains(w.object());
        }
    }

    @Test
    void aSqliteFileThatCannotBeOpenedIsNamedAndNotDeleted() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("a-directory.db"));
        StoreAccessException e = catchThrowableOfType(StoreAccessException.class, () -> JdbcBackend.sqlite(notAFile));
        assertThat((Throwable) e).isNotNull();
        assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(e.backend()).isEqualTo("sqlite");
        assertThat(e.getMessage()).contains("cannot open sqlite file " + notAFile, "pool did not start");
        assertThat(notAFile).isDirectory();
    }
}
