package io.casharness.grpc;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code grpc}: gateway replicas reached over the store protocol. Options: {@code target} (required, endpoints
 * separated by semicolons: {@code target=grpc://127.0.0.1:7001;grpc://127.0.0.1:7002}), {@code deadlineMs} (one
 * call, default 30000) and {@code connectTimeoutMs} (opening, default 20000), each 1 to 600000. The HTTP binding's
 * provider ({@code http}) is this one over another wire. Stateless.
 */
public class GrpcBackendProvider implements BackendProvider {
    /**
     * The names of the providers whose backends are gateways reached over the store protocol, on either wire (this
     * one and {@code http}): they need a target, so a job never runs them unnamed, and they are not a database that
     * processes could share.
     */
    public static final List<String> GATEWAY_NAMES = List.of("grpc", "http");

    public static final String TARGET = "target";
    public static final String DEADLINE = "deadlineMs";
    public static final String CONNECT_TIMEOUT = "connectTimeoutMs";

    /** Opens the backend over endpoints with a deadline and a connect timeout. */
    @FunctionalInterface
    protected interface Connector {
        Backend connect(List<String> endpoints, Duration deadline, Duration connectTimeout);
    }

    private final String name;
    private final String scheme;
    private final String description;
    private final Function<String, List<String>> parser;
    private final Connector connector;

    public GrpcBackendProvider() {
        this(
                "grpc",
                "grpc",
                "gateway replicas over the store protocol (docs/protocol.md): a service in any language",
                GrpcBackend::parseTargets,
                GrpcBackend::connect);
    }

    /**
     * A provider of gateway replicas over another wire of the same protocol.
     *
     * @param scheme the endpoints' URL scheme, for the help and the errors
     * @param parser the endpoints of a {@code target} option, validated
     */
    protected GrpcBackendProvider(
            String name,
            String scheme,
            String description,
            Function<String, List<String>> parser,
            Connector connector) {
        this.name = name;
        this.scheme = scheme;
        this.description = description;
        this.parser = parser;
        this.connector = connector;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(TARGET, "endpoints " + scheme + "://host:port separated by ';' (required)");
        o.put(DEADLINE, "milliseconds one call may take before its outcome is unknown, 1 to 600000 (default 30000)");
        o.put(CONNECT_TIMEOUT, "milliseconds to wait for every endpoint on open, 1 to 600000 (default 20000)");
        return o;
    }

    @Override
    public final Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        String target = options.get(TARGET);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("backend " + name + " needs option target=" + scheme + "://host:port[;"
                    + scheme + "://host:port...]");
        }
        return connector.connect(
                parser.apply(target),
                millis(options, DEADLINE, GrpcBackend.DEFAULT_DEADLINE),
                millis(options, CONNECT_TIMEOUT, GrpcBackend.DEFAULT_CONNECT_TIMEOUT));
    }

    private static Duration millis(Map<String, String> options, String key, Duration fallback) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        long ms;
        try {
            ms = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from 1 to 600000, was \"" + text + "\"");
        }
        if (ms < 1 || ms > 600_000) {
            throw new IllegalArgumentException(key + " must be between 1 and 600000, was " + ms);
        }
        return Duration.ofMillis(ms);
    }
}
