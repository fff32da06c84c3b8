/**
 * Helpers shared by the reference stores: input validation (module {@code cas-store}), and the PostgreSQL source,
 * SQL error classification and label JSON (module {@code cas-jdbc}).
 *
 * <p>Internal: not API, may change in any release; a store of one's own uses
 * {@link io.casharness.store.StoreChecks} instead. Every class here is stateless and thread-safe.
 */
package io.casharness.store.internal;
