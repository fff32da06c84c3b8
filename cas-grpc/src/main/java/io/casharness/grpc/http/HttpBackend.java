package io.casharness.grpc.http;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.GrpcBackend;
import io.casharness.grpc.GrpcCasStore;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of {@link HttpGateway} endpoints ({@code http://host:port}): a backend whose i-th replica talks to
 * endpoint {@code i mod n}. It is the gRPC binding's client over another wire, a {@link GrpcBackend} named
 * {@code http} whose channels carry each call as one HTTP exchange, so opening asks every endpoint to describe itself
 * and refuses endpoints that serve different backends, and each replica is a {@link GrpcCasStore} that maps answers
 * to outcomes exactly as over gRPC (a 409 Conflict a {@code Conflict} naming the current version, a 404 to a
 * conditional write a conflict with the object absent, a 503 without {@code applied: false} or a 504 an unknown
 * outcome, recorded as {@code info}). No class of its own: a wrapper would be a page of forwarding methods. Stateless.
 */
public final class HttpBackend {
    private static final Pattern ENDPOINT = Pattern.compile("http://(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})/?");

    private HttpBackend() {}

    /**
     * Connects to HTTP gateway endpoints ({@code http://host:port}). Closing the backend shuts its channels; the
     * gateways keep running.
     *
     * @param deadline how long one call may take before its outcome is recorded as unknown
     * @param connectTimeout how long opening waits for every endpoint to answer {@code GET .../-/describe}
     * @throws IllegalArgumentException naming an endpoint that is malformed, does not answer within the connect
     *     timeout, or serves another backend than the first; or a duration out of its bounds
     */
    public static GrpcBackend connect(List<String> targets, Duration deadline, Duration connectTimeout) {
        requireNonNull(targets, "targets");
        requireNonNull(connectTimeout, "connect timeout");
        List<String> endpoints = targets.stream().map(HttpBackend::endpoint).toList();
        return GrpcBackend.over("http", endpoints, e -> new HttpChannel(e, connectTimeout), deadline, connectTimeout);
    }

    /** {@link #connect(List, Duration, Duration)} with the gRPC client's default deadline and connect timeout. */
    public static GrpcBackend connect(List<String> targets) {
        return connect(targets, GrpcBackend.DEFAULT_DEADLINE, GrpcBackend.DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * An endpoint as the client uses it: {@code http://host:port}, without a trailing slash.
     *
     * @throws IllegalArgumentException naming the endpoint when it is malformed or its port is out of bounds
     */
    public static String endpoint(String endpoint) {
        Matcher m = ENDPOINT.matcher(requireNonNull(endpoint, "endpoint"));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "an HTTP target endpoint must be http://host:port, was \"" + endpoint + "\"");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "an HTTP target endpoint's port must be between 1 and 65535, was " + port + " in " + endpoint);
        }
        return "http://" + m.group(1) + ":" + port;
    }
}
