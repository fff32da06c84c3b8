package io.casharness.store.memory;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.util.Map;

/** {@code memory}: a fresh {@link MemoryBackend}, the in-process linearizable model. Takes no options. */
public final class MemoryBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return "in-process linearizable model (the reference every store is compared with)";
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        return new MemoryBackend();
    }
}
