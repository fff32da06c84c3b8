package io.casharness.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The hot path's prepared statements, kept open per physical connection across pool checkouts. HikariCP does not
 * cache statements and sqlite-jdbc compiles every {@code prepareStatement} anew: for the conditional UPDATE (a
 * subquery and a trigger) that compile cost about as much as executing it. pgjdbc caches parsed queries itself;
 * on PostgreSQL this saves the statement objects.
 *
 * <p>Statements are prepared on the connection behind the pool's proxy ({@code unwrap}), so the pool does not close
 * them when the connection is returned; they close with the physical connection. A connection is used by one
 * thread at a time (it is checked out), so its statements are too. Entries go when the pool drops the connection
 * (weak keys); a statement found closed is prepared again, and after any error on a connection its statements are
 * dropped ({@link #forget}: a statement that failed, for example because the schema changed under it, may be left
 * unusable by the driver). Callers close result sets, never the statements.
 */
final class StatementCache {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new WeakHashMap<>();

    /** A prepared statement for {@code sql} on the physical connection behind {@code pooled}; do not close it. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            statements = byConnection.computeIfAbsent(physical, c -> new HashMap<>());
        }
        // the map of one connection is only touched by the thread that has the connection checked out
        PreparedStatement s = statements.get(sql);
        if (s == null || s.isClosed()) {
            s = physical.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
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
