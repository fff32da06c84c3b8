/**
 * The bug-zoo members whose mistake lives in the service, not in the store: a gateway replica's handler
 * ({@code io.casharness.grpc.GatewayHandler}) that retries a conflict with the request's stale payload, or answers a
 * conflict with success. Each harness replica talks over the store protocol to a gateway of its own in this JVM, and
 * every gateway serves the chosen backend through the mistaken handler, so the mistake is caught through the
 * protocol, as it would be in a deployed service. They reach the zoo as {@code ZooMember} providers
 * ({@code META-INF/services}). Internal; immutable and thread-safe like every member.
 */
package io.casharness.scenario.zoo.gateway;
