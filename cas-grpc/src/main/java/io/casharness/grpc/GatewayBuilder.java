package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.StoreOptions;
import java.time.Duration;

/**
 * What every gateway replica starts with, whatever its wire ({@link GatewayServer} for gRPC, the HTTP binding's
 * {@code HttpGateway}): the backend, the address, the handler, the replica's options, whether Reset is allowed, and
 * the grace of a graceful stop. Each setter validates its value and names the bound. A builder: not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class GatewayBuilder<B extends GatewayBuilder<B>> {
    private final Backend backend;
    private int port;
    private String host;
    private GatewayHandler handler = GatewayHandler.reference();
    private StoreOptions options = StoreOptions.defaults().withReplicaName("gateway-1");
    private boolean allowReset;
    private Duration grace = Duration.ofSeconds(10);

    /**
     * The values a gateway starts with; {@code host} null means every address of the host, {@code port} 0 one the
     * system chooses. Immutable.
     */
    public record Settings(
            Backend backend,
            String host,
            int port,
            GatewayHandler handler,
            StoreOptions options,
            boolean allowReset,
            Duration grace) {}

    protected GatewayBuilder(Backend backend) {
        this.backend = requireNonNull(backend, "backend");
    }

    /** This builder, as its concrete type. */
    protected abstract B self();

    /** The values set so far. */
    protected final Settings settings() {
        return new Settings(backend, host, port, handler, options, allowReset, grace);
    }

    /** 0 (the default) lets the system choose; else 1..65535. */
    public B port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        this.port = port;
        return self();
    }

    /** The address to listen on, e.g. {@code 127.0.0.1}; by default every address of the host. */
    public B host(String host) {
        if (requireNonNull(host, "host").isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        this.host = host;
        return self();
    }

    public B handler(GatewayHandler handler) {
        this.handler = requireNonNull(handler, "handler");
        return self();
    }

    public B options(StoreOptions options) {
        this.options = requireNonNull(options, "options");
        return self();
    }

    /** Whether {@code Reset} may delete every object (test deployments; the harness needs it between runs). */
    public B allowReset(boolean allow) {
        this.allowReset = allow;
        return self();
    }

    /** How long a graceful stop waits for calls in flight; 0 .. 10 minutes. */
    public B grace(Duration grace) {
        if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("grace must be between 0 and 10 minutes, was " + grace);
        }
        this.grace = grace;
        return self();
    }
}
