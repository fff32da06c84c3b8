/**
 * Support code of the JDBC store that other modules of the harness also use: where a PostgreSQL server comes from
 * ({@link io.casharness.store.jdbc.internal.PostgresSource}).
 *
 * <p>Internal: not API, may change in any release. Every class here is stateless and thread-safe.
 */
package io.casharness.store.jdbc.internal;
