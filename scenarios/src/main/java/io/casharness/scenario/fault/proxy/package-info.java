/**
 * The PostgreSQL fault proxy (API): {@link io.casharness.scenario.fault.proxy.PgFaultProxy}, an in-JVM TCP proxy
 * between a store's pools and the server that reads the wire protocol and, per write request, cuts the connection
 * before the request's {@code Sync} or swallows the reply after the server committed, and delays requests. Seeded;
 * every fault is counted. Thread-safe; closing it closes every socket and joins every thread it started.
 */
package io.casharness.scenario.fault.proxy;
