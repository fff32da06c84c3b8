package io.casharness.store.jdbc;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;

/**
 * SQLite: every write is one {@code BEGIN IMMEDIATE} transaction — read the current row, decide, draw the next
 * version from the {@code rv_counter} row, write, commit. The write lock is held from the first read, so the check
 * and the write cannot be separated by another writer and the classification (conflict, absent, name taken) is
 * exact.
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
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        return (position, statement, ctx) -> statement.setLong(position, micros);
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
        return immediate(h, () -> {
            ObjectKey key = w.key();
            Optional<Current> current = current(h, key);
            if (condition instanceof WriteCondition.MustCreate && current.isPresent()) {
                return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
            }
            if (condition instanceof WriteCondition.MatchVersion m) {
                if (current.isEmpty()) {
                    return Conflict.absent(key, m.version());
                }
                if (current.get().version() != m.version()) {
                    return Conflict.at(key, m.version(), current.get().version());
                }
            }
            if (w.spec().name() != null) {
                ObjectKey holder = nameHolder(h, key, w.spec().name());
                if (holder != null && !holder.equals(key)) {
                    return new AlreadyExists(key, AlreadyExists.Constraint.NAME, holder);
                }
            }
            long version = h.createQuery(NEXT_VERSION).mapTo(Long.class).one();
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
    DeleteOutcome delete(Handle h, ObjectKey key, WriteCondition condition) throws SQLException {
        return immediate(h, () -> {
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
    private static <T> T immediate(Handle h, Work<T> work) throws SQLException {
        Connection c = h.getConnection();
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
     * the original one, so they are dropped; if the connection is still in a transaction after all, Jdbi rolls it
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
