package io.casharness.store.jdbc;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.ErrorClass;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateSteps;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL: every write is ONE autocommit statement, so the happy path is one round trip and the version returned
 * is the one this statement produced ({@code nextval('object_rv')} inside the statement).
 *
 * <p>A version is drawn only once the statement's transaction holds its key, so it is above every version the key
 * has had, in this incarnation and every earlier one, under any scheduling (migration V5; the argument per write
 * is in {@code docs/store-semantics.md}). A {@code MustCreate} or {@code Unconditional} write calls
 * {@code put_object}, which writes the row with a placeholder version (an {@code INSERT}, or
 * {@code INSERT ... ON CONFLICT DO UPDATE}, which leaves the version alone), so that the primary key index has
 * admitted it or the existing row is locked, and only then draws the version in an {@code UPDATE} of that row in
 * the same transaction. Drawing in the {@code INSERT}'s {@code VALUES}, as before V5, let a create
 * descheduled between draw and commit start below an incarnation created and deleted meanwhile.
 *
 * <p>A {@code MatchVersion} write calls the function {@code put_if_version} (migration V3): the conditional
 * {@code UPDATE ... RETURNING}, and when it matches no row, a read of the current row on a new snapshot (a VOLATILE
 * function takes one per statement under READ COMMITTED), so it sees everything committed before it started: no
 * row means {@link Conflict#absent}, another version means {@link Conflict#at} and the row comes back with it, the
 * next basis of an update without another round trip. If the read sees the expected version itself, the row at
 * that version was committed after the UPDATE's snapshot was taken (possible only for a caller that names a
 * version it did not read) and the function tries the UPDATE again, at most {@value #MAX_RECHECKS} times, then
 * fails with 40001. A single statement (a CTE reading the table beside the UPDATE) would read in the UPDATE's own
 * snapshot and could report the old version as "current": that is the race the function's second snapshot avoids.
 * Its {@code nextval} in {@code SET} is safe: the UPDATE applies only to the row at the expected version, whose
 * write committed before {@code SET} is evaluated.
 */
final class PostgresDialect extends SqlDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    /** How often the conflict check may see the expected version before the write gives up as TRANSIENT. */
    static final int MAX_RECHECKS = 8;

    static final String PK_CONSTRAINT = "objects_pkey";
    static final String NAME_CONSTRAINT = "objects_name_unique";

    /** MustCreate ({@code overwrite} false) and Unconditional (true), one round trip: see migration V5. */
    static final String PUT_OBJECT = "SELECT resource_version, created_at, updated_at"
            + " FROM put_object(:kind, :id, :name, :labels, :payload, :now, :overwrite)";

    /** The MatchVersion write, one round trip: see the class comment and migration V3. */
    static final String PUT_IF_VERSION =
            "SELECT written, name, labels, payload, resource_version, created_at, updated_at"
                    + " FROM put_if_version(?, ?, ?, ?, ?, ?, ?)";

    static final String CURRENT_VERSION = "SELECT resource_version FROM objects WHERE kind = :kind AND id = :id";

    static final String DELETE_IF_VERSION = """
            DELETE FROM objects WHERE kind = :kind AND id = :id AND resource_version = :expected
            RETURNING resource_version""";

    static final String DELETE = "DELETE FROM objects WHERE kind = :kind AND id = :id RETURNING resource_version";

    private PostgresDialect() {}

    @Override
    Dialect dialect() {
        return Dialect.POSTGRES;
    }

    @Override
    Argument timestamp(Instant instant) {
        OffsetDateTime utc = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, utc);
    }

    @Override
    Instant timestamp(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    boolean cursorNeedsTransaction() {
        return true;
    }

    @Override
    PutOutcome put(Handle h, Write w, WriteCondition condition) throws SQLException {
        ObjectKey key = w.key();
        if (condition instanceof WriteCondition.MatchVersion) {
            throw new IllegalArgumentException("MatchVersion writes go through putIfVersion, not " + condition);
        }
        boolean create = condition instanceof WriteCondition.MustCreate;
        try {
            return written(w, bindRow(h.createQuery(PUT_OBJECT), w).bind("overwrite", !create));
        } catch (JdbiException e) {
            String constraint = uniqueConstraint(e);
            if (create && PK_CONSTRAINT.equals(constraint)) {
                return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
            }
            if (NAME_CONSTRAINT.equals(constraint)) {
                return new AlreadyExists(
                        key,
                        AlreadyExists.Constraint.NAME,
                        nameHolder(h.getConnection(), key, w.spec().name()));
            }
            throw e;
        }
    }

    @Override
    UpdateSteps.Step putIfVersion(Connection c, StatementCache statements, Write w, long expected, StoredObject basis)
            throws SQLException {
        ObjectKey key = w.key();
        try {
            PreparedStatement s = statements.prepare(c, PUT_IF_VERSION);
            s.setString(1, key.kind());
            s.setString(2, key.id());
            s.setLong(3, expected);
            s.setString(4, w.spec().name());
            s.setString(5, w.labelsJson());
            s.setBytes(6, w.spec().payload());
            s.setObject(7, OffsetDateTime.ofInstant(w.now(), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return UpdateSteps.Step.of(Conflict.absent(key, expected));
                }
                long version = rs.getLong("resource_version");
                if (rs.getBoolean("written")) {
                    return UpdateSteps.Step.of(new Written(new StoredObject(
                            w.spec(), version, timestamp(rs, "created_at"), timestamp(rs, "updated_at"))));
                }
                ObjectSpec found = new ObjectSpec(
                        key, rs.getString("name"), LabelsJson.read(rs.getString("labels")), rs.getBytes("payload"));
                StoredObject current =
                        new StoredObject(found, version, timestamp(rs, "created_at"), timestamp(rs, "updated_at"));
                return new UpdateSteps.Step(Conflict.at(key, expected, version), current);
            }
        } catch (SQLException e) {
            if (NAME_CONSTRAINT.equals(uniqueConstraint(e))) {
                return UpdateSteps.Step.of(new AlreadyExists(
                        key,
                        AlreadyExists.Constraint.NAME,
                        nameHolder(c, key, w.spec().name())));
            }
            throw e;
        }
    }

    @Override
    DeleteOutcome delete(Handle h, ObjectKey key, WriteCondition condition) {
        if (!(condition instanceof WriteCondition.MatchVersion m)) {
            OptionalLong deleted = version(bindKey(h.createQuery(DELETE), key));
            return deleted.isPresent() ? new Deleted(key, deleted.getAsLong()) : new NotFound(key);
        }
        long expected = m.version();
        for (int check = 0; ; check++) {
            OptionalLong deleted =
                    version(bindKey(h.createQuery(DELETE_IF_VERSION), key).bind("expected", expected));
            if (deleted.isPresent()) {
                return new Deleted(key, deleted.getAsLong());
            }
            OptionalLong current = currentVersion(h, key);
            if (current.isEmpty()) {
                return new NotFound(key);
            }
            if (current.getAsLong() != expected) {
                return Conflict.at(key, expected, current.getAsLong());
            }
            giveUpAfter(check, "delete", key, expected);
        }
    }

    private static void giveUpAfter(int check, String op, ObjectKey key, long expected) {
        if (check + 1 >= MAX_RECHECKS) {
            throw new StoreAccessException(
                    ErrorClass.TRANSIENT,
                    "postgres",
                    null,
                    0,
                    op + " " + key + " MatchVersion(" + expected + "): the row at v" + expected
                            + " was visible to the conflict check but not to the conditional statement "
                            + MAX_RECHECKS + " times in a row",
                    null);
        }
    }

    private static OptionalLong currentVersion(Handle h, ObjectKey key) {
        return version(bindKey(h.createQuery(CURRENT_VERSION), key));
    }

    private static OptionalLong version(Query q) {
        Optional<Long> v = q.mapTo(Long.class).findOne();
        return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
    }

    private static Query bindKey(Query q, ObjectKey key) {
        return q.bind("kind", key.kind()).bind("id", key.id());
    }

    private Query bindRow(Query q, Write w) {
        return bindKey(q, w.key())
                .bind("name", w.spec().name())
                .bind("labels", w.labelsJson())
                .bind("payload", w.spec().payload())
                .bind("now", timestamp(w.now()));
    }

    private PutOutcome written(Write w, Query q) {
        return q.map((rs, ctx) -> (PutOutcome) new Written(new StoredObject(
                        w.spec(),
                        rs.getLong("resource_version"),
                        timestamp(rs, "created_at"),
                        timestamp(rs, "updated_at"))))
                .findOne()
                .orElseThrow(() -> new IllegalStateException("the write function returned no row for " + w.key()));
    }

    /** The name of the unique constraint a 23505 broke, from the server's error fields; else {@code null}. */
    static String uniqueConstraint(Throwable failure) {
        SQLException sql = SqlErrorClassifier.firstSqlException(failure);
        if (sql == null || !"23505".equals(sql.getSQLState())) {
            return null;
        }
        if (sql instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getConstraint() != null) {
                return server.getConstraint();
            }
        }
        String message = String.valueOf(sql.getMessage());
        if (message.contains('"' + NAME_CONSTRAINT + '"')) {
            return NAME_CONSTRAINT;
        }
        if (message.contains('"' + PK_CONSTRAINT + '"')) {
            return PK_CONSTRAINT;
        }
        return null;
    }
}
