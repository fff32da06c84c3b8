/**
 * The API of a compare-and-set object store: what a store implements ({@link io.casharness.store.CasStore},
 * {@link io.casharness.store.Backend}, {@link io.casharness.store.BackendProvider}), the values it takes and returns
 * (specs, conditions, outcomes, pages, selectors), and what runs on any store ({@link io.casharness.store.Retrier},
 * {@link io.casharness.store.RetryPolicy}, backoffs).
 *
 * <p>API: public types here are the stable surface of module {@code cas-store}, which depends on nothing but the JDK.
 * Values (records, {@code LabelSelector}, {@code RetryPolicy}) are immutable and thread-safe; a {@code CasStore} or
 * {@code Backend} is thread-safe by contract; anything else says so in its own Javadoc.
 */
package io.casharness.store;
