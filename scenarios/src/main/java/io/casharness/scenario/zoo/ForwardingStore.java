package io.casharness.scenario.zoo;

import static java.util.Objects.requireNonNull;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.LabelSelector;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * A store that forwards every call to a correct replica; a zoo member overrides the one call its mistake lives in.
 * {@code update} is the SPI default (the retry loop over this store's own {@code get} and {@code put}) unless
 * overridden, so a broken {@code put} also breaks updates, as it would in application code.
 */
abstract class ForwardingStore implements CasStore {
    protected final CasStore delegate;
    private final String member;

    ForwardingStore(CasStore delegate, String member) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.member = requireNonNull(member, "member");
    }

    /**
     * The gap between two store calls that application code always has — a network round trip, building the
     * entity, a log line. Modelled as a scheduling point: on a real database the round trip opens the race window
     * by itself; on the in-process model, where a call takes a microsecond, this is what lets another replica run
     * in between, as it would in production.
     */
    protected static void gapBetweenCalls() {
        Thread.yield();
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public String describe() {
        return "zoo:" + member + " over " + delegate.describe();
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
    public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
        return CasStore.super.update(key, mutation, policy);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
