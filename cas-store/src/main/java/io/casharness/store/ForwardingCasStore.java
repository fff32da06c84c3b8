package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@link CasStore} that forwards every call to another: subclass it to inject a fault, a bug (the conformance
 * suite's broken stores, the scenarios' bug zoo) or instrumentation, without a mocking library. {@code update} is
 * deliberately not forwarded: the SPI's default runs the {@link Retrier} over this decorator, so an override of
 * {@code get} or {@code put} is seen by updates too.
 *
 * <p>Thread-safe if the delegate and the overrides are. Each method throws what the delegate throws (see
 * {@link CasStore}).
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
