package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

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

    private GatewayServer(Builder b) throws IOException {
        this.replica = b.options.replicaName();
        this.grace = b.grace;
        this.store = b.backend.openReplica(b.options);
        this.health = new HealthStatusManager();
        try {
            ServerBuilder<?> builder = b.host == null
                    ? Grpc.newServerBuilderForPort(b.port, InsecureServerCredentials.create())
                    : NettyServerBuilder.forAddress(
                            new InetSocketAddress(b.host, b.port), InsecureServerCredentials.create());
            this.server = builder.addService(new ObjectStoreService(store, b.backend, b.handler, replica, b.allowReset))
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
    public static final class Builder {
        private final Backend backend;
        private int port;
        private String host;
        private GatewayHandler handler = GatewayHandler.reference();
        private StoreOptions options = StoreOptions.defaults().withReplicaName("gateway-1");
        private boolean allowReset;
        private Duration grace = Duration.ofSeconds(10);

        private Builder(Backend backend) {
            this.backend = requireNonNull(backend, "backend");
        }

        /** 0 (the default) lets the system choose; else 1..65535. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on, e.g. {@code 127.0.0.1}; by default every address of the host. */
        public Builder host(String host) {
            if (requireNonNull(host, "host").isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        public Builder handler(GatewayHandler handler) {
            this.handler = requireNonNull(handler, "handler");
            return this;
        }

        public Builder options(StoreOptions options) {
            this.options = requireNonNull(options, "options");
            return this;
        }

        /** Whether {@code Reset} may delete every object (test deployments; the harness needs it between runs). */
        public Builder allowReset(boolean allow) {
            this.allowReset = allow;
            return this;
        }

        /** How long a graceful stop waits for calls in flight; 0 .. 10 minutes. */
        public Builder grace(Duration grace) {
            if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("grace must be between 0 and 10 minutes, was " + grace);
            }
            this.grace = grace;
            return this;
        }

        /** Opens the replica's store and starts serving; a port in use is named in the exception. */
        public GatewayServer start() {
            try {
                return new GatewayServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "GatewayServer[" + replica + " at " + new InetSocketAddress("127.0.0.1", port()) + "]";
    }
}
