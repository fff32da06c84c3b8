/**
 * The linearizable in-memory model ({@link io.casharness.store.memory.MemoryCasStore}): the oracle every store is
 * compared with, the jcstress target, and the {@code memory} backend.
 *
 * <p>API. Thread-safe: one lock guards a database's state.
 */
package io.casharness.store.memory;
