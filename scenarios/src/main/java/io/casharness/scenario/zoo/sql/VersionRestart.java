package io.casharness.scenario.zoo.sql;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.AlreadyExists;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.ErrorClass;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.SqlErrorClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/**
 * <b>version-restart</b>: a per-row version column, as JPA's {@code @Version} gives you: {@code INSERT} with
 * {@code version = 1}, {@code UPDATE ... SET version = version + 1 WHERE ... AND version = ?}. The compare-and-set
 * itself is right, but versions restart at 1 when an object is deleted and created again, with nothing else to tell
 * one incarnation from the next, so a writer still holding version 2 of the old object matches version 2 of the new
 * one (ABA) and overwrites a stranger. The store declares what it is — per-row versions, restarting per incarnation
 * ({@link #versionsRiseAcrossIncarnations}) and per key ({@link #versionsUniqueAcrossKeys}) — so the checker judges
 * it by incarnations in time: caught by {@code aba} on the delete-race workload (each stale write or delete that
 * landed on a newer incarnation, citing its process's last sight of the version, the delete and the write), beside
 * one {@code versions-restart} per key (the reissued versions). A correct per-row store tells incarnations apart,
 * for example by a uid in the version, and passes the same checks.
 */
public final class VersionRestart extends ZooMember {
    public VersionRestart() {
        super(
                "version-restart",
                "per-row version: 1 on insert, +1 per update; restarts at 1 after delete and re-create",
                "delete-race",
                Set.of("sqlite", "postgres"),
                "aba");
    }

    /** Per-row versions: 1, 2, 3, ... on every key. */
    @Override
    public boolean versionsUniqueAcrossKeys(Backend backend) {
        return false;
    }

    /** Per-row versions: 1 again on every re-create. */
    @Override
    public boolean versionsRiseAcrossIncarnations(Backend backend) {
        return false;
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        JdbcBackend jdbc = ZooSql.jdbc(backend, name());
        CasStore reference = PausingStore.wrap(backend.openReplica(options), replica, hooks);
        return new Store(
                reference, ZooSql.pool(jdbc, name(), options.replicaName()), ZooSql.isSqlite(jdbc), replica, hooks);
    }

    private static final class Store extends SqlZooStore {
        Store(CasStore reference, DataSource pool, boolean sqlite, int replica, Hooks hooks) {
            super(reference, "version-restart", pool, sqlite, replica, hooks);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            ObjectKey key = spec.key();
            hook(Hooks.Point.BEFORE_WRITE, key);
            try (Connection c = pool.getConnection()) {
                PutOutcome outcome;
                if (condition instanceof WriteCondition.MustCreate) {
                    outcome = insert(c, spec);
                } else if (condition instanceof WriteCondition.MatchVersion m) {
                    outcome = update(c, spec, m.version());
                } else {
                    long current = ZooSql.currentVersion(c, key);
                    outcome = current == 0 ? insert(c, spec) : update(c, spec, current);
                }
                hook(Hooks.Point.AFTER_WRITE, key);
                return outcome;
            } catch (SQLException e) {
                throw SqlErrorClassifier.classify(e, backend(), "version-restart put " + key);
            }
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            hook(Hooks.Point.BEFORE_WRITE, key);
            try (Connection c = pool.getConnection()) {
                long current = ZooSql.currentVersion(c, key);
                if (current == 0) {
                    return new NotFound(key);
                }
                long expected = condition instanceof WriteCondition.MatchVersion m ? m.version() : current;
                while (true) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM objects WHERE kind = ? AND id = ? AND resource_version = ?")) {
                        ps.setString(1, key.kind());
                        ps.setString(2, key.id());
                        ps.setLong(3, expected);
                        if (ps.executeUpdate() == 1) {
                            hook(Hooks.Point.AFTER_WRITE, key);
                            return new Deleted(key, expected);
                        }
                    }
                    long now = ZooSql.currentVersion(c, key);
                    if (now != expected) { // equal: deleted and re-created at the same version meanwhile, try again
                        return now == 0 ? new NotFound(key) : Conflict.at(key, expected, now);
                    }
                }
            } catch (SQLException e) {
                throw SqlErrorClassifier.classify(e, backend(), "version-restart delete " + key);
            }
        }

        private PutOutcome insert(Connection c, ObjectSpec spec) throws SQLException {
            String sql = sqlite
                    ? "INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)"
                            + " VALUES (?, ?, ?, '{}', ?, 1, ?, ?)"
                    : "INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)"
                            + " VALUES (?, ?, ?, '{}', ?, 1, now(), now())";
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, spec.key().kind());
                ps.setString(2, spec.key().id());
                ps.setString(3, spec.name());
                ps.setBytes(4, spec.payload());
                if (sqlite) {
                    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
                    ps.setLong(5, micros);
                    ps.setLong(6, micros);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrorClassifier.classOf(e) == ErrorClass.UNIQUE_VIOLATION) {
                    return new AlreadyExists(spec.key(), AlreadyExists.Constraint.KEY, spec.key());
                }
                throw e;
            }
            return new Written(new StoredObject(spec, 1, now, now));
        }

        private PutOutcome update(Connection c, ObjectSpec spec, long expected) throws SQLException {
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE objects SET payload = ?, resource_version ="
                        + " resource_version + 1 WHERE kind = ? AND id = ? AND resource_version = ?")) {
                    ps.setBytes(1, spec.payload());
                    ps.setString(2, spec.key().kind());
                    ps.setString(3, spec.key().id());
                    ps.setLong(4, expected);
                    if (ps.executeUpdate() == 1) {
                        Instant now = Instant.now();
                        return new Written(new StoredObject(spec, expected + 1, now, now));
                    }
                }
                long current = ZooSql.currentVersion(c, spec.key());
                if (current != expected) { // equal: the version came back with a re-create meanwhile, try again
                    return current == 0
                            ? Conflict.absent(spec.key(), expected)
                            : Conflict.at(spec.key(), expected, current);
                }
            }
        }
    }
}
