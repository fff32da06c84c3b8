/**
 * The PostgreSQL fault proxy and the faults that act through it. {@link io.casharness.scenario.fault.proxy.PgFaultProxy}
 * (API) is an in-JVM TCP proxy between a store's pools and the server that reads the wire protocol and, per write
 * request, cuts the connection before the request's {@code Sync} or swallows the reply after the server committed,
 * and delays requests; seeded, every fault counted. {@link io.casharness.scenario.fault.proxy.ProxiedPostgres}
 * opens a PostgreSQL backend through one; the faults {@code ack-loss}
 * ({@link io.casharness.scenario.fault.proxy.AckLossFault}) and {@code slow}
 * ({@link io.casharness.scenario.fault.proxy.SlowFault}), found by {@code ServiceLoader}, switch it on for a window
 * and report what it did from its counters. Thread-safe; closing a proxy closes every socket and joins every thread
 * it started.
 */
package io.casharness.scenario.fault.proxy;
