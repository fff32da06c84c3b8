package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.AlreadyExists;
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
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The upgrade from the pre-version schema, on both databases: migrate to V1 only, write rows the way the old
 * gateway did, open a backend (which migrates to the latest) and check that the rows got {@code resource_version = 1},
 * that {@code MatchVersion(1)} works on them and that the next write produces a higher version.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MigrationTest {
    private static final Instant LEGACY_TIME = Instant.parse("2024-01-02T03:04:05.678901Z");

    @Test
    void sqliteLegacyRowsAreBackfilledToVersionOne(@TempDir Path dir) throws SQLException {
        Path file = dir.resolve("legacy.db");
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + file);
        assertThat(Migrations.migrate(raw, Dialect.SQLITE, null, "1")).isEqualTo(1);
        try (Connection c = raw.getConnection()) {
            assertThat(columns(c, "SELECT * FROM objects")).doesNotContain("resource_version");
            long micros = LEGACY_TIME.getEpochSecond() * 1_000_000 + LEGACY_TIME.getNano() / 1000;
            insertLegacy(c, "legacy-1", "one", micros);
            insertLegacy(c, "legacy-2", null, micros);
        }
        try (JdbcBackend backend = JdbcBackend.sqlite(file)) {
            checkUpgraded(backend);
        }
    }

    /**
     * A database written under V3 (every version drawn from rv_counter, unique across keys) upgraded to V4 (per-key
     * versions, the counter a floor): the counter already holds the highest version issued, so every key re-created
     * after the upgrade still starts above its own past, and updates continue per key.
     */
    @Test
    void sqliteV3DatabaseKeepsItsKeysAboveTheirPastAfterTheUpgradeToPerKeyVersions(@TempDir Path dir)
            throws SQLException {
        Path file = dir.resolve("v3.db");
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + file);
        assertThat(Migrations.migrate(raw, Dialect.SQLITE, null, "3")).isEqualTo(3);
        try (Connection c = raw.getConnection();
                Statement s = c.createStatement()) {
            // what V3 wrote: each version drawn from the counter, the trigger moving it (a: 10, b: 12, counter 12)
            s.execute("UPDATE rv_counter SET value = 9 WHERE id = 1");
            s.execute("INSERT INTO objects (kind, id, labels, payload, resource_version, created_at, updated_at)"
                    + " VALUES ('sandbox', 'a', '{}', x'01', (SELECT value + 1 FROM rv_counter), 0, 0)");
            s.execute("UPDATE rv_counter SET value = 11 WHERE id = 1");
            s.execute("INSERT INTO objects (kind, id, labels, payload, resource_version, created_at, updated_at)"
                    + " VALUES ('sandbox', 'b', '{}', x'02', (SELECT value + 1 FROM rv_counter), 0, 0)");
            s.execute("UPDATE objects SET resource_version = (SELECT value + 1 FROM rv_counter) WHERE id = 'b'");
            assertThat(counter(c))
                    .as("V3's trigger moved the counter to b's version")
                    .isEqualTo(12);
        }
        ObjectKey a = ObjectKey.of("sandbox", "a");
        ObjectKey b = ObjectKey.of("sandbox", "b");
        try (JdbcBackend backend = JdbcBackend.sqlite(file);
                CasStore store = backend.openReplica(StoreOptions.defaults())) {
            assertThat(backend.versionsUniqueAcrossKeys()).isFalse();
            assertThat(((Written) store.put(ObjectSpec.of(a, new byte[] {3}), WriteCondition.matchVersion(10)))
                            .version())
                    .as("an update counts per key")
                    .isEqualTo(11);

            assertThat(store.delete(b, WriteCondition.matchVersion(12))).isEqualTo(new Deleted(b, 12));
            long reborn = ((Written) store.put(ObjectSpec.of(b, new byte[0]), WriteCondition.mustCreate())).version();

            assertThat(reborn).isGreaterThan(12);
            assertThat(store.put(ObjectSpec.of(b, new byte[] {9}), WriteCondition.matchVersion(12)))
                    .isEqualTo(Conflict.at(b, 12, reborn));
        }
    }

    private static long counter(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM rv_counter WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void postgresLegacyRowsAreBackfilledToVersionOne(PostgresSource.Server server) throws SQLException {
        String schema = "cas_migration_" + Long.toHexString(System.nanoTime());
        String url = server.url() + "&currentSchema=" + schema;
        PGSimpleDataSource raw = postgresDataSource(url);
        try {
            assertThat(Migrations.migrate(raw, Dialect.POSTGRES, schema, "1")).isEqualTo(1);
            try (Connection c = raw.getConnection()) {
                assertThat(columns(c, "SELECT * FROM objects")).doesNotContain("resource_version");
                OffsetDateTime ts = OffsetDateTime.ofInstant(LEGACY_TIME, ZoneOffset.UTC);
                insertLegacy(c, "legacy-1", "one", ts);
                insertLegacy(c, "legacy-2", null, ts);
            }
            try (JdbcBackend backend = JdbcBackend.postgresAt(url)) {
                assertThat(backend.schema()).isEqualTo(schema);
                checkUpgraded(backend);
            }
        } finally {
            dropSchema(server, schema);
        }
    }

    /**
     * A PostgreSQL database written under V3 (creates and overwrites drew their version in the INSERT's VALUES)
     * upgraded to V5 (drawn once the key is held): the sequence keeps its position and is set back to CACHE 1 where
     * an operator had raised it, and keys written before the upgrade are updated, overwritten, deleted and re-created
     * above their past.
     */
    @Test
    void postgresV3DatabaseKeepsItsKeysAboveTheirPastAfterTheUpgradeToVersionsDrawnOnceTheKeyIsHeld(
            PostgresSource.Server server) throws SQLException {
        String schema = "cas_migration_" + Long.toHexString(System.nanoTime());
        String url = server.url() + "&currentSchema=" + schema;
        PGSimpleDataSource raw = postgresDataSource(url);
        try {
            assertThat(Migrations.migrate(raw, Dialect.POSTGRES, schema, "3")).isEqualTo(3);
            try (Connection c = raw.getConnection();
                    PreparedStatement create = c.prepareStatement(
                            "INSERT INTO objects (kind, id, labels, payload, resource_version, created_at, updated_at)"
                                    + " VALUES ('sandbox', ?, '{}', ?, nextval('object_rv'), now(), now())");
                    Statement s = c.createStatement()) {
                // what V3's store wrote: a created, b created and overwritten, every version from object_rv
                for (String id : List.of("a", "b")) {
                    create.setString(1, id);
                    create.setBytes(2, new byte[] {1});
                    assertThat(create.executeUpdate()).isEqualTo(1);
                }
                s.execute("UPDATE objects SET resource_version = nextval('object_rv') WHERE id = 'b'");
                s.execute("ALTER SEQUENCE object_rv CACHE 20");
            }
            ObjectKey a = ObjectKey.of("sandbox", "a");
            ObjectKey b = ObjectKey.of("sandbox", "b");
            try (JdbcBackend backend = JdbcBackend.postgresAt(url);
                    CasStore store = backend.openReplica(StoreOptions.defaults())) {
                assertThat(sequenceCache(raw)).as("object_rv's cache after V5").isEqualTo(1);
                StoredObject oldA = store.get(a).orElseThrow();
                StoredObject oldB = store.get(b).orElseThrow();
                assertThat(oldB.resourceVersion()).isGreaterThan(oldA.resourceVersion());

                long updated = ((Written) store.put(
                                oldA.spec().withPayload(new byte[] {2}),
                                WriteCondition.matchVersion(oldA.resourceVersion())))
                        .version();
                Written overwritten =
                        (Written) store.put(oldB.spec().withPayload(new byte[] {3}), WriteCondition.unconditional());
                assertThat(updated).isGreaterThan(oldB.resourceVersion());
                assertThat(overwritten.version()).isGreaterThan(updated);
                assertThat(overwritten.object().createdAt()).isEqualTo(oldB.createdAt());

                assertThat(store.delete(b, WriteCondition.unconditional()))
                        .isEqualTo(new Deleted(b, overwritten.version()));
                long reborn =
                        ((Written) store.put(ObjectSpec.of(b, new byte[0]), WriteCondition.mustCreate())).version();
                assertThat(reborn).isGreaterThan(overwritten.version());
                assertThat(store.put(ObjectSpec.of(a, new byte[0]), WriteCondition.mustCreate()))
                        .isEqualTo(new AlreadyExists(a, AlreadyExists.Constraint.KEY, a));
            }
        } finally {
            dropSchema(server, schema);
        }
    }

    private static PGSimpleDataSource postgresDataSource(String url) {
        PGSimpleDataSource raw = new PGSimpleDataSource();
        raw.setUrl(url);
        return raw;
    }

    private static long sequenceCache(PGSimpleDataSource raw) throws SQLException {
        try (Connection c = raw.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT cache_size FROM pg_sequences"
                        + " WHERE schemaname = current_schema() AND sequencename = 'object_rv'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void dropSchema(PostgresSource.Server server, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void checkUpgraded(JdbcBackend backend) {
        try (CasStore store = backend.openReplica(StoreOptions.defaults())) {
            ObjectKey one = ObjectKey.of("sandbox", "legacy-1");
            ObjectKey two = ObjectKey.of("sandbox", "legacy-2");
            StoredObject legacy = store.get(one).orElseThrow();
            assertThat(legacy.resourceVersion()).isEqualTo(1);
            assertThat(legacy.name()).isEqualTo("one");
            assertThat(legacy.labels()).isEqualTo(Map.of("app", "gw", "env", "prod"));
            assertThat(legacy.payload()).containsExactly(1, 2, 3);
            assertThat(legacy.createdAt()).isEqualTo(LEGACY_TIME);
            assertThat(store.get(two).orElseThrow().resourceVersion()).isEqualTo(1);

            PutOutcome first = store.put(legacy.spec().withPayload(new byte[] {9}), WriteCondition.matchVersion(1));
            assertThat(first).isInstanceOf(Written.class);
            long v1 = ((Written) first).version();
            assertThat(v1).isGreaterThan(1);
            assertThat(store.put(legacy.spec(), WriteCondition.matchVersion(1))).isEqualTo(Conflict.at(one, 1, v1));

            PutOutcome second = store.put(
                    store.get(two).orElseThrow().spec().withPayload(new byte[] {8}), WriteCondition.matchVersion(1));
            long v2 = ((Written) second).version();
            assertThat(v2).isGreaterThan(1);
            PutOutcome fresh =
                    store.put(ObjectSpec.of(ObjectKey.of("sandbox", "new"), new byte[0]), WriteCondition.mustCreate());
            assertThat(((Written) fresh).version()).isGreaterThan(1);
            if (backend.versionsUniqueAcrossKeys()) {
                assertThat(v2).isGreaterThan(v1);
                assertThat(((Written) fresh).version()).isGreaterThan(v2);
            }
            // whatever the scheme, a legacy key deleted and re-created starts above its own last version
            assertThat(store.delete(one, WriteCondition.unconditional())).isEqualTo(new Deleted(one, v1));
            PutOutcome reborn = store.put(ObjectSpec.of(one, new byte[0]), WriteCondition.mustCreate());
            assertThat(((Written) reborn).version()).isGreaterThan(v1);
        }
    }

    private static void insertLegacy(Connection c, String id, String name, Object timestamp) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO objects (kind, id, name, labels, payload, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, "sandbox");
            p.setString(2, id);
            p.setString(3, name);
            p.setString(4, "{\"app\":\"gw\",\"env\":\"prod\"}");
            p.setBytes(5, new byte[] {1, 2, 3});
            p.setObject(6, timestamp);
            p.setObject(7, timestamp);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> columns(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }
    }
}
