package io.casharness.scenario;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;

/**
 * What a scenario runs against: the reference store, or a bug-zoo member, opened once per replica on a backend.
 * Implementations are thread-safe and stateless between runs.
 */
public interface StoreUnderTest {

    /** {@code reference} or the zoo member's name. */
    String name();

    /** Whether this store can run on the backend named ({@code memory}, {@code sqlite}, {@code postgres}). */
    boolean appliesTo(String backend);

    /**
     * Opens one replica.
     *
     * @param replica the replica's index (what {@link Hooks} are told)
     * @param hooks where a test may pause this replica; {@link Hooks#NONE} for none
     */
    CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks);

    /** The store as the backend ships it: every replica is {@link Backend#openReplica}. */
    StoreUnderTest REFERENCE = new StoreUnderTest() {
        @Override
        public String name() {
            return "reference";
        }

        @Override
        public boolean appliesTo(String backend) {
            return true;
        }

        @Override
        public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
            return PausingStore.wrap(backend.openReplica(options), replica, hooks);
        }

        @Override
        public String toString() {
            return "reference";
        }
    };
}
