package io.casharness.scenario.zoo.sql;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.zoo.ForwardingStore;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import javax.sql.DataSource;

/**
 * A zoo store that issues its own SQL for the broken operation over its own pool, and forwards everything else
 * (reads, lists) to a reference replica on the same database. Runs {@link Hooks} at the same points the reference
 * store's wrapper does, so tests can pause it between its read and its write.
 */
abstract class SqlZooStore extends ForwardingStore {
    protected final DataSource pool;
    protected final boolean sqlite;
    protected final int replica;
    protected final Hooks hooks;

    SqlZooStore(CasStore reference, String member, DataSource pool, boolean sqlite, int replica, Hooks hooks) {
        super(reference, member);
        this.pool = requireNonNull(pool, "pool");
        this.sqlite = sqlite;
        this.replica = replica;
        this.hooks = requireNonNull(hooks, "hooks");
    }

    protected void hook(Hooks.Point point, ObjectKey key) {
        hooks.at(point, replica, key);
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            ZooSql.closePool(pool);
        }
    }
}
