package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * N gateway replicas in this JVM over one backend, on ports the system chose, and the {@link GrpcBackend} over them:
 * the whole protocol path (serialisation, HTTP/2, status mapping) without separate processes. Closing it closes the
 * client, the servers and then the backend it was given.
 */
public final class LocalGateways implements Backend {
    private final Backend served;
    private final List<GatewayServer> servers = new ArrayList<>();
    private final GrpcBackend client;

    private LocalGateways(Backend served, int replicas, GatewayHandler handler) {
        this.served = requireNonNull(served, "served");
        try {
            for (int i = 1; i <= replicas; i++) {
                servers.add(GatewayServer.builder(served)
                        .handler(handler)
                        .allowReset(true)
                        .options(StoreOptions.defaults().withReplicaName("gateway-" + i))
                        .start());
            }
            this.client = GrpcBackend.connect(
                    servers.stream().map(GatewayServer::target).toList());
        } catch (RuntimeException e) {
            servers.forEach(GatewayServer::close);
            throw e;
        }
    }

    /**
     * Starts {@code replicas} gateways (1 to 64) over {@code served} with {@code handler}.
     *
     * @throws IllegalArgumentException naming the count and the bound
     */
    public static LocalGateways start(Backend served, int replicas, GatewayHandler handler) {
        if (replicas < 1 || replicas > 64) {
            throw new IllegalArgumentException("gateway replicas must be between 1 and 64, was " + replicas);
        }
        return new LocalGateways(served, replicas, requireNonNull(handler, "handler"));
    }

    public static LocalGateways start(Backend served, int replicas) {
        return start(served, replicas, GatewayHandler.reference());
    }

    public List<GatewayServer> servers() {
        return List.copyOf(servers);
    }

    public GrpcBackend client() {
        return client;
    }

    @Override
    public String name() {
        return client.name();
    }

    @Override
    public String describe() {
        return client.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return client.versionsUniqueAcrossKeys();
    }

    @Override
    public boolean versionsRiseAcrossIncarnations() {
        return client.versionsRiseAcrossIncarnations();
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        return client.openReplica(options);
    }

    @Override
    public void reset() {
        client.reset();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                servers.forEach(GatewayServer::close);
            } finally {
                served.close();
            }
        }
    }
}
