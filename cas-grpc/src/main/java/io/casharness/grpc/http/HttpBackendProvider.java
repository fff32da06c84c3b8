package io.casharness.grpc.http;

import io.casharness.grpc.GrpcBackend;
import io.casharness.grpc.GrpcBackendProvider;
import java.util.List;

/**
 * {@code http}: gateway replicas over the HTTP/JSON binding ({@link HttpGateway}, docs/http-binding.md), with the
 * {@code grpc} provider's options: {@code target} (required, {@code http://host:port} endpoints separated by
 * semicolons), {@code deadlineMs} and {@code connectTimeoutMs}. Stateless.
 */
public final class HttpBackendProvider extends GrpcBackendProvider {
    public HttpBackendProvider() {
        super(
                "http",
                "http",
                "gateway replicas over the store protocol's HTTP/JSON binding (docs/http-binding.md)",
                HttpBackendProvider::parseTargets,
                HttpBackend::connect);
    }

    /**
     * The endpoints of a target list: {@code http://a:1,http://b:2} (commas, or semicolons where a comma separates
     * backend options).
     *
     * @throws IllegalArgumentException naming an endpoint that is not {@code http://host:port}, or an empty list
     */
    public static List<String> parseTargets(String text) {
        List<String> parts = GrpcBackend.splitTargets(text, "http");
        return parts.stream().map(HttpBackend::endpoint).toList();
    }
}
