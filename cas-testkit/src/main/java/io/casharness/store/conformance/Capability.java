package io.casharness.store.conformance;

/**
 * What a store may leave out of the {@link io.casharness.store.CasStore} contract. A suite whose
 * {@link CasStoreConformanceTest#capabilities()} omits one skips the tests that need it, each skipped test saying
 * which capability it needed, and puts no names or labels and lists nothing where the capability is absent. The
 * core — versions, the three conditions, delete, update, the concurrent checks — has no capability and always runs.
 */
public enum Capability {
    /** Object names: unique per kind, {@code getByName}, {@code AlreadyExists} on a name another object holds. */
    NAMES,
    /** Labels stored with each object and returned by reads; label selectors in {@code list}. */
    LABELS,
    /** {@code list}: the objects of a kind in id order, one page at a time. */
    PAGING,
    /** {@code createdAt} and {@code updatedAt} taken from {@link io.casharness.store.StoreOptions#clock()}. */
    TIMESTAMPS
}
