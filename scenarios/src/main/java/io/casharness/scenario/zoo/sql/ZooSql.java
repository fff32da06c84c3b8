package io.casharness.scenario.zoo.sql;

import io.casharness.store.Backend;
import io.casharness.store.ObjectKey;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the SQL zoo members share: a pool of their own on the backend's database ({@link JdbcBackend#newPool}), the
 * and the reference schema's way of versioning an update; errors are classified by the reference store's own
 * {@link io.casharness.store.jdbc.SqlErrorClassifier}. Every statement binds its values; nothing is
 * concatenated.
 */
final class ZooSql {
    static final String SELECT_VERSION = "SELECT resource_version FROM objects WHERE kind = ? AND id = ?";

    private ZooSql() {}

    static JdbcBackend jdbc(Backend backend, String member) {
        if (backend instanceof JdbcBackend j) {
            return j;
        }
        throw new IllegalArgumentException(
                member + " issues its own SQL and needs sqlite or postgres, not " + backend.name());
    }

    static boolean isSqlite(JdbcBackend backend) {
        return backend.dialect() == Dialect.SQLITE;
    }

    static DataSource pool(JdbcBackend backend, String member, String replica) {
        return backend.newPool("zoo-" + member + "-" + replica, 2);
    }

    /** The current version of {@code key}, or 0 if absent. */
    static long currentVersion(Connection c, ObjectKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION)) {
            ps.setString(1, key.kind());
            ps.setString(2, key.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * The version an update of an existing row at {@code current} writes, as the reference store does it: per key on
     * SQLite ({@code current + 1}), from the one sequence on PostgreSQL. A member's only mistake is its own, never
     * a different version scheme.
     */
    static long nextVersion(Connection c, boolean sqlite, long current) throws SQLException {
        if (sqlite) {
            return Math.addExact(current, 1);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('object_rv')");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the version counter returned no row");
            }
            return rs.getLong(1);
        }
    }

    static void closePool(DataSource pool) {
        if (pool instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the backend closes its pools anyway
            }
        }
    }
}
