package io.casharness.grpc.http;

import io.casharness.grpc.GatewayHandler;
import io.casharness.store.Backend;
import io.casharness.store.StoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * N HTTP gateway replicas in this JVM over one backend, on ports the system chose, named {@code gateway-1} ..
 * {@code gateway-N}, reset allowed. Closing closes the gateways, then the backend they serve. Not thread-safe.
 */
final class HttpGateways implements AutoCloseable {
    private final Backend served;
    private final List<HttpGateway> gateways = new ArrayList<>();

    HttpGateways(Backend served, int replicas, GatewayHandler handler) {
        this.served = served;
        try {
            for (int i = 1; i <= replicas; i++) {
                gateways.add(HttpGateway.builder(served)
                        .handler(handler)
                        .allowReset(true)
                        .options(StoreOptions.defaults().withReplicaName("gateway-" + i))
                        .start());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<String> targets() {
        return gateways.stream().map(HttpGateway::target).toList();
    }

    @Override
    public void close() {
        try {
            gateways.forEach(HttpGateway::close);
        } finally {
            served.close();
        }
    }
}
