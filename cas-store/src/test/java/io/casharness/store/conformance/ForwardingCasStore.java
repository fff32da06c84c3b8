package io.casharness.store.conformance;

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
 * A {@link CasStore} that forwards every call to another: subclass it to inject a fault or a bug (no mocking
 * library). {@code update} is deliberately not forwarded: the SPI's default runs the {@code Retrier} over this
 * decorator, so an injected fault in {@code get} or {@code put} is seen by updates too. Thread-safe if the delegate
 * and the overrides are.
 */
public abstract class ForwardingCasStore implements CasStore {
    protected final CasStore delegate;

    protected ForwardingCasStore(CasStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        return delegate.put(spec, condition);
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        return delegate.delete(key, condition);
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        return delegate.get(key);
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        return delegate.getByName(kind, name);
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        return delegate.list(kind, selector, page);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
