package io.casharness.store.jdbc;

import io.casharness.store.DeleteOutcome;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateSteps;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

/**
 * The SQL and the write algorithm of one database. One instance per dialect, stateless and thread-safe. Values are
 * always bound as parameters; the statement texts are constants.
 */
abstract sealed class SqlDialect permits PostgresDialect, SqliteDialect {

    static final String COLUMNS = "kind, id, name, labels, payload, resource_version, created_at, updated_at";

    /** Plain JDBC: the hot path of reads and updates. */
    static final String GET = "SELECT " + COLUMNS + " FROM objects WHERE kind = ? AND id = ?";

    static final String GET_BY_NAME = "SELECT " + COLUMNS + " FROM objects WHERE kind = :kind AND name = :name";

    /** A page without a selector: the database stops after limit + 1 rows (the extra row says "more"). */
    static final String LIST_LIMIT =
            "SELECT " + COLUMNS + " FROM objects WHERE kind = :kind AND id > :after ORDER BY id LIMIT :limit";

    /** A page with a selector: one statement, streamed until limit + 1 rows matched in Java. */
    static final String LIST_SCAN =
            "SELECT " + COLUMNS + " FROM objects WHERE kind = :kind AND id > :after ORDER BY id";

    static final String NAME_HOLDER = "SELECT id FROM objects WHERE kind = ? AND name = ?";

    static final String DELETE_ALL = "DELETE FROM objects";

    /** What one write binds, computed once before any statement runs. */
    record Write(ObjectSpec spec, String labelsJson, Instant now) {
        ObjectKey key() {
            return spec.key();
        }
    }

    abstract Dialect dialect();

    /** Binds a timestamp the way this dialect stores it. */
    abstract Argument timestamp(Instant instant);

    /** Reads a timestamp the way this dialect stores it. */
    abstract Instant timestamp(ResultSet rs, String column) throws SQLException;

    /** True if streaming a result set in batches needs an open transaction (pgjdbc cursors do). */
    abstract boolean cursorNeedsTransaction();

    /** A {@code MustCreate} or {@code Unconditional} write. */
    abstract PutOutcome put(Handle h, Write w, WriteCondition condition) throws SQLException;

    /**
     * A {@code MatchVersion(expected)} write on plain JDBC (the hot path of {@code update}), in autocommit mode
     * before and after: {@link Written}, {@link io.casharness.store.Conflict} (carrying the object found, when it
     * is at another version and the dialect read it in the same step) or {@link io.casharness.store.AlreadyExists}
     * (the name is another object's).
     *
     * @param basis the object the write was computed from, of the same key and at version {@code expected}, when
     *     the caller has it (an update); null for a plain {@code put}. A dialect may use it to write less (SQLite leaves an unchanged name
     *     out of the statement), never to decide the outcome: the version check in the database does that.
     */
    abstract UpdateSteps.Step putIfVersion(
            Connection c, StatementCache statements, Write w, long expected, StoredObject basis) throws SQLException;

    /** One object by key, plain JDBC, autocommit. */
    final Optional<StoredObject> get(Connection c, StatementCache statements, ObjectKey key) throws SQLException {
        PreparedStatement s = statements.prepare(c, GET);
        s.setString(1, key.kind());
        s.setString(2, key.id());
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(object(rs)) : Optional.empty();
        }
    }

    /** The holder of {@code name} within the key's kind, or {@code null} if none (it may have just gone). */
    static ObjectKey nameHolder(Connection c, ObjectKey key, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(NAME_HOLDER)) {
            s.setString(1, key.kind());
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new ObjectKey(key.kind(), rs.getString(1)) : null;
            }
        }
    }

    abstract DeleteOutcome delete(Handle h, ObjectKey key, WriteCondition condition) throws SQLException;

    /** One row as a {@link StoredObject}: payload, labels and version come from the same row. */
    final StoredObject object(ResultSet rs) throws SQLException {
        return object(rs, LabelsJson.read(rs.getString("labels")));
    }

    final StoredObject object(ResultSet rs, Map<String, String> labels) throws SQLException {
        ObjectKey key = new ObjectKey(rs.getString("kind"), rs.getString("id"));
        ObjectSpec spec = new ObjectSpec(key, rs.getString("name"), labels, rs.getBytes("payload"));
        return new StoredObject(
                spec, rs.getLong("resource_version"), timestamp(rs, "created_at"), timestamp(rs, "updated_at"));
    }
}
