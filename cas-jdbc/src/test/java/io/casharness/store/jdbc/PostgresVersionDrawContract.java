package io.casharness.store.jdbc;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.Deleted;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On PostgreSQL a write draws its version only once its transaction holds the key (migration V5), so a write that
 * is descheduled anywhere before its commit still lands above every version the key had. Each test parks one write
 * of replica A at the worst point for the statements the store ran before V5 — after they drew
 * {@code nextval('object_rv')} in the INSERT's {@code VALUES}, before the row met the primary key index — while
 * replica B writes the key, then lets it go on.
 *
 * <p>Parking without sleeps: a test-installed {@code BEFORE INSERT} trigger takes and drops the advisory lock named
 * in {@code version_draw_parking} for a row with the marked payload. The test holds that lock on its own
 * connection, waits (Awaitility, explicit {@code atMost}) until the parked backend shows up in
 * {@code pg_stat_activity} waiting on an advisory lock behind the holder, lets B write, and unlocks.
 *
 * <p>Each scenario runs twice: through the store (must rise) and through the pre-V5 statement, verbatim, under the
 * same parking (the negative control, must regress: the test proves it can see the bug). The subclasses pick the
 * server: the JVM's embedded PostgreSQL, and the external one when {@code CAS_PG_URL} is set. The trigger, its
 * function and table are dropped afterwards (and with the backend's own schema).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresVersionDrawContract {
    /** The MustCreate statement before V5: the version is drawn before the row meets the unique index. */
    static final String DRAW_IN_VALUES_INSERT = """
            INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)
            VALUES (:kind, :id, :name, :labels, :payload, nextval('object_rv'), :now, :now)
            RETURNING resource_version, created_at, updated_at""";

    /** The Unconditional statement before V5: the update keeps the value drawn before the row lock. */
    static final String DRAW_IN_VALUES_UPSERT = """
            INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)
            VALUES (:kind, :id, :name, :labels, :payload, nextval('object_rv'), :now, :now)
            ON CONFLICT (kind, id) DO UPDATE SET name = EXCLUDED.name, labels = EXCLUDED.labels,
                payload = EXCLUDED.payload, resource_version = EXCLUDED.resource_version,
                updated_at = EXCLUDED.updated_at
            RETURNING resource_version, created_at, updated_at""";

    private static final List<String> INSTALL_PARKING = List.of(
            "CREATE TABLE version_draw_parking (payload BYTEA PRIMARY KEY, lock_key BIGINT NOT NULL)",
            """
            CREATE FUNCTION version_draw_park() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                k BIGINT;
            BEGIN
                SELECT p.lock_key INTO k FROM version_draw_parking p WHERE p.payload = NEW.payload;
                IF FOUND THEN
                    PERFORM pg_advisory_lock(k);
                    PERFORM pg_advisory_unlock(k);
                END IF;
                RETURN NEW;
            END
            $$""",
            "CREATE TRIGGER version_draw_park BEFORE INSERT ON objects"
                    + " FOR EACH ROW EXECUTE FUNCTION version_draw_park()");

    private static final List<String> REMOVE_PARKING = List.of(
            "DROP TRIGGER IF EXISTS version_draw_park ON objects",
            "DROP FUNCTION IF EXISTS version_draw_park()",
            "DROP TABLE IF EXISTS version_draw_parking",
            "DROP SEQUENCE IF EXISTS version_draw_cached");

    /** Backends waiting on an advisory lock that the given backend holds. */
    private static final String PARKED_BEHIND = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND wait_event = 'advisory' AND ? = ANY (pg_blocking_pids(pid))";

    private static final byte[] MARKED = bytes("parked");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private JdbcBackend backend;
    private DataSource sql;
    private ExecutorService lateWriter;
    private CasStore a;
    private CasStore b;
    private int keys;

    /** The backend under test, opened once per class. */
    protected abstract JdbcBackend openBackend();

    /** A write of replica A that the test parks; returns the version it wrote. */
    @FunctionalInterface
    private interface LateWrite {
        long write(ObjectSpec spec) throws Exception;
    }

    /** B's writes while A's write is parked; returns the versions they produced, oldest first. */
    @FunctionalInterface
    private interface Meanwhile {
        List<Long> write() throws Exception;
    }

    /** What B's writes produced while A's write was parked, and what A's write produced. */
    private record Race(ObjectKey key, List<Long> meanwhile, long late) {
        long highestMeanwhile() {
            return Collections.max(meanwhile);
        }
    }

    @BeforeAll
    void installParking() throws SQLException {
        backend = openBackend();
        lateWriter = Executors.newSingleThreadExecutor();
        sql = backend.newPool("version-draw", 3);
        execute(INSTALL_PARKING);
    }

    @AfterAll
    void removeParking() throws SQLException {
        if (backend == null) {
            return; // skipped: openBackend() found no server
        }
        try {
            execute(REMOVE_PARKING);
        } finally {
            lateWriter.shutdownNow();
            backend.close();
        }
    }

    @BeforeEach
    void openReplicas() {
        backend.reset();
        a = backend.openReplica(StoreOptions.defaults().withReplicaName("a"));
        b = backend.openReplica(StoreOptions.defaults().withReplicaName("b"));
    }

    @AfterEach
    void closeReplicas() {
        a.close();
        b.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // MustCreate

    @Test
    void createParkedBeforeItsInsertStartsAboveAnIncarnationCreatedAndDeletedMeanwhile() throws Exception {
        Race r = aroundAnIncarnation(spec -> version(a.put(spec, WriteCondition.mustCreate())));

        assertThat(r.late()).as("the late create's version").isGreaterThan(r.highestMeanwhile());
        assertThat(b.put(ObjectSpec.of(r.key(), bytes("stale")), WriteCondition.matchVersion(r.highestMeanwhile())))
                .as("a writer holding the deleted incarnation's version")
                .isEqualTo(Conflict.at(r.key(), r.highestMeanwhile(), r.late()));
    }

    @Test
    void negativeControlACreateDrawingInValuesStartsBelowThatIncarnation() throws Exception {
        Race r = aroundAnIncarnation(spec -> drawInValues(DRAW_IN_VALUES_INSERT, spec));

        assertThat(r.late())
                .as("the pre-V5 INSERT keeps the version it drew before B's create")
                .isLessThan(r.highestMeanwhile());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Unconditional

    @Test
    void upsertParkedBeforeItsInsertStartsAboveAnIncarnationCreatedAndDeletedMeanwhile() throws Exception {
        Race r = aroundAnIncarnation(spec -> version(a.put(spec, WriteCondition.unconditional())));

        assertThat(r.late()).as("the late upsert's version").isGreaterThan(r.highestMeanwhile());
    }

    @Test
    void negativeControlAnUpsertDrawingInValuesStartsBelowThatIncarnation() throws Exception {
        Race r = aroundAnIncarnation(spec -> drawInValues(DRAW_IN_VALUES_UPSERT, spec));

        assertThat(r.late())
                .as("the pre-V5 upsert inserts the version it drew before B's create")
                .isLessThan(r.highestMeanwhile());
    }

    @Test
    void upsertParkedBeforeItLocksTheRowWritesAboveAnUpdateCommittedMeanwhile() throws Exception {
        Race r = aroundAnUpdate(spec -> version(a.put(spec, WriteCondition.unconditional())));

        assertThat(r.late()).as("the late upsert's version").isGreaterThan(r.highestMeanwhile());
    }

    @Test
    void negativeControlAnUpsertDrawingInValuesWritesBelowThatUpdate() throws Exception {
        Race r = aroundAnUpdate(spec -> drawInValues(DRAW_IN_VALUES_UPSERT, spec));

        assertThat(r.late())
                .as("the pre-V5 upsert overwrites with the version it drew before B's update, no delete needed")
                .isLessThan(r.highestMeanwhile());
    }

    // ---------------------------------------------------------------------------------------------------------
    // the sequence: drawn before must mean smaller

    @Test
    void theVersionSequenceCachesOneValueSoItsOrderIsTheOrderOfTheCalls() throws SQLException {
        try (Connection c = sql.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT cache_size FROM pg_sequences WHERE schemaname = current_schema()"
                                + " AND sequencename = 'object_rv'");
                ResultSet rs = p.executeQuery()) {
            assertThat(rs.next()).as("object_rv in " + backend.schema()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        assertThat(interleavedDraws("object_rv")).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void negativeControlASequenceCachingValuesPerSessionHandsOutOneBelowAnEarlierDraw() throws SQLException {
        execute(List.of("CREATE SEQUENCE version_draw_cached CACHE 20"));
        try {
            List<Long> draws = interleavedDraws("version_draw_cached");

            assertThat(draws.get(2))
                    .as("the third draw, from the first session's cache, after the second session's")
                    .isLessThan(draws.get(1));
        } finally {
            execute(List.of("DROP SEQUENCE version_draw_cached"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A's write of a fresh key is parked while B creates, reads and deletes that key. */
    private Race aroundAnIncarnation(LateWrite late) throws Exception {
        ObjectKey key = nextKey();
        return race(key, late, () -> {
            StoredObject created = written(b.put(ObjectSpec.of(key, bytes("b")), WriteCondition.mustCreate()));
            long v = created.resourceVersion();
            assertThat(b.get(key)).contains(created);
            assertThat(b.delete(key, WriteCondition.matchVersion(v))).isEqualTo(new Deleted(key, v));
            return List.of(v);
        });
    }

    /** A's write of an existing key is parked while B updates that key. */
    private Race aroundAnUpdate(LateWrite late) throws Exception {
        ObjectKey key = nextKey();
        StoredObject created = written(b.put(ObjectSpec.of(key, bytes("b0")), WriteCondition.mustCreate()));
        long v = created.resourceVersion();
        Race r = race(key, late, () -> {
            long updated = version(b.put(ObjectSpec.of(key, bytes("b1")), WriteCondition.matchVersion(v)));
            return List.of(v, updated);
        });
        StoredObject stored = b.get(key).orElseThrow();
        assertThat(stored.payload()).as("the late write's payload").isEqualTo(MARKED);
        assertThat(stored.createdAt())
                .as("an overwrite keeps the creation time")
                .isEqualTo(created.createdAt());
        return r;
    }

    /**
     * Parks A's write of {@code key}, runs B's writes while it is parked, lets A's write go on and returns what
     * both wrote.
     */
    private Race race(ObjectKey key, LateWrite late, Meanwhile meanwhile) throws Exception {
        try (Parking parking = new Parking()) {
            Future<Long> parked = lateWriter.submit(() -> late.write(ObjectSpec.of(key, MARKED)));
            parking.awaitParked(parked);

            List<Long> versions = meanwhile.write();
            assertThat(parked).as("A's write, still parked").isNotDone();
            parking.release();

            long version = parked.get(PATIENCE.toSeconds(), SECONDS);
            assertThat(b.get(key).map(StoredObject::resourceVersion))
                    .as("what the late write stored")
                    .contains(version);
            return new Race(key, versions, version);
        }
    }

    /** One of today's pre-V5 statements, run on a connection of its own (autocommit), as the store ran it. */
    private long drawInValues(String statement, ObjectSpec spec) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        try (Handle h = Jdbi.open(sql)) {
            return h.createQuery(statement)
                    .bind("kind", spec.key().kind())
                    .bind("id", spec.key().id())
                    .bind("name", spec.name())
                    .bind("labels", "{}")
                    .bind("payload", spec.payload())
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one();
        }
    }

    /** nextval from session one, session two, session one again. */
    private List<Long> interleavedDraws(String sequence) throws SQLException {
        try (Connection one = sql.getConnection();
                Connection two = sql.getConnection()) {
            long first = nextval(one, sequence);
            long second = nextval(two, sequence);
            long third = nextval(one, sequence);
            return List.of(first, second, third);
        }
    }

    private static long nextval(Connection c, String sequence) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT nextval(?::regclass)")) {
            p.setString(1, sequence);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Holds the advisory lock the parking trigger waits on for the marked payload, on a connection of its own. The
     * lock key is random, so parallel runs on one server do not park each other's writes.
     */
    private final class Parking implements AutoCloseable {
        private final Connection holder;
        private final int pid;
        private final long lockKey = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        private boolean held;

        Parking() throws SQLException {
            holder = sql.getConnection();
            try {
                run("DELETE FROM version_draw_parking");
                try (PreparedStatement p =
                        holder.prepareStatement("INSERT INTO version_draw_parking (payload, lock_key) VALUES (?, ?)")) {
                    p.setBytes(1, MARKED);
                    p.setLong(2, lockKey);
                    p.executeUpdate();
                }
                pid = (int) single("SELECT pg_backend_pid()");
                try (PreparedStatement p = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    p.setLong(1, lockKey);
                    p.execute();
                }
                held = true;
            } catch (SQLException | RuntimeException e) {
                holder.close();
                throw e;
            }
        }

        /** Waits until {@code parked}'s backend waits on this lock; fails if the write finished instead. */
        void awaitParked(Future<?> parked) {
            Awaitility.await("the late write to wait on advisory lock " + lockKey + " held by backend " + pid)
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> parked.isDone() || parkedBehind() == 1);
            assertThat(parked).as("the late write, parked by the trigger").isNotDone();
        }

        private long parkedBehind() throws SQLException {
            try (PreparedStatement p = holder.prepareStatement(PARKED_BEHIND)) {
                p.setInt(1, pid);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        void release() throws SQLException {
            if (held) {
                held = false;
                try (PreparedStatement p = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    p.setLong(1, lockKey);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBoolean(1))
                                .as("advisory lock " + lockKey + " was held")
                                .isTrue();
                    }
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                release();
                run("DELETE FROM version_draw_parking");
            } finally {
                holder.close();
            }
        }

        private void run(String statement) throws SQLException {
            try (Statement s = holder.createStatement()) {
                s.execute(statement);
            }
        }

        private long single(String query) throws SQLException {
            try (Statement s = holder.createStatement();
                    ResultSet rs = s.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(List<String> statements) throws SQLException {
        try (Connection c = sql.getConnection();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private ObjectKey nextKey() {
        return ObjectKey.of("version-draw", "k" + ++keys);
    }

    private static long version(PutOutcome outcome) {
        return written(outcome).resourceVersion();
    }

    private static StoredObject written(PutOutcome outcome) {
        assertThat(outcome).isInstanceOf(Written.class);
        return ((Written) outcome).object();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
