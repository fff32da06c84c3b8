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
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/**
 * <b>sqlite-deferred-rmw</b>: the read-modify-write of {@link SqlAppVersionCheck}, but wrapped in a SQLite
 * transaction opened with plain {@code BEGIN} (= {@code BEGIN DEFERRED}, the default of most drivers and ORMs)
 * instead of {@code BEGIN IMMEDIATE}: the transaction reads under a shared snapshot and only asks for the write lock
 * at its first write.
 *
 * <p><b>What really happens</b> (WAL mode, as the backend configures it): SQLite does <em>not</em> lose the update.
 * When two such transactions read the same version, the first to write takes the write lock and commits; the
 * second, on its first write, finds its snapshot is no longer the latest and fails at once with
 * {@code SQLITE_BUSY_SNAPSHOT} (the busy timeout does not help: waiting cannot make an old snapshot new). The mistake
 * therefore shows as refused writes — errors the caller must handle, that {@code BEGIN IMMEDIATE} would have turned
 * into a short wait — and the checker, correctly, finds no anomaly. This member is "caught" when the run records
 * such refusals and no anomaly: see {@code docs/bug-zoo.md}.
 */
public final class SqliteDeferredRmw extends ZooMember {
    /** The expectation: SQLite refuses the stale transaction with a BUSY error. */
    public static final String EXPECTED = ZooMember.ERRORS_PREFIX + "SQLITE_BUSY";

    public SqliteDeferredRmw() {
        super(
                "sqlite-deferred-rmw",
                "read-modify-write in a DEFERRED SQLite transaction (BEGIN instead of BEGIN IMMEDIATE)",
                "register",
                Set.of("sqlite"),
                EXPECTED);
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        JdbcBackend jdbc = ZooSql.jdbc(backend, name());
        if (!ZooSql.isSqlite(jdbc)) {
            throw new IllegalArgumentException(name() + " applies to sqlite only, not " + backend.name());
        }
        CasStore reference = PausingStore.wrap(backend.openReplica(options), replica, hooks);
        return new Store(reference, ZooSql.pool(jdbc, name(), options.replicaName()), replica, hooks);
    }

    private static final class Store extends SqlZooStore {
        Store(CasStore reference, DataSource pool, int replica, Hooks hooks) {
            super(reference, "sqlite-deferred-rmw", pool, true, replica, hooks);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (!(condition instanceof WriteCondition.MatchVersion m)) {
                return delegate.put(spec, condition);
            }
            ObjectKey key = spec.key();
            try (Connection c = pool.getConnection();
                    Statement tx = c.createStatement()) {
                tx.execute("BEGIN DEFERRED");
                try {
                    long current = ZooSql.currentVersion(c, key);
                    hook(Hooks.Point.AFTER_READ, key);
                    if (current != m.version()) {
                        tx.execute("ROLLBACK");
                        return current == 0
                                ? Conflict.absent(key, m.version())
                                : Conflict.at(key, m.version(), current);
                    }
                    hook(Hooks.Point.BEFORE_WRITE, key);
                    long next = ZooSql.nextVersion(c, true, current);
                    try (PreparedStatement ps = c.prepareStatement(SqlAppVersionCheck.UPDATE_WITHOUT_VERSION)) {
                        ps.setBytes(1, spec.payload());
                        ps.setLong(2, next);
                        ps.setString(3, key.kind());
                        ps.setString(4, key.id());
                        ps.executeUpdate();
                    }
                    tx.execute("COMMIT");
                    hook(Hooks.Point.AFTER_WRITE, key);
                    Instant now = Instant.now();
                    return new Written(new StoredObject(spec, next, now, now));
                } catch (SQLException e) {
                    try {
                        tx.execute("ROLLBACK");
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw SqlErrorClassifier.classify(e, backend(), "sqlite-deferred-rmw put " + key);
            }
        }
    }
}
