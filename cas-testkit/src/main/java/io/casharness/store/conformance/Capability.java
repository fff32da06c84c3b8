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
    /**
     * {@code createdAt} and {@code updatedAt} that keep the contract: {@code createdAt} unchanged by updates and new
     * for a recreated object, {@code updatedAt} never going back across writes, {@code createdAt <= updatedAt}, both
     * plausible (within a day of the wall clock). The suite checks them as that contract, never against its own
     * clock: a store may stamp with {@link io.casharness.store.StoreOptions#clock()} or with its database's clock.
     * A key-value store that keeps no timestamps declares this absent.
     */
    TIMESTAMPS,
    /**
     * Writes never block on another replica's read or transaction: a mutation passed to {@code update} may write the
     * same key from another replica while the update is under way. A pessimistic store (a read or an update takes a
     * lock that a second replica's write waits for) declares this absent; the tests that write the key from another
     * replica inside a mutation are then skipped, saying so, instead of deadlocking until the suite's timeout.
     */
    NON_BLOCKING_WRITES
}
