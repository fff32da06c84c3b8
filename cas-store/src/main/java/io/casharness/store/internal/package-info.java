/**
 * Helpers shared by the reference stores: input validation.
 *
 * <p>Internal: not API, may change in any release; a store of one's own uses
 * {@link io.casharness.store.StoreChecks} instead. Every class here is stateless and thread-safe.
 */
package io.casharness.store.internal;
