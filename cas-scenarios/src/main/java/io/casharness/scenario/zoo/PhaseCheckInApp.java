package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;

/**
 * <b>phase-check-in-app</b>: a controller validates the state-machine transition against the object it read
 * ("only ready may become deleting"), then writes the new phase without a version predicate. The check was right
 * about a state that no longer exists: a slow replica moves an object that others already advanced back to an
 * earlier phase, or re-creates an object that was deleted meanwhile. Caught by {@code lost-update} on the phases
 * workload: the checker judges a transition against the state the writer <em>read</em> (from which the move was
 * legal), and reports the regression as what it is — a match-version write that applied over a newer version,
 * erasing a transition another replica made — often with {@code aba} for the resurrected object.
 */
public final class PhaseCheckInApp extends ApplicationMistake {
    public PhaseCheckInApp() {
        super(
                "phase-check-in-app",
                "transition validated against the read, phase written without a version predicate",
                "phases",
                "lost-update");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "phase-check-in-app");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (condition instanceof WriteCondition.MatchVersion) {
                gapBetweenCalls(); // between the check on the read and the write
            }
            return delegate.put(
                    spec,
                    condition instanceof WriteCondition.MatchVersion ? WriteCondition.unconditional() : condition);
        }
    }
}
