package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * A store that runs {@link Hooks} around its delegate's reads and writes. {@code update} is the SPI's default
 * (read, mutate, match-version write through this wrapper), so a hook set {@link Hooks.Point#BEFORE_WRITE} fires
 * between an update's read and its write. Thread-safe if the delegate and hooks are.
 */
public final class PausingStore extends ForwardingCasStore {
    private final int replica;
    private final Hooks hooks;

    private PausingStore(CasStore delegate, int replica, Hooks hooks) {
        super(delegate);
        this.replica = replica;
        this.hooks = requireNonNull(hooks, "hooks");
    }

    /** {@code delegate} itself when {@code hooks} is {@link Hooks#NONE}. */
    public static CasStore wrap(CasStore delegate, int replica, Hooks hooks) {
        return hooks == Hooks.NONE ? delegate : new PausingStore(delegate, replica, hooks);
    }

    @Override
    public String describe() {
        return delegate.describe() + " (with hooks)";
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        hooks.at(Hooks.Point.BEFORE_WRITE, replica, spec.key());
        PutOutcome outcome = delegate.put(spec, condition);
        hooks.at(Hooks.Point.AFTER_WRITE, replica, spec.key());
        return outcome;
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        hooks.at(Hooks.Point.BEFORE_WRITE, replica, key);
        DeleteOutcome outcome = delegate.delete(key, condition);
        hooks.at(Hooks.Point.AFTER_WRITE, replica, key);
        return outcome;
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        Optional<StoredObject> read = delegate.get(key);
        hooks.at(Hooks.Point.AFTER_READ, replica, key);
        return read;
    }
}
