/**
 * The store protocol over gRPC ({@code casharness.v1.ObjectStore}, docs/protocol.md).
 *
 * <p>API: {@link io.casharness.grpc.GatewayServer} (one gateway replica serving any {@link io.casharness.store.Backend}
 * on a port, with the standard health service and a graceful stop), {@link io.casharness.grpc.GatewayHandler} (what the
 * replica does with each write: the reference behaviour, the documented modes, or a deliberate mistake),
 * {@link io.casharness.grpc.GrpcBackend} and {@link io.casharness.grpc.GrpcCasStore} (a backend whose replicas are
 * gateway endpoints, so every workload, the checker and the faults run against a service in any language), and the
 * {@code grpc} backend provider. {@link io.casharness.grpc.Wire} and {@link io.casharness.grpc.StatusMapping} are the
 * one place the domain types meet the wire; both are stateless.
 *
 * <p>Servers, backends and stores are thread-safe; a store shares its endpoint's channel with the backend's other
 * replicas on that endpoint.
 */
package io.casharness.grpc;
