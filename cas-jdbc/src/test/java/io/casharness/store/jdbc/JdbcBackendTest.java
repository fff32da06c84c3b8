package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What {@link JdbcBackend} promises beyond the stores: pools, joining by URL, bounds, close. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbcBackendTest {
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "shared");

    @Test
    void sqlitePoolsBeginImmediateTransactions(@TempDir Path dir) throws SQLException {
        Path file = dir.resolve("immediate.db");
        try (JdbcBackend backend = JdbcBackend.sqlite(file)) {
            DataSource pool = backend.newPool("zoo", 1);
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(0);
            SQLiteDataSource raw = new SQLiteDataSource(config);
            raw.setUrl("jdbc:sqlite:" + file);
            try (Connection c = pool.getConnection();
                    Connection other = raw.getConnection();
                    Statement s = other.createStatement()) {
                c.setAutoCommit(false); // no statement yet: only an IMMEDIATE begin holds the write lock now
                assertThatThrownBy(() -> s.execute("BEGIN IMMEDIATE"))
                        .isInstanceOfSatisfying(
                                SQLiteException.class,
                                e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY));
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void anotherBackendOnTheJdbcUrlJoinsTheSameSchemaAndLeavesIt(PostgresSource.Server server) {
        try (JdbcBackend owner = JdbcBackend.postgresOn(server, false)) {
            assertThat(owner.jdbcUrl()).contains("currentSchema=" + owner.schema());
            Written w;
            try (CasStore store = owner.openReplica(StoreOptions.defaults())) {
                w = (Written) store.put(ObjectSpec.of(KEY, new byte[] {7}), WriteCondition.mustCreate());
            }
            try (JdbcBackend joiner = JdbcBackend.postgresAt(owner.jdbcUrl());
                    CasStore store = joiner.openReplica(StoreOptions.defaults().withReplicaName("other-process"))) {
                assertThat(joiner.schema()).isEqualTo(owner.schema());
                assertThat(store.get(KEY)).contains(w.object());
            }
            try (CasStore store = owner.openReplica(StoreOptions.defaults())) {
                assertThat(store.get(KEY))
                        .as("the joiner did not drop the schema")
                        .contains(w.object());
            }
        }
    }

    @Test
    void poolSizesOutsideTheBoundsAreRejected() {
        try (JdbcBackend backend = JdbcBackend.sqliteTemp()) {
            assertThatThrownBy(() -> backend.openReplica(StoreOptions.defaults(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pool size must be between 1 and 256, was 0");
            assertThatThrownBy(() -> backend.newPool("p", 257))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pool size must be between 1 and 256, was 257");
            assertThatThrownBy(() -> backend.newPool(" ", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("poolName");
        }
    }

    @Test
    void closeClosesReplicasAndIsIdempotent() {
        JdbcBackend backend = JdbcBackend.sqliteTemp();
        JdbcCasStore store = backend.openReplica(StoreOptions.defaults());
        backend.close();
        backend.close();
        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(() -> backend.openReplica(StoreOptions.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backend is closed");
        assertThatThrownBy(backend::reset).isInstanceOf(IllegalStateException.class);
    }
}
