package io.casharness.store.jdbc;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateSteps;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;

/**
 * SQLite: every write is one {@code BEGIN IMMEDIATE} transaction, so the check and the write cannot be separated by
 * another writer and the classification (conflict, absent, name taken) is exact.
 *
 * <p>Versions are per key (migration V4): a write of an existing row produces {@code resource_version + 1}; a new
 * object (a create, or a re-create after a delete) draws {@code rv_counter + 1}. The counter is a floor: a trigger
 * raises it to the version of every row deleted, so a re-created object starts above every version its key ever had
 * (no ABA), while an ordinary update writes one page, not two. Two keys may therefore share a version
 * ({@link JdbcBackend#versionsUniqueAcrossKeys()} is false on SQLite).
 *
 * <ul>
 *   <li>{@code MustCreate} / {@code Unconditional}: read the current row, decide, take the version (current + 1,
 *       or the next counter value for a new object), write, commit.
 *   <li>{@code MatchVersion} (the hot path of {@code update}) is ONE autocommit statement, like an atomic
 *       {@code SET v = v + 1}: {@code UPDATE ... SET resource_version = resource_version + 1 WHERE ... AND
 *       resource_version = ?}. A write statement takes the write lock before it reads, so the check sees the last
 *       committed row. When the caller has the basis and the name is unchanged, the name is left out of the
 *       statement: naming an indexed column in {@code SET} rewrites its index entry even if the value is the same,
 *       one more page per commit. If it changed no row, a read of the current row is returned with the
 *       {@link Conflict} (the next basis of an update; versions never return, so it cannot show the expected one).
 *       A name another object holds fails the UNIQUE index and is reported as {@link AlreadyExists}.
 * </ul>
 *
 * <p>Why IMMEDIATE: a deferred transaction starts as a reader and upgrades to a writer at its first write. Under WAL,
 * if another connection committed in between, the upgrade fails at once with {@code SQLITE_BUSY_SNAPSHOT} — the
 * snapshot the transaction read is stale and SQLite cannot wait its way out of that, so {@code busy_timeout} does
 * not help. {@code BEGIN IMMEDIATE} takes the write lock first (waiting up to {@code busy_timeout}), so a
 * read-modify-write never needs an upgrade.
 *
 * <p>The pool is configured with {@code TransactionMode.IMMEDIATE}, so {@code setAutoCommit(false)} issues
 * {@code BEGIN IMMEDIATE}. The transaction ends with {@code setAutoCommit(true)} (which commits, per JDBC) rather
 * than {@code commit()}, because sqlite-jdbc's {@code commit()} and {@code rollback()} immediately open the next
 * {@code BEGIN IMMEDIATE}, taking the write lock a second time for nothing.
 */
final class SqliteDialect extends SqlDialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    static final String CURRENT = "SELECT resource_version, created_at FROM objects WHERE kind = :kind AND id = :id";

    static final String NEXT_VERSION = "UPDATE rv_counter SET value = value + 1 WHERE id = 1 RETURNING value";

    static final String INSERT = """
            INSERT INTO objects (kind, id, name, labels, payload, resource_version, created_at, updated_at)
            VALUES (:kind, :id, :name, :labels, :payload, :version, :now, :now)""";

    static final String UPDATE = """
            UPDATE objects SET name = :name, labels = :labels, payload = :payload, resource_version = :version,
                updated_at = :now
            WHERE kind = :kind AND id = :id""";

    static final String DELETE = "DELETE FROM objects WHERE kind = :kind AND id = :id";

    static final String UPDATE_IF_VERSION = """
            UPDATE objects SET name = ?, labels = ?, payload = ?, resource_version = resource_version + 1,
                updated_at = ?
            WHERE kind = ? AND id = ? AND resource_version = ?
            RETURNING resource_version, created_at""";

    /** {@link #UPDATE_IF_VERSION} for a write whose name is its basis's: the row matched has that name already. */
    static final String UPDATE_IF_VERSION_SAME_NAME = """
            UPDATE objects SET labels = ?, payload = ?, resource_version = resource_version + 1, updated_at = ?
            WHERE kind = ? AND id = ? AND resource_version = ?""";

    /** The message SQLite gives when a write breaks the (kind, name) UNIQUE constraint. */
    static final String NAME_UNIQUE_MESSAGE = "UNIQUE constraint failed: objects.kind, objects.name";

    private SqliteDialect() {}

    /** The current row's version and creation time. */
    private record Current(long version, Instant createdAt) {}

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    Argument timestamp(Instant instant) {
        long micros = micros(instant);
        return (position, statement, ctx) -> statement.setLong(position, micros);
    }

    /** How SQLite stores a timestamp: microseconds since the epoch. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    @Override
    Instant timestamp(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    @Override
    boolean cursorNeedsTransaction() {
        return false;
    }

    @Override
    PutOutcome put(Handle h, Write w, WriteCondition condition) throws SQLException {
        if (condition instanceof WriteCondition.MatchVersion) {
            throw new IllegalArgumentException("MatchVersion writes go through putIfVersion, not " + condition);
        }
        return immediate(h.getConnection(), () -> {
            ObjectKey key = w.key();
            Optional<Current> current = current(h, key);
            if (condition instanceof WriteCondition.MustCreate && current.isPresent()) {
                return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
            }
            if (w.spec().name() != null) {
                ObjectKey holder = nameHolder(h.getConnection(), key, w.spec().name());
                if (holder != null && !holder.equals(key)) {
                    return new AlreadyExists(key, AlreadyExists.Constraint.NAME, holder);
                }
            }
            long version = current.isPresent()
                    ? Math.addExact(current.get().version(), 1)
                    : h.createQuery(NEXT_VERSION).mapTo(Long.class).one();
            h.createUpdate(current.isPresent() ? UPDATE : INSERT)
                    .bind("kind", key.kind())
                    .bind("id", key.id())
                    .bind("name", w.spec().name())
                    .bind("labels", w.labelsJson())
                    .bind("payload", w.spec().payload())
                    .bind("version", version)
                    .bind("now", timestamp(w.now()))
                    .execute();
            Instant created = current.map(Current::createdAt).orElse(w.now());
            return new Written(new StoredObject(w.spec(), version, created, w.now()));
        });
    }

    @Override
    UpdateSteps.Step putIfVersion(Connection c, StatementCache statements, Write w, long expected, StoredObject basis)
            throws SQLException {
        ObjectKey key = w.key();
        if (basis != null && Objects.equals(basis.spec().name(), w.spec().name())) {
            PreparedStatement up = statements.prepare(c, UPDATE_IF_VERSION_SAME_NAME);
            bindUpdate(up, 1, w, expected);
            int changed = up.executeUpdate();
            if (changed == 1) {
                // the row at (key, expected) is the basis's write (per-key versions never return), so it was created
                // when the basis was and is now at expected + 1
                return UpdateSteps.Step.of(new Written(
                        new StoredObject(w.spec(), Math.addExact(expected, 1), basis.createdAt(), w.now())));
            }
            if (changed != 0) {
                throw new IllegalStateException("the conditional UPDATE changed " + changed + " rows of " + key);
            }
            return lost(c, statements, key, expected);
        }
        try {
            PreparedStatement up = statements.prepare(c, UPDATE_IF_VERSION);
            up.setString(1, w.spec().name());
            bindUpdate(up, 2, w, expected);
            try (ResultSet rs = up.executeQuery()) {
                if (rs.next()) {
                    Written written = new Written(
                            new StoredObject(w.spec(), rs.getLong(1), timestamp(rs, "created_at"), w.now()));
                    // step to SQLITE_DONE: SQLite runs the WAL hook (the auto-checkpoint) only then; a statement
                    // reset after its RETURNING row commits without it, and the WAL grows without bound
                    if (rs.next()) {
                        throw new IllegalStateException("the conditional UPDATE changed two rows of " + key);
                    }
                    return UpdateSteps.Step.of(written);
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains(NAME_UNIQUE_MESSAGE)) {
                return UpdateSteps.Step.of(new AlreadyExists(
                        key,
                        AlreadyExists.Constraint.NAME,
                        nameHolder(c, key, w.spec().name())));
            }
            throw e;
        }
        return lost(c, statements, key, expected);
    }

    /** Binds what both conditional UPDATEs share, in their order, from parameter {@code first} on. */
    private static void bindUpdate(PreparedStatement up, int first, Write w, long expected) throws SQLException {
        up.setString(first, w.labelsJson());
        up.setBytes(first + 1, w.spec().payload());
        up.setLong(first + 2, micros(w.now()));
        up.setString(first + 3, w.key().kind());
        up.setString(first + 4, w.key().id());
        up.setLong(first + 5, expected);
    }

    /** After a conditional UPDATE matched no row: the conflict, with the current row as the next basis. */
    private UpdateSteps.Step lost(Connection c, StatementCache statements, ObjectKey key, long expected)
            throws SQLException {
        Optional<StoredObject> current = get(c, statements, key);
        if (current.isEmpty()) {
            return UpdateSteps.Step.of(Conflict.absent(key, expected));
        }
        long version = current.get().resourceVersion();
        if (version == expected) {
            throw new IllegalStateException("versions never return, yet " + key + " is at v" + expected
                    + " again after the conditional UPDATE matched no row");
        }
        return new UpdateSteps.Step(Conflict.at(key, expected, version), current.get());
    }

    @Override
    DeleteOutcome delete(Handle h, ObjectKey key, WriteCondition condition) throws SQLException {
        return immediate(h.getConnection(), () -> {
            Optional<Current> current = current(h, key);
            if (current.isEmpty()) {
                return new NotFound(key);
            }
            long version = current.get().version();
            if (condition instanceof WriteCondition.MatchVersion m && version != m.version()) {
                return Conflict.at(key, m.version(), version);
            }
            h.createUpdate(DELETE).bind("kind", key.kind()).bind("id", key.id()).execute();
            return new Deleted(key, version);
        });
    }

    private Optional<Current> current(Handle h, ObjectKey key) {
        Query q = h.createQuery(CURRENT).bind("kind", key.kind()).bind("id", key.id());
        return q.map((rs, ctx) -> new Current(rs.getLong("resource_version"), timestamp(rs, "created_at")))
                .findOne();
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction; commits also when it changed nothing. */
    private static <T> T immediate(Connection c, Work<T> work) throws SQLException {
        boolean committed = false;
        try {
            c.setAutoCommit(false); // BEGIN IMMEDIATE (TransactionMode.IMMEDIATE); may fail BUSY after busy_timeout
            T result = work.run();
            c.setAutoCommit(true); // COMMIT
            committed = true;
            return result;
        } finally {
            if (!committed) {
                abort(c);
            }
        }
    }

    /**
     * Ends a failed transaction and leaves the connection in autocommit mode with no transaction open, whatever
     * step failed (BEGIN IMMEDIATE, a statement, or the COMMIT), without taking the write lock again (which
     * {@code Connection.rollback()} would: sqlite-jdbc re-opens BEGIN IMMEDIATE after it). Failures here would hide
     * the original one, so they are dropped; if the connection is still in a transaction after all, Jdbi or HikariCP rolls it
     * back when the handle closes.
     */
    private static void abort(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open: BEGIN IMMEDIATE itself failed (BUSY)
        }
        try {
            if (!c.getAutoCommit()) {
                // setAutoCommit(true) commits; give it an empty deferred transaction (no lock) to commit
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN DEFERRED");
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // left to Jdbi's and HikariCP's own clean-up of the connection
        }
    }
}
