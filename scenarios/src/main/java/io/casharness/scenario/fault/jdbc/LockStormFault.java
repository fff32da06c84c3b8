package io.casharness.scenario.fault.jdbc;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.FrontedBackend;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * <b>lock-storm</b>: another connection takes SQLite's write lock ({@code BEGIN IMMEDIATE}) and holds it, then rolls
 * back. Mostly for {@value #MIN_SHORT_MILLIS} to {@value #MAX_SHORT_MILLIS} ms, shorter than the busy timeout
 * ({@value JdbcBackend#SQLITE_BUSY_TIMEOUT_MS} ms), so writers wait and go on; one injection in {@value #LONG_ONE_IN}
 * holds it for the busy timeout + {@value #LONG_EXTRA_MILLIS} ms, so the writers that waited the whole timeout fail
 * with {@code SQLITE_BUSY} (a definite failure: nothing was written) — but only when the worker phase has that long
 * left, so a short run sees short holds only. SQLite only.
 */
public final class LockStormFault implements Fault {
    static final long MIN_SHORT_MILLIS = 50;
    static final long MAX_SHORT_MILLIS = 1000;
    static final long LONG_EXTRA_MILLIS = 1000;
    static final int LONG_ONE_IN = 3;

    @Override
    public String name() {
        return "lock-storm";
    }

    @Override
    public String description() {
        return "another connection holds BEGIN IMMEDIATE, shorter and longer than the busy timeout; sqlite";
    }

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        return FrontedBackend.databaseOf(backend) instanceof JdbcBackend j && j.dialect() == Dialect.SQLITE
                ? null
                : "lock-storm takes SQLite's write lock; " + backend.name() + " is not SQLite";
    }

    @Override
    public FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        JdbcBackend sqlite = (JdbcBackend) FrontedBackend.databaseOf(backend);
        long longHold = JdbcBackend.SQLITE_BUSY_TIMEOUT_MS + LONG_EXTRA_MILLIS;
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        boolean wantLong = random.nextInt(LONG_ONE_IN) == 0;
        long hold = wantLong && left > longHold + 500
                ? longHold
                : Math.max(1, Math.min(random.nextLong(MIN_SHORT_MILLIS, MAX_SHORT_MILLIS + 1), left - 100));
        String target = "the write lock of " + sqlite.describe();
        long start = System.nanoTime();
        DataSource pool = sqlite.newPool("cas-lock-storm", 1);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false); // BEGIN IMMEDIATE: the pool's transactions take the write lock at once
            long held = System.nanoTime();
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                c.rollback();
            }
            long end = System.nanoTime();
            return event(
                    target,
                    start,
                    end,
                    "held the write lock (BEGIN IMMEDIATE) for " + (end - held) / 1_000_000 + " ms, "
                            + (hold > JdbcBackend.SQLITE_BUSY_TIMEOUT_MS ? "longer" : "shorter") + " than the "
                            + JdbcBackend.SQLITE_BUSY_TIMEOUT_MS + " ms busy timeout, after waiting "
                            + (held - start) / 1_000_000 + " ms for it",
                    1,
                    null);
        } catch (SQLException e) {
            return event(target, start, System.nanoTime(), "failed", 0, PgTarget.oneLine(e));
        } finally {
            if (pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the backend closes its pools anyway
                }
            }
        }
    }
}
