package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One gateway replica: a replica of a backend (its own pool) served as {@code casharness.v1.ObjectStore} on a port,
 * beside the standard health service ({@code grpc.health.v1.Health}, SERVING while it takes calls).
 *
 * <p>{@link #close()} is the graceful stop: health turns NOT_SERVING, new calls are refused, calls in flight finish
 * within the grace, then the replica's store closes. The backend stays the caller's.
 */
public final class GatewayServer implements AutoCloseable {
    /** Larger than the largest payload a store accepts, with room for a page of them. */
    public static final int MAX_MESSAGE_BYTES = StoreOptions.MAX_PAYLOAD_BOUND * 2;

    /** The health service's name for the object API, beside the server-wide empty name. */
    public static final String SERVICE = "casharness.v1.ObjectStore";

    private final Server server;
    private final CasStore store;
    private final HealthStatusManager health;
    private final String replica;
    private final Duration grace;
    private volatile boolean closed;

    private GatewayServer(GatewayBuilder.Settings b) throws IOException {
        this.replica = b.options().replicaName();
        this.grace = b.grace();
        this.store = b.backend().openReplica(b.options());
        this.health = new HealthStatusManager();
        try {
            ServerBuilder<?> builder = b.host() == null
                    ? Grpc.newServerBuilderForPort(b.port(), InsecureServerCredentials.create())
                    : NettyServerBuilder.forAddress(
                            new InetSocketAddress(b.host(), b.port()), InsecureServerCredentials.create());
            this.server = builder.addService(
                            new ObjectStoreService(store, b.backend(), b.handler(), replica, b.allowReset()))
                    .addService(health.getHealthService())
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(SERVICE, ServingStatus.SERVING);
    }

    /**
     * The {@code casharness.v1.ObjectStore} implementation a replica serves, over {@code store} (a replica of
     * {@code backend}) through {@code handler}: for another wire binding of the same protocol (the HTTP binding in
     * {@code io.casharness.grpc.http} transcodes each request to it), so that both wires answer with one
     * implementation's semantics. Its methods answer synchronously, on the calling thread.
     */
    public static ObjectStoreGrpc.AsyncService service(
            CasStore store, Backend backend, GatewayHandler handler, String replica, boolean allowReset) {
        return new ObjectStoreService(
                requireNonNull(store, "store"),
                requireNonNull(backend, "backend"),
                requireNonNull(handler, "handler"),
                requireNonNull(replica, "replica"),
                allowReset);
    }

    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /** The port the replica listens on (the one it was given, or the one the system chose for port 0). */
    public int port() {
        return server.getPort();
    }

    /** {@code grpc://127.0.0.1:port}: what {@code --target} takes. */
    public String target() {
        return "grpc://127.0.0.1:" + port();
    }

    public String replica() {
        return replica;
    }

    /** Blocks until the server has stopped (after {@link #close()} from another thread, or a signal's hook). */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    /** How to start a replica; only the backend is required. */
    public static final class Builder extends GatewayBuilder<Builder> {
        private Builder(Backend backend) {
            super(backend);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Opens the replica's store and starts serving; a port in use is named in the exception. */
        public GatewayServer start() {
            Settings s = settings();
            try {
                return new GatewayServer(s);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + s.port() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "GatewayServer[" + replica + " at " + new InetSocketAddress("127.0.0.1", port()) + "]";
    }
}
