package io.casharness.scenario.fault.jdbc;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.JdbcBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.random.RandomGenerator;

/**
 * <b>kill</b>: terminates every server connection of the store's pools ({@code pg_terminate_backend} on the
 * {@code pg_stat_activity} rows of the backend's {@code application_name}s). A statement in flight fails with a
 * lost connection, a commit whose reply was lost becomes an indeterminate ({@code info}) op, and the pools open new
 * connections. PostgreSQL only; any server, embedded or given by URL (only this backend's connections are touched).
 */
public final class KillFault implements Fault {
    @Override
    public String name() {
        return "kill";
    }

    /** True: every connection it terminated fails on its next use. */
    @Override
    public boolean breaksConnections() {
        return true;
    }

    @Override
    public String description() {
        return "terminate the store's server connections (pg_terminate_backend); postgres";
    }

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        return PgTarget.notPostgres(name(), backend);
    }

    @Override
    public FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        JdbcBackend pg = PgTarget.postgres(backend);
        long start = System.nanoTime();
        try (Connection c = PgTarget.connect(pg)) {
            long[] n = PgTarget.terminate(c, pg);
            return event(
                    PgTarget.describe(pg),
                    start,
                    System.nanoTime(),
                    "terminated " + n[0] + " of " + n[1] + " connections",
                    n[0],
                    null);
        } catch (SQLException e) {
            return event(PgTarget.describe(pg), start, System.nanoTime(), "failed", 0, PgTarget.oneLine(e));
        }
    }
}
