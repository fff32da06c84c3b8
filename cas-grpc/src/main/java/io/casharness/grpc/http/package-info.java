/**
 * The store protocol over HTTP/1.1 and JSON in the shape of the Kubernetes API (docs/http-binding.md): the same
 * calls and semantics as the gRPC binding, another wire.
 *
 * <p>API: {@link io.casharness.grpc.http.HttpGateway} (one gateway replica serving any
 * {@link io.casharness.store.Backend} through a {@link io.casharness.grpc.GatewayHandler}, by transcoding each request
 * to the gRPC binding's implementation) and {@link io.casharness.grpc.http.HttpBackend} (connects a
 * {@link io.casharness.grpc.GrpcBackend} to HTTP gateway endpoints; each replica is the gRPC binding's
 * {@link io.casharness.grpc.GrpcCasStore} over a channel that carries each call as one HTTP exchange). {@code KubeJson} is the one place the JSON shapes and the
 * status-to-HTTP mapping live; it is stateless.
 *
 * <p>Gateways and the backends {@code HttpBackend} connects are thread-safe.
 */
package io.casharness.grpc.http;
