/**
 * The faults that reach into a JDBC backend's server (API: the {@link io.casharness.scenario.fault.Fault}
 * providers {@code kill}, {@code restart}, {@code pause} and {@code lock-storm}, found by {@code ServiceLoader};
 * the rest is package-private): terminate the store's PostgreSQL connections, restart or freeze the server's
 * processes, hold SQLite's write lock. Each injection heals before it returns and reports what it did as a
 * {@link io.casharness.scenario.history.FaultEvent}. The faults are stateless and thread-safe; the nemesis calls
 * one at a time.
 */
package io.casharness.scenario.fault.jdbc;
