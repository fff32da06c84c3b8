package io.casharness.bench;

import io.casharness.store.Backoff;
import io.casharness.store.RetryPolicy;
import io.casharness.store.Sleeper;
import io.casharness.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * One way to add 1 to a counter row: the thing measured ({@link StoreStrategy}) or a baseline issuing its own SQL
 * on {@code bench_counter}. Every strategy reports each logical update to the {@link Worker} exactly once: success
 * (it took effect), give-up (attempts ran out, nothing applied) or error.
 *
 * <p>Shared by every thread of a cell: implementations are thread-safe (state lives in the pool and the worker).
 */
abstract class Strategy implements AutoCloseable {

    /** Runs one logical update of {@code key}, started at {@code startNanos}. */
    abstract void update(int key, Worker w, long startNanos);

    /** The number of increments that took effect, read from the database after the trial. */
    abstract long applied() throws SQLException;

    @Override
    public void close() {}

    /** The names {@code ContentionBench.strategy} accepts. */
    static Strategy create(String name, Dialect dialect, BenchDatabase db, DataSource pool, RetryPolicy policy) {
        return switch (name) {
            case "atomic" -> new Atomic(db, pool);
            case "cas" -> new PlainCas(db, pool, policy);
            case "lock" -> new Locking(db, pool, dialect);
            case "txn" -> new Transactional(db, pool, dialect, policy);
            case "blind" -> new Blind(db, pool);
            default ->
                throw new IllegalArgumentException(
                        "strategy must be store, atomic, cas, lock, txn or blind, was " + name);
        };
    }

    /** The baselines share the counter table and its check. */
    abstract static class Sql extends Strategy {
        final BenchDatabase db;
        final DataSource pool;

        Sql(BenchDatabase db, DataSource pool) {
            this.db = db;
            this.pool = pool;
        }

        @Override
        long applied() throws SQLException {
            return db.sumCounters(pool);
        }
    }

    /** {@code UPDATE ... SET v = v + 1}: one statement, the row lock is the only serialisation. The limit. */
    static final class Atomic extends Sql {
        Atomic(BenchDatabase db, DataSource pool) {
            super(db, pool);
        }

        @Override
        void update(int key, Worker w, long startNanos) {
            try (Connection c = pool.getConnection();
                    PreparedStatement up =
                            c.prepareStatement("UPDATE bench_counter SET v = v + 1, rv = rv + 1 WHERE id = ?")) {
                up.setInt(1, key);
                if (up.executeUpdate() != 1) {
                    throw new IllegalStateException("counter row " + key + " is missing");
                }
                w.success(1, 0, System.nanoTime() - startNanos);
            } catch (SQLException e) {
                w.error(Attempt.label(e), 1, false);
            }
        }
    }

    /**
     * A plain JDBC compare-and-set loop on a per-row version: read {@code (v, rv)}, {@code UPDATE ... WHERE rv = ?},
     * retried on 0 rows with the cell's retry policy. What a user writes by hand; the same transaction pgbench runs.
     */
    static final class PlainCas extends Sql {
        private final RetryPolicy policy;

        PlainCas(BenchDatabase db, DataSource pool, RetryPolicy policy) {
            super(db, pool);
            this.policy = policy;
        }

        @Override
        void update(int key, Worker w, long startNanos) {
            Backoff backoff = policy.backoff();
            for (int attempt = 1; ; attempt++) {
                boolean applied;
                try (Connection c = pool.getConnection()) {
                    long v;
                    long rv;
                    try (PreparedStatement read = c.prepareStatement("SELECT v, rv FROM bench_counter WHERE id = ?")) {
                        read.setInt(1, key);
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                            v = rs.getLong(1);
                            rv = rs.getLong(2);
                        }
                    }
                    try (PreparedStatement up =
                            c.prepareStatement("UPDATE bench_counter SET v = ?, rv = ? WHERE id = ? AND rv = ?")) {
                        up.setLong(1, v + 1);
                        up.setLong(2, rv + 1);
                        up.setInt(3, key);
                        up.setLong(4, rv);
                        applied = up.executeUpdate() == 1;
                    }
                } catch (SQLException e) {
                    w.error(Attempt.label(e), attempt, false);
                    return;
                }
                if (settle(applied, attempt, policy, backoff, w, startNanos)) {
                    return;
                }
            }
        }
    }

    /**
     * Pessimistic: PostgreSQL {@code SELECT ... FOR UPDATE} then update in one transaction; SQLite
     * {@code BEGIN IMMEDIATE} (the write lock first) then read and update. Never conflicts; waits instead.
     */
    static final class Locking extends Sql {
        private final Dialect dialect;

        Locking(BenchDatabase db, DataSource pool, Dialect dialect) {
            super(db, pool);
            this.dialect = dialect;
        }

        @Override
        void update(int key, Worker w, long startNanos) {
            try (Connection c = pool.getConnection()) {
                boolean pg = dialect == Dialect.POSTGRES;
                begin(c, pg ? null : "BEGIN IMMEDIATE");
                try {
                    long v = read(c, key, pg ? " FOR UPDATE" : "");
                    write(c, key, v + 1);
                    commit(c, pg);
                } catch (SQLException e) {
                    rollback(c, pg);
                    throw e;
                }
                w.success(1, 0, System.nanoTime() - startNanos);
            } catch (SQLException e) {
                w.error(Attempt.label(e), 1, false);
            }
        }
    }

    /**
     * Transactional read-modify-write retried on failure. PostgreSQL: {@code REPEATABLE READ}, retried on 40001 /
     * 40P01. SQLite: a deferred {@code BEGIN} (a read transaction upgraded by the write), retried on BUSY (the
     * upgrade fails with {@code SQLITE_BUSY_SNAPSHOT} once another writer committed). Retries follow the cell's
     * retry policy.
     */
    static final class Transactional extends Sql {
        private final Dialect dialect;
        private final RetryPolicy policy;

        Transactional(BenchDatabase db, DataSource pool, Dialect dialect, RetryPolicy policy) {
            super(db, pool);
            this.dialect = dialect;
            this.policy = policy;
        }

        @Override
        void update(int key, Worker w, long startNanos) {
            boolean pg = dialect == Dialect.POSTGRES;
            Backoff backoff = policy.backoff();
            for (int attempt = 1; ; attempt++) {
                boolean applied;
                try (Connection c = pool.getConnection()) {
                    if (pg) {
                        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    }
                    begin(c, pg ? null : "BEGIN");
                    try {
                        long v = read(c, key, "");
                        write(c, key, v + 1);
                        commit(c, pg);
                        applied = true;
                    } catch (SQLException e) {
                        rollback(c, pg);
                        if (!Attempt.retryable(e)) {
                            throw e;
                        }
                        applied = false;
                    } finally {
                        if (pg) {
                            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        }
                    }
                } catch (SQLException e) {
                    w.error(Attempt.label(e), attempt, false);
                    return;
                }
                if (settle(applied, attempt, policy, backoff, w, startNanos)) {
                    return;
                }
            }
        }
    }

    /**
     * NEGATIVE CONTROL: read, then write the incremented value back with no condition. Loses updates under
     * contention; the cell's correctness check must report it BROKEN, or the check proves nothing.
     */
    static final class Blind extends Sql {
        static final long CONTROL_THINK_NANOS = 2_000_000;

        Blind(BenchDatabase db, DataSource pool) {
            super(db, pool);
        }

        @Override
        void update(int key, Worker w, long startNanos) {
            try (Connection c = pool.getConnection()) {
                long v = read(c, key, "");
                // a think time between read and write: the race must happen even in a one-second smoke cell on a
                // loaded machine, or the control proves nothing (observed: 1 s, 4 threads, no loss on PostgreSQL)
                LockSupport.parkNanos(CONTROL_THINK_NANOS);
                write(c, key, v + 1);
                w.success(1, 0, System.nanoTime() - startNanos);
            } catch (SQLException e) {
                w.error(Attempt.label(e), 1, false);
            }
        }
    }

    /**
     * After one attempt of a retried baseline: reports a success or, once the attempts are used up, a give-up (true:
     * the update is over); otherwise backs off before the next attempt (false).
     */
    static boolean settle(
            boolean applied, int attempt, RetryPolicy policy, Backoff backoff, Worker w, long startNanos) {
        backoff.onAttempt(!applied);
        if (applied) {
            w.success(attempt, attempt - 1, System.nanoTime() - startNanos);
            return true;
        }
        if (attempt >= policy.maxAttempts()) {
            w.giveUp(attempt, attempt, System.nanoTime() - startNanos);
            return true;
        }
        pause(backoff, attempt, w);
        return false;
    }

    static void pause(Backoff backoff, int retry, Worker w) {
        try {
            Sleeper.SYSTEM.sleep(backoff.delayBefore(retry, w.random()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    static void begin(Connection c, String sqliteBegin) throws SQLException {
        if (sqliteBegin == null) {
            c.setAutoCommit(false);
        } else {
            try (Statement s = c.createStatement()) {
                s.execute(sqliteBegin);
            }
        }
    }

    static void commit(Connection c, boolean pg) throws SQLException {
        if (pg) {
            c.commit();
            c.setAutoCommit(true);
        } else {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        }
    }

    static void rollback(Connection c, boolean pg) {
        try {
            if (pg) {
                c.rollback();
                c.setAutoCommit(true);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
            }
        } catch (SQLException ignored) {
            // SQLite may already have rolled the transaction back; the connection stays usable either way
        }
    }

    static long read(Connection c, int key, String suffix) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT v FROM bench_counter WHERE id = ?" + suffix)) {
            read.setInt(1, key);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void write(Connection c, int key, long v) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE bench_counter SET v = ?, rv = rv + 1 WHERE id = ?")) {
            up.setLong(1, v);
            up.setInt(2, key);
            up.executeUpdate();
        }
    }
}
