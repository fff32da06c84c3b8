/**
 * The conformance suite of the {@link io.casharness.store.CasStore} contract: extend
 * {@link io.casharness.store.conformance.CasStoreConformanceTest} and return your backend from
 * {@code openBackend()}.
 *
 * <p>API for test code (module {@code cas-testkit}). A suite instance belongs to one test class run by JUnit;
 * {@link io.casharness.store.conformance.ConcurrencyBudget} is an immutable value and
 * {@link io.casharness.store.conformance.MutableClock} is thread-safe.
 */
package io.casharness.store.conformance;
