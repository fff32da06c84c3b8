package io.casharness.store.memory;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-memory model as a {@link Backend}: replicas share one {@link MemoryCasStore.MemoryDatabase}. */
public final class MemoryBackend implements Backend {
    private final MemoryCasStore.MemoryDatabase db = new MemoryCasStore.MemoryDatabase();
    private final List<CasStore> replicas = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String describe() {
        return "memory (in-process linearizable model)";
    }

    /** True: the model draws every version from one counter. */
    @Override
    public boolean versionsUniqueAcrossKeys() {
        return true;
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        requireNonNull(options, "options");
        ensureOpen();
        MemoryCasStore store = new MemoryCasStore(db, options);
        replicas.add(store);
        return store;
    }

    @Override
    public void reset() {
        ensureOpen();
        db.clear();
    }

    @Override
    public void close() {
        closed = true;
        replicas.forEach(CasStore::close);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backend is closed: " + describe());
        }
    }
}
