package io.casharness.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The hot path's prepared statements, kept open per physical connection across pool checkouts. HikariCP does not
 * cache statements and sqlite-jdbc compiles every {@code prepareStatement} anew: for the conditional UPDATE (a
 * subquery and a trigger) that compile cost about as much as executing it. pgjdbc caches parsed queries itself;
 * on PostgreSQL this saves the statement objects.
 *
 * <p>Statements are prepared on the connection behind the pool's proxy ({@code unwrap}), so the pool does not close
 * them when the connection is returned; they close with the physical connection. A connection is used by one
 * thread at a time (it is checked out), so its statements are too. Entries of connections the pool has closed are
 * swept whenever a new connection shows up (weak keys would not do: the statements refer to their connection, so the
 * entries would never be collected); a statement found closed is prepared again, and after any error on a connection its statements are
 * dropped ({@link #forget}: a statement that failed, for example because the schema changed under it, may be left
 * unusable by the driver). Callers close result sets, never the statements.
 */
final class StatementCache {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** A prepared statement for {@code sql} on the physical connection behind {@code pooled}; do not close it. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            statements = byConnection.get(physical);
            if (statements == null) {
                sweepClosed();
                statements = new HashMap<>();
                byConnection.put(physical, statements);
            }
        }
        // the map of one connection is only touched by the thread that has the connection checked out
        PreparedStatement s = statements.get(sql);
        if (s == null || s.isClosed()) {
            s = physical.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    /** Physical connections with statements kept (for tests). */
    int connections() {
        synchronized (byConnection) {
            return byConnection.size();
        }
    }

    /** Drops the entries of connections that are closed (their statements closed with them). Holds the lock. */
    private void sweepClosed() {
        byConnection.keySet().removeIf(c -> {
            try {
                return c.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }

    /** Closes and drops the statements of the physical connection behind {@code pooled}; never throws. */
    void forget(Connection pooled) {
        Map<String, PreparedStatement> statements;
        try {
            Connection physical = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
            synchronized (byConnection) {
                statements = byConnection.remove(physical);
            }
        } catch (SQLException e) {
            return; // the connection is gone: so are its statements
        }
        if (statements == null) {
            return;
        }
        for (PreparedStatement s : statements.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                // already unusable; it is dropped either way
            }
        }
    }
}
