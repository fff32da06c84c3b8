package io.casharness.scenario.zoo;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import java.util.Set;

/**
 * <b>phase-check-in-app</b>: a controller validates the state-machine transition against the object it read
 * ("only ready may become deleting"), then writes the new phase without a version predicate. The check was right
 * about a state that no longer exists: a slow replica moves an object that others already advanced back to an
 * earlier phase. Caught by {@code illegal-transition} on the phases workload.
 */
public final class PhaseCheckInApp extends ZooMember {
    public PhaseCheckInApp() {
        super(
                "phase-check-in-app",
                "transition validated against the read, phase written without a version predicate",
                "phases",
                Set.of("memory", "sqlite", "postgres"),
                "illegal-transition");
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        return new Store(PausingStore.wrap(backend.openReplica(options), replica, hooks));
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "phase-check-in-app");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            return delegate.put(
                    spec,
                    condition instanceof WriteCondition.MatchVersion ? WriteCondition.unconditional() : condition);
        }
    }
}
