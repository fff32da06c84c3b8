package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite runs its WAL auto-checkpoint (every 1,000 pages) from the WAL hook, which fires only when an autocommit
 * statement steps to SQLITE_DONE. The store's conditional UPDATE returns its row with RETURNING; if it were reset
 * right after that row, every commit would skip the checkpoint and the WAL would grow without bound (observed: 1 GB
 * in 20 s, every write slowing down). The store's writes through both statements (a plain MatchVersion put, which
 * returns its row, and an update, which knows its basis and does not) must keep the WAL near the checkpoint size;
 * the negative control runs the same statement reset after its row and must make it grow far past that.
 */
class SqliteWalBoundTest {
    /** Writes per run and statement: several times the 1,000-page checkpoint. */
    private static final int WRITES = 3_000;

    /** The checkpoint leaves at most about 1,000 pages of 4 KiB; allow twice that. */
    private static final long BOUND_BYTES = 2 * 1_000 * 4_120L;

    @TempDir
    Path dir;

    @Test
    void storeWritesKeepTheWalNearTheCheckpointSize() throws Exception {
        Path file = dir.resolve("bounded.db");
        try (JdbcBackend backend = JdbcBackend.sqlite(file);
                CasStore store = backend.openReplica(StoreOptions.defaults(), 1)) {
            ObjectKey key = ObjectKey.of("wal", "k");
            long version =
                    ((Written) store.put(ObjectSpec.of(key, new byte[] {0}), WriteCondition.mustCreate())).version();
            for (int i = 0; i < WRITES; i++) {
                PutOutcome put =
                        store.put(ObjectSpec.of(key, new byte[] {(byte) i}), WriteCondition.matchVersion(version));
                assertThat(put).isInstanceOf(Written.class);
                version = ((Written) put).version();
            }
            assertThat(walBytes(file))
                    .as("WAL after %d MatchVersion puts", WRITES)
                    .isLessThan(BOUND_BYTES);
            for (int i = 0; i < WRITES; i++) {
                assertThat(store.update(key, o -> o.spec().withPayload(new byte[] {(byte) 1}), RetryPolicy.defaults()))
                        .isInstanceOf(Updated.class);
            }
            assertThat(walBytes(file)).as("WAL after %d store updates", WRITES).isLessThan(BOUND_BYTES);
        }
    }

    @Test
    void negativeControlAReturningUpdateResetBeforeDoneGrowsTheWal() throws Exception {
        Path file = dir.resolve("unbounded.db");
        try (JdbcBackend backend = JdbcBackend.sqlite(file);
                CasStore store = backend.openReplica(StoreOptions.defaults(), 1)) {
            ObjectKey key = ObjectKey.of("wal", "k");
            store.put(ObjectSpec.of(key, new byte[] {0}), WriteCondition.mustCreate());
            DataSource pool = backend.newPool("wal-control", 1);
            try (Connection c = pool.getConnection();
                    PreparedStatement up =
                            c.prepareStatement("UPDATE objects SET payload = ?, resource_version = resource_version + 1"
                                    + " WHERE kind = 'wal' AND id = 'k' RETURNING resource_version")) {
                for (int i = 0; i < WRITES; i++) {
                    up.setBytes(1, new byte[] {(byte) i});
                    try (ResultSet rs = up.executeQuery()) {
                        assertThat(rs.next()).isTrue(); // closed here: reset before SQLITE_DONE
                    }
                }
            }
            assertThat(walBytes(file))
                    .as("WAL after %d resets before DONE", WRITES)
                    .isGreaterThan(BOUND_BYTES);
        }
    }

    private static long walBytes(Path db) throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
