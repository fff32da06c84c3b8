/**
 * {@code cas-call} ({@link io.casharness.grpc.call.CallMain}): one call of the store protocol from a JSON request,
 * printed as JSON or as a status with its {@code cas-*} trailers, for debugging a service (docs/protocol.md).
 * {@link io.casharness.grpc.call.CallTool} is the call itself, usable from code. Both are stateless and thread-safe.
 */
package io.casharness.grpc.call;
