package io.casharness.grpc;

import io.casharness.store.Backend;
import io.casharness.store.BackendProviders;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A database lent to gateways, which close what they serve: closing the loan leaves it open for the next run (an
 * embedded PostgreSQL starts once per test class).
 */
record Borrowed(Backend backend) implements Backend {
    /** The databases of one test class, opened on first use and closed by {@link #close()}. Not thread-safe. */
    static final class Databases implements AutoCloseable {
        /** The backends the gateway modes are judged on. */
        static final List<String> NAMES = List.of("memory", "sqlite", "postgres");

        private final Map<String, Backend> open = new HashMap<>();

        Backend lend(String name) {
            return new Borrowed(open.computeIfAbsent(name, n -> BackendProviders.open(n, Map.of())));
        }

        @Override
        public void close() {
            open.values().forEach(Backend::close);
            open.clear();
        }
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public String describe() {
        return backend.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return backend.versionsUniqueAcrossKeys();
    }

    @Override
    public boolean versionsRiseAcrossIncarnations() {
        return backend.versionsRiseAcrossIncarnations();
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        return backend.openReplica(options);
    }

    @Override
    public void reset() {
        backend.reset();
    }

    @Override
    public void close() {}
}
