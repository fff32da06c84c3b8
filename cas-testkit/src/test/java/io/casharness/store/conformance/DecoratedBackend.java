package io.casharness.store.conformance;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.util.function.UnaryOperator;

/**
 * A {@link Backend} whose replicas are wrapped by a decorator: how a deliberately broken store is run through the
 * conformance suite. Thread-safe if the delegate and the decorator are.
 */
public final class DecoratedBackend implements Backend {
    private final Backend delegate;
    private final String name;
    private final UnaryOperator<StoreOptions> options;
    private final UnaryOperator<CasStore> decorator;

    public DecoratedBackend(Backend delegate, String name, UnaryOperator<CasStore> decorator) {
        this(delegate, name, UnaryOperator.identity(), decorator);
    }

    /** Also rewrites the options each replica is opened with (for example to drop the injected clock). */
    public DecoratedBackend(
            Backend delegate, String name, UnaryOperator<StoreOptions> options, UnaryOperator<CasStore> decorator) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.name = requireNonNull(name, "name");
        this.options = requireNonNull(options, "options");
        this.decorator = requireNonNull(decorator, "decorator");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name + " over " + delegate.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return delegate.versionsUniqueAcrossKeys();
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        return decorator.apply(delegate.openReplica(this.options.apply(options)));
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
