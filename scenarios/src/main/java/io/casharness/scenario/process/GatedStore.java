package io.casharness.scenario.process;

import static java.util.Objects.requireNonNull;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * A replica's store whose calls wait, up to {@link ReplicaProcess#UP_WAIT} at a time, while its process is being
 * restarted: a client that waits for its replica to come back rather than failing at once, so a crash costs the calls
 * that were in flight and not thousands that were never sent. A call made after the wait runs as usual (and fails
 * with {@code CONNECTION_LOST} if the process is still down). Thread-safe as the store it wraps.
 */
final class GatedStore implements CasStore {
    private final CasStore store;
    private final ReplicaProcess process;

    GatedStore(CasStore store, ReplicaProcess process) {
        this.store = requireNonNull(store, "store");
        this.process = requireNonNull(process, "process");
    }

    @Override
    public String backend() {
        return store.backend();
    }

    @Override
    public String describe() {
        return store.describe() + " (" + process.name() + ")";
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        process.awaitUp();
        return store.put(spec, condition);
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        process.awaitUp();
        return store.delete(key, condition);
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        process.awaitUp();
        return store.get(key);
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        process.awaitUp();
        return store.getByName(kind, name);
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        process.awaitUp();
        return store.list(kind, selector, page);
    }

    @Override
    public void close() {
        store.close();
    }
}
