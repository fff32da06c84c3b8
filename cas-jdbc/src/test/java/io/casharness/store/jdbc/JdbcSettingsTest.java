package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.Backend;
import io.casharness.store.BackendProviders;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code pool=} and {@code statementTimeout=} backend options: bounds, defaults, and what they set. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbcSettingsTest {
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "timed");

    @Test
    void defaultsAreUnchanged() {
        assertThat(JdbcSettings.defaults().poolSize())
                .isEqualTo(JdbcBackend.DEFAULT_POOL_SIZE)
                .isEqualTo(4);
        assertThat(JdbcSettings.defaults().statementTimeoutMs()).isEmpty();
        assertThat(JdbcSettings.fromOptions(Map.of())).isEqualTo(JdbcSettings.defaults());
    }

    @Test
    void optionsAreParsedAtTheirBounds() {
        assertThat(JdbcSettings.fromOptions(Map.of("pool", "1", "statementTimeout", "0")))
                .isEqualTo(new JdbcSettings(1, OptionalInt.of(0)));
        assertThat(JdbcSettings.fromOptions(Map.of("pool", "64", "statementTimeout", "600000")))
                .isEqualTo(new JdbcSettings(64, OptionalInt.of(600_000)));
    }

    @Test
    void valuesOutsideTheBoundsAreRejectedNamingValueAndBound() {
        assertThatThrownBy(() -> JdbcSettings.fromOptions(Map.of("pool", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool must be between 1 and 64, was 0");
        assertThatThrownBy(() -> JdbcSettings.fromOptions(Map.of("pool", "65")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool must be between 1 and 64, was 65");
        assertThatThrownBy(() -> JdbcSettings.fromOptions(Map.of("statementTimeout", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementTimeout must be between 0 and 600000, was -1");
        assertThatThrownBy(() -> JdbcSettings.fromOptions(Map.of("statementTimeout", "600001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementTimeout must be between 0 and 600000, was 600001");
        assertThatThrownBy(() -> JdbcSettings.fromOptions(Map.of("pool", "four")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool must be a whole number from 1 to 64, was \"four\"");
        assertThatThrownBy(() -> BackendProviders.open("sqlite", Map.of("pool", "100")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool must be between 1 and 64, was 100");
        assertThatThrownBy(() -> BackendProviders.open("postgres", Map.of("statementTimeout", "1e3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementTimeout must be a whole number from 0 to 600000, was \"1e3\"");
    }

    @Test
    void sqliteOptionsSetThePoolAndTheReplicasBusyTimeout(@TempDir Path dir) throws SQLException {
        Path file = dir.resolve("set.db");
        try (Backend backend = BackendProviders.open(
                        "sqlite", Map.of("file", file.toString(), "pool", "7", "statementTimeout", "250"));
                JdbcCasStore store = ((JdbcBackend) backend).openReplica(StoreOptions.defaults())) {
            assertThat(store.poolSize()).isEqualTo(7);
            try (Connection c = ((JdbcBackend) backend).newPool("probe", 1).getConnection()) {
                assertThat(query(c, "PRAGMA busy_timeout")).isEqualTo("250");
            }
        }
        try (Backend backend = BackendProviders.open("sqlite", Map.of("file", file.toString()));
                JdbcCasStore store = ((JdbcBackend) backend).openReplica(StoreOptions.defaults());
                Connection c = ((JdbcBackend) backend).newPool("probe", 1).getConnection()) {
            assertThat(store.poolSize()).as("the default").isEqualTo(JdbcBackend.DEFAULT_POOL_SIZE);
            assertThat(query(c, "PRAGMA busy_timeout")).isEqualTo(String.valueOf(JdbcBackend.SQLITE_BUSY_TIMEOUT_MS));
        }
    }

    /** Without the timeout the write would wait for the lock forever: the separate-thread timeout fails it instead. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void postgresStatementTimeoutCancelsAWriteThatWaitsAsTransient(PostgresSource.Server server) throws SQLException {
        try (JdbcBackend backend = JdbcBackend.postgresOn(
                        server, false, JdbcSettings.defaults().withPoolSize(2).withStatementTimeoutMs(200), null);
                JdbcCasStore store = backend.openReplica(StoreOptions.defaults());
                Connection holder = DriverManager.getConnection(backend.jdbcUrl());
                Statement h = holder.createStatement()) {
            assertThat(store.poolSize()).isEqualTo(2);
            try (Connection c = backend.newPool("probe", 1).getConnection()) {
                assertThat(query(c, "SHOW statement_timeout")).isEqualTo("200ms");
            }
            Written w = (Written) store.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate());
            holder.setAutoCommit(false);
            h.executeQuery("SELECT * FROM objects FOR UPDATE").close();
            assertThatThrownBy(() ->
                            store.put(ObjectSpec.of(KEY, new byte[] {2}), WriteCondition.matchVersion(w.version())))
                    .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("57014");
                        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                        assertThat(e.outcomeUnknown()).isFalse();
                    });
            holder.rollback();
            assertThat(store.get(KEY)).as("the cancelled write did not apply").contains(w.object());
        }
    }

    @Test
    void postgresWithoutTheOptionHasNoStatementTimeout(PostgresSource.Server server) throws SQLException {
        try (JdbcBackend backend = JdbcBackend.postgresOn(server, false);
                Connection c = backend.newPool("probe", 1).getConnection()) {
            assertThat(query(c, "SHOW statement_timeout")).isEqualTo("0");
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
