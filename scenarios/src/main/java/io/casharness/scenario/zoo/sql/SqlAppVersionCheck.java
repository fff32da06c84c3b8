package io.casharness.scenario.zoo.sql;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
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
 * <b>sql-app-version-check</b>: the version check in application code, in hand-written SQL: {@code SELECT
 * resource_version}, compare in Java, then {@code UPDATE objects SET payload = ?, resource_version = ? WHERE kind =
 * ? AND id = ?} — the {@code WHERE} lacks {@code AND resource_version = ?}. Each statement is correct on its own;
 * together, in autocommit, they are a check-then-act race. Caught by {@code lost-update} on the register workload.
 */
public final class SqlAppVersionCheck extends ZooMember {
    static final String UPDATE_WITHOUT_VERSION =
            "UPDATE objects SET payload = ?, resource_version = ? WHERE kind = ? AND id = ?";

    public SqlAppVersionCheck() {
        super(
                "sql-app-version-check",
                "SELECT the version, compare in Java, UPDATE ... WHERE kind = ? AND id = ? (no version predicate)",
                "register",
                Set.of("sqlite", "postgres"),
                "lost-update");
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
            super(reference, "sql-app-version-check", pool, sqlite, replica, hooks);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (!(condition instanceof WriteCondition.MatchVersion m)) {
                return delegate.put(spec, condition);
            }
            ObjectKey key = spec.key();
            try (Connection c = pool.getConnection()) {
                long current = ZooSql.currentVersion(c, key);
                hook(Hooks.Point.AFTER_READ, key);
                if (current == 0) {
                    return Conflict.absent(key, m.version());
                }
                if (current != m.version()) {
                    return Conflict.at(key, m.version(), current);
                }
                hook(Hooks.Point.BEFORE_WRITE, key);
                long next = ZooSql.nextVersion(c, sqlite, current);
                try (PreparedStatement ps = c.prepareStatement(UPDATE_WITHOUT_VERSION)) {
                    ps.setBytes(1, spec.payload());
                    ps.setLong(2, next);
                    ps.setString(3, key.kind());
                    ps.setString(4, key.id());
                    if (ps.executeUpdate() == 0) {
                        return Conflict.absent(key, m.version());
                    }
                }
                hook(Hooks.Point.AFTER_WRITE, key);
                Instant now = Instant.now();
                return new Written(new StoredObject(spec, next, now, now));
            } catch (SQLException e) {
                throw SqlErrorClassifier.classify(e, backend(), "sql-app-version-check put " + key);
            }
        }
    }
}
