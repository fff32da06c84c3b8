package io.casharness.grpc;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.memory.MemoryBackend;

/**
 * The whole store contract through the protocol: the model served by three in-process gateway replicas, each
 * harness replica talking to one of them over HTTP/2. A mapping the protocol got wrong (a conflict's version, a taken
 * name, an absent object, a page) fails here the way it would for a store in-process.
 */
class GrpcConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        return LocalGateways.start(new MemoryBackend(), 3);
    }
}
