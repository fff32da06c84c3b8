/**
 * The reference JDBC store on SQLite and PostgreSQL: {@link io.casharness.store.jdbc.JdbcBackend} (a database,
 * migrated on open) and {@link io.casharness.store.jdbc.JdbcCasStore} (a replica with its own pool), and the
 * {@code sqlite} and {@code postgres} backend providers.
 *
 * <p>API: {@code JdbcBackend}, {@code JdbcCasStore}, {@code Dialect} and the providers; the dialects, caches and
 * migrations are package-private. Backends and stores are thread-safe.
 */
package io.casharness.store.jdbc;
