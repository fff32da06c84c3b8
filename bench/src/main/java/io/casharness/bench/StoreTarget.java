package io.casharness.bench;

import io.casharness.store.StoreOptions;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcCasStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The store under test on the cell's database, in one of three shapes (the {@code strategy} parameter):
 *
 * <ul>
 *   <li>{@code store}: one replica ({@link JdbcCasStore}) at its defaults, whose pool has one connection per
 *       benchmark thread, as a gateway replica sized for its workers would; its threads share the replica's basis
 *       cache and take turns per key;
 *   <li>{@code store-plain}: the same replica with the basis cache and the turns off: every update starts with a
 *       read and every thread races the others, the store's retry loop alone;
 *   <li>{@code store-replicas}: one replica per thread, each with one connection and its own cache: every
 *       conflict is between replicas, each replica's basis is stale whenever another one wrote.
 * </ul>
 *
 * Closing it closes the replicas; the backend closes with the {@link BenchDatabase}.
 */
final class StoreTarget implements AutoCloseable {
    /** The strategy names this target serves. */
    static final List<String> STRATEGIES = List.of("store", "store-plain", "store-replicas");

    private final List<JdbcCasStore> replicas;

    private StoreTarget(List<JdbcCasStore> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    static StoreTarget open(BenchDatabase db, String strategy, int threads) {
        StoreOptions options = StoreOptions.defaults().withReplicaName("bench");
        return switch (strategy) {
            case "store" -> new StoreTarget(List.of(db.backend().openReplica(options, threads)));
            case "store-plain" ->
                new StoreTarget(List.of(
                        db.backend().openReplica(options.withBasisCacheBytes(0).withUpdateTurns(false), threads)));
            case "store-replicas" -> {
                List<JdbcCasStore> all = new ArrayList<>();
                for (int r = 0; r < threads; r++) {
                    all.add(db.backend().openReplica(options.withReplicaName("bench-" + r), 1));
                }
                yield new StoreTarget(all);
            }
            default ->
                throw new IllegalArgumentException("not a store strategy: " + strategy + ", one of " + STRATEGIES);
        };
    }

    /** The replicas: one, or one per thread. */
    List<JdbcCasStore> replicas() {
        return replicas;
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
        replicas.forEach(JdbcCasStore::close);
    }
}
