package io.casharness.grpc.http;

import io.casharness.grpc.GatewayHandler;
import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole store contract through the HTTP binding: the model served by three {@link HttpGateway} replicas, each
 * harness replica talking to one of them over HTTP/1.1 and JSON. A mapping the binding got wrong (a conflict's
 * version, a taken name, an absent object, a page, a timestamp's precision) fails here as it would in-process.
 */
class HttpConformanceTest extends CasStoreConformanceTest {
    private HttpGateways gateways;

    /** What the gateways do with each write: the reference here, a deliberate mistake in the control. */
    protected GatewayHandler handler() {
        return GatewayHandler.reference();
    }

    @Override
    protected Backend openBackend() {
        gateways = new HttpGateways(new MemoryBackend(), 3, handler());
        return HttpBackend.connect(gateways.targets());
    }

    /** Runs before the suite's own: the gateways go first, then the suite closes its client (a flag by then). */
    @AfterAll
    void closeGateways() {
        if (gateways != null) {
            gateways.close();
        }
    }
}
