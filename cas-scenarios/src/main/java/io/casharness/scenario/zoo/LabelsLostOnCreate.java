package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import java.util.Map;

/**
 * <b>labels-lost-on-create</b>: the create path's insert leaves the labels out (they are written only by updates):
 * an object created with labels is stored without them, so a list by selector misses it until its first update.
 * Caught by {@code selector-mismatch} on the controller workload.
 */
public final class LabelsLostOnCreate extends ApplicationMistake {
    public LabelsLostOnCreate() {
        super(
                "labels-lost-on-create",
                "create stores the object without its labels",
                "controller",
                "selector-mismatch");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "labels-lost-on-create");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            return delegate.put(
                    condition instanceof WriteCondition.MustCreate ? spec.withLabels(Map.of()) : spec, condition);
        }
    }
}
