package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on a PostgreSQL database that refuses every write (a replica in recovery, a read-only role, a full
 * disk) never passes: every run breaks at its reset with the database's reason, and the job exits 3. Runs on the
 * server {@code CAS_PG_URL} names, else on an embedded server started here.
 */
class ReadOnlyDatabaseTest {
    private static PostgresSource.Server server;
    private static String schema;

    @TempDir
    Path out;

    @BeforeAll
    static void migratedSchema() throws Exception {
        PostgresSource.Choice choice = PostgresSource.choose(System::getenv, System::getProperty, () -> false);
        server = choice.kind() == PostgresSource.Kind.EXTERNAL
                ? new PostgresSource.Server(choice.url(), PostgresSource.Kind.EXTERNAL, "external", "", () -> {})
                : PostgresSource.startEmbedded();
        schema = "cas_readonly_" + ProcessHandle.current().pid();
        // a schema migrated and left in place, as a user's database would be
        JdbcBackend.postgresAt(with(server.url(), "currentSchema=" + schema)).close();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            server.close();
        }
    }

    private static String with(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    @Test
    void everyRunBreaksWithTheDatabasesReasonAndTheJobExitsThree() {
        String readOnly =
                with(with(server.url(), "currentSchema=" + schema), "options=-c%20default_transaction_read_only%3Don");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.execute(
                new String[] {
                    "--backends",
                    "postgres",
                    "--workloads",
                    "register",
                    "--stores",
                    "reference,cached-reads",
                    "--ops",
                    "200",
                    "--out",
                    out.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Map.of("CAS_PG_URL", readOnly)::get,
                name -> null);
        String text = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(3);
        assertThat(text)
                .containsPattern("ERROR +register +reference +postgres +ERROR .*reset of the backend failed")
                .contains("read-only transaction")
                .contains("GATE FAILED (exit 3): 2 of 2 runs (2 ERROR).")
                .doesNotContain("\tat ");
    }
}
