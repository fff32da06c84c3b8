package io.casharness.scenario.zoo;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;
import java.util.Set;

/**
 * <b>reread-version</b>: a write that reports a version it did not produce. The write applies correctly, but the
 * version handed back to the caller comes from a separate read afterwards ({@code UPDATE} then
 * {@code SELECT resource_version}; an ORM {@code save()} then {@code refresh()}), which may already see a later
 * writer's version. The caller then believes it holds that version, and two writes claim the same one. Caught by
 * {@code duplicate-version} on the append workload.
 */
public final class RereadVersion extends ZooMember {
    public RereadVersion() {
        super(
                "reread-version",
                "the version returned by a write is read back in a separate statement",
                "append",
                Set.of("memory", "sqlite", "postgres"),
                "duplicate-version");
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        return new Store(PausingStore.wrap(backend.openReplica(options), replica, hooks));
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
