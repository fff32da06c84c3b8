package io.casharness.bench;

import io.casharness.store.StoreOptions;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcCasStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The store under test on the cell's database: one replica ({@link JdbcCasStore}) whose pool has one connection per
 * benchmark thread, as a gateway replica sized for its workers would. Closing it closes the replica; the backend
 * closes with the {@link BenchDatabase}.
 */
final class StoreTarget implements AutoCloseable {
    private final JdbcCasStore store;

    private StoreTarget(JdbcCasStore store) {
        this.store = store;
    }

    static StoreTarget open(BenchDatabase db, int poolSize) {
        return new StoreTarget(db.backend().openReplica(StoreOptions.defaults().withReplicaName("bench"), poolSize));
    }

    JdbcCasStore store() {
        return store;
    }

    /** After the rows are created: vacuum the objects table (PostgreSQL) or truncate the WAL (SQLite). */
    void settle(DataSource admin, BenchDatabase db) throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            db.settle(s, db.dialect() == Dialect.POSTGRES ? "objects" : null);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
