package io.casharness.bench;

import io.casharness.store.CasStore;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The store under test on the cell's database: one replica whose pool has one connection per benchmark thread.
 * Closing it closes the replica and its backend.
 */
final class StoreTarget implements AutoCloseable {
    private final CasStore store;
    private final AutoCloseable backend;

    private StoreTarget(CasStore store, AutoCloseable backend) {
        this.store = store;
        this.backend = backend;
    }

    static StoreTarget open(BenchDatabase db, int poolSize) {
        throw new UnsupportedOperationException(
                "strategy=store needs io.casharness.store.jdbc.JdbcBackend, which has not landed on this branch yet");
    }

    CasStore store() {
        return store;
    }

    /** After the rows are created: vacuum the objects table / truncate the WAL. */
    void settle(DataSource admin, BenchDatabase db) throws SQLException {}

    @Override
    public void close() throws Exception {
        try {
            store.close();
        } finally {
            backend.close();
        }
    }
}
