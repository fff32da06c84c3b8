package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.Deleted;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite versions are per key (migration V4): an update writes {@code resource_version + 1} and leaves the
 * {@code rv_counter} row alone, so its commit holds one page. Only a new object draws from the counter, and the
 * counter is a floor that a trigger raises to the version of every deleted row. A key that has run far ahead of the
 * counter is therefore still re-created above its own last version. The negative control drops the trigger: the
 * re-created object then reuses a version of its first life, and a writer holding that old version overwrites the
 * new object (ABA).
 */
class SqliteVersionFloorTest {
    private static final ObjectKey A = ObjectKey.of("floor", "a");
    private static final ObjectKey B = ObjectKey.of("floor", "b");

    @TempDir
    Path dir;

    @Test
    void updatesLeaveTheCounterAndADeleteRaisesItAboveTheDeletedVersion() throws Exception {
        try (JdbcBackend backend = JdbcBackend.sqlite(dir.resolve("floor.db"));
                CasStore store = backend.openReplica(StoreOptions.defaults(), 1)) {
            long created = written(store.put(spec(A, "0"), WriteCondition.mustCreate()));
            long counterAfterCreate = counter(backend);
            long last = updateTimes(store, 20);

            assertThat(last).isEqualTo(created + 20);
            assertThat(counter(backend)).as("updates do not touch the counter").isEqualTo(counterAfterCreate);

            long b = written(store.put(spec(B, "b"), WriteCondition.mustCreate()));
            assertThat(b)
                    .as("another key's create draws from the counter, far below a")
                    .isLessThan(last);

            assertThat(store.delete(A, WriteCondition.unconditional())).isEqualTo(new Deleted(A, last));
            assertThat(counter(backend)).as("the delete raised the floor").isEqualTo(last);
            long reborn = written(store.put(spec(A, "second life"), WriteCondition.mustCreate()));

            assertThat(reborn).isGreaterThan(last);
            assertThat(store.put(spec(A, "stale writer"), WriteCondition.matchVersion(created + 5)))
                    .isEqualTo(Conflict.at(A, created + 5, reborn));
        }
    }

    @Test
    void aResetRaisesTheFloorToo() throws Exception {
        try (JdbcBackend backend = JdbcBackend.sqlite(dir.resolve("reset.db"));
                CasStore store = backend.openReplica(StoreOptions.defaults(), 1)) {
            written(store.put(spec(A, "0"), WriteCondition.mustCreate()));
            long last = updateTimes(store, 20);

            backend.reset();

            assertThat(written(store.put(spec(A, "after reset"), WriteCondition.mustCreate())))
                    .isGreaterThan(last);
        }
    }

    @Test
    void negativeControlWithoutTheFloorTriggerARecreatedObjectReusesAnOldVersion() throws Exception {
        try (JdbcBackend backend = JdbcBackend.sqlite(dir.resolve("no-floor.db"));
                CasStore store = backend.openReplica(StoreOptions.defaults(), 1)) {
            execute(backend, "DROP TRIGGER objects_version_floor");
            long created = written(store.put(spec(A, "0"), WriteCondition.mustCreate()));
            long last = updateTimes(store, 20);
            store.delete(A, WriteCondition.unconditional());

            long reborn = written(store.put(spec(A, "second life"), WriteCondition.mustCreate()));

            assertThat(reborn)
                    .as("re-created inside the range of its first life")
                    .isBetween(created, last);
            PutOutcome stale = store.put(spec(A, "stale writer"), WriteCondition.matchVersion(reborn));
            assertThat(stale)
                    .as("a writer that read version %d in the first life overwrites the second", reborn)
                    .isInstanceOf(Written.class);
        }
    }

    private static long updateTimes(CasStore store, int n) {
        long version = 0;
        for (int i = 1; i <= n; i++) {
            String payload = Integer.toString(i);
            Updated u = (Updated) store.update(A, o -> o.spec().withPayload(bytes(payload)), RetryPolicy.defaults());
            version = u.object().resourceVersion();
        }
        return version;
    }

    private static long counter(JdbcBackend backend) throws SQLException {
        try (Connection c = backend.newPool("floor-read", 1).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM rv_counter WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void execute(JdbcBackend backend, String sql) throws SQLException {
        try (Connection c = backend.newPool("floor-ddl", 1).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long written(PutOutcome outcome) {
        assertThat(outcome).isInstanceOf(Written.class);
        return ((Written) outcome).version();
    }

    private static ObjectSpec spec(ObjectKey key, String payload) {
        return ObjectSpec.of(key, bytes(payload));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
