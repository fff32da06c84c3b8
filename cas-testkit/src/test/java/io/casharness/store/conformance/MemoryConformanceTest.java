package io.casharness.store.conformance;

import io.casharness.store.Backend;
import io.casharness.store.memory.MemoryBackend;

/** The conformance suite on the in-memory model: validates the model the other backends are compared with. */
class MemoryConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        return new MemoryBackend();
    }
}
