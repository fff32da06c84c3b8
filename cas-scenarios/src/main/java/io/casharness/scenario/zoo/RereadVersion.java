package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;

/**
 * <b>reread-version</b>: a write that reports a version it did not produce. The write applies correctly, but the
 * version handed back to the caller comes from a separate read afterwards ({@code UPDATE} then
 * {@code SELECT resource_version}; an ORM {@code save()} then {@code refresh()}), which may already see a later
 * writer's version. The caller then believes it holds that version, and two writes claim the same one. Caught by
 * {@code duplicate-version} on the append workload.
 */
public final class RereadVersion extends ApplicationMistake {
    public RereadVersion() {
        super(
                "reread-version",
                "the version returned by a write is read back in a separate statement",
                "append",
                "duplicate-version");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "reread-version");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            PutOutcome outcome = delegate.put(spec, condition);
            if (!(outcome instanceof Written w)) {
                return outcome;
            }
            gapBetweenCalls();
            // the mistake: ask the database for "the" version after the fact
            Optional<StoredObject> reread = delegate.get(spec.key());
            return new Written(reread.orElse(w.object()));
        }
    }
}
