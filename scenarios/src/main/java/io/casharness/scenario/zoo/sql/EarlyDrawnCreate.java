package io.casharness.scenario.zoo.sql;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.AlreadyExists;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Set;
import javax.sql.DataSource;

/**
 * <b>early-drawn-create</b>: the mistake of the reference PostgreSQL store's create before migration V5, which drew
 * the version ({@code nextval('object_rv')}) in the {@code INSERT}'s {@code VALUES}, before the row met the primary
 * key index. A create whose server process is descheduled after the draw (a slow backend, a lock wait) can commit
 * after another replica created and deleted the key at higher versions, so the new incarnation starts below its
 * key's past. Here the draw is its own statement in the create's transaction ({@code SELECT nextval}, then the
 * {@code INSERT} with that version, then {@code COMMIT}): the same order, with the window one round trip wide
 * instead of a few microseconds inside one statement ({@link #PRE_V5_INSERT}, kept for the record, is the original;
 * {@code docs/faults.md} says what {@code pause} does against each). Everything else is the reference store.
 * Caught by {@code version-regression} on the delete-race workload when server processes are frozen, so the member
 * runs in runs that inject {@code pause}.
 */
public final class EarlyDrawnCreate extends ZooMember {
    /** The create as the PostgreSQL store issued it before V5: the draw inside the INSERT. */
    static final String PRE_V5_INSERT = "INSERT INTO objects (kind, id, name, labels, payload, resource_version,"
            + " created_at, updated_at) VALUES (?, ?, ?, '{}', ?, nextval('object_rv'), now(), now())"
            + " RETURNING resource_version, created_at";

    /** The draw, as this member's first statement. */
    static final String DRAW = "SELECT nextval('object_rv')";

    /** The create with the version drawn before it. */
    static final String INSERT = "INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at,"
            + " updated_at) VALUES (?, ?, ?, '{}', ?, ?, now(), now()) RETURNING created_at";

    public EarlyDrawnCreate() {
        super(
                "early-drawn-create",
                "a create draws its version (nextval) in the INSERT, before the row meets the key's index",
                "delete-race",
                Set.of("postgres"),
                "version-regression");
    }

    @Override
    public String exposedBy() {
        return "pause";
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        JdbcBackend jdbc = ZooSql.jdbc(backend, name());
        CasStore reference = PausingStore.wrap(backend.openReplica(options), replica, hooks);
        return new Store(reference, ZooSql.pool(jdbc, name(), options.replicaName()), replica, hooks);
    }

    private static final class Store extends SqlZooStore {
        Store(CasStore reference, DataSource pool, int replica, Hooks hooks) {
            super(reference, "early-drawn-create", pool, false, replica, hooks);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (!(condition instanceof WriteCondition.MustCreate)) {
                return super.put(spec, condition);
            }
            ObjectKey key = spec.key();
            hook(Hooks.Point.BEFORE_WRITE, key);
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long version;
                    try (PreparedStatement draw = c.prepareStatement(DRAW);
                            ResultSet rs = draw.executeQuery()) {
                        rs.next();
                        version = rs.getLong(1);
                    }
                    Timestamp created;
                    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                        ps.setString(1, key.kind());
                        ps.setString(2, key.id());
                        ps.setString(3, spec.name());
                        ps.setBytes(4, spec.payload());
                        ps.setLong(5, version);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            created = rs.getTimestamp(1);
                        }
                    }
                    c.commit();
                    hook(Hooks.Point.AFTER_WRITE, key);
                    return new Written(new StoredObject(spec, version, created.toInstant(), created.toInstant()));
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (SqlErrorClassifier.classOf(e) == ErrorClass.UNIQUE_VIOLATION) {
                    boolean name = String.valueOf(e.getMessage()).contains("objects_name_unique");
                    return new AlreadyExists(
                            key, name ? AlreadyExists.Constraint.NAME : AlreadyExists.Constraint.KEY, key);
                }
                throw SqlErrorClassifier.classify(e, backend(), "early-drawn-create put " + key);
            }
        }
    }
}
