package io.casharness.scenario.zoo;

import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;

/**
 * <b>check-then-create</b>: "create if absent" done as a lookup followed by a save that does not itself insist on
 * creating — {@code if (!repo.existsById(id)) repo.save(entity)} where {@code save} is an upsert (JPA
 * {@code merge}, {@code INSERT ... ON CONFLICT DO UPDATE}). Two replicas both see "absent" and both report success;
 * the second silently replaces the first. Caught by {@code double-create} on the create-race workload.
 */
public final class CheckThenCreate extends ApplicationMistake {
    public CheckThenCreate() {
        super(
                "check-then-create",
                "create = existence check, then an unconditional save (upsert)",
                "create-race",
                "double-create");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "check-then-create");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (!(condition instanceof WriteCondition.MustCreate)) {
                return delegate.put(spec, condition);
            }
            if (delegate.get(spec.key()).isPresent()) {
                return new AlreadyExists(spec.key(), AlreadyExists.Constraint.KEY, spec.key());
            }
            gapBetweenCalls();
            return delegate.put(spec, WriteCondition.unconditional());
        }
    }
}
