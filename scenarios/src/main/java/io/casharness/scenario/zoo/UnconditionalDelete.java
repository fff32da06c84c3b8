package io.casharness.scenario.zoo;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import java.util.Set;

/**
 * <b>unconditional-delete</b>: the caller read version v and decided to delete, but the delete is sent without the
 * version ({@code DELETE FROM objects WHERE id = ?}, {@code kubectl delete} without a precondition). An update that
 * committed after the read is deleted with the object without anyone having seen it. Caught on the delete-race
 * workload: the delete names version v but removes a later one, erasing an acknowledged write.
 */
public final class UnconditionalDelete extends ZooMember {
    public UnconditionalDelete() {
        super(
                "unconditional-delete",
                "delete without the version the decision was based on",
                "delete-race",
                Set.of("memory", "sqlite", "postgres"),
                "lost-update");
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        return new Store(PausingStore.wrap(backend.openReplica(options), replica, hooks));
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "unconditional-delete");
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            gapBetweenCalls();
            return delegate.delete(key, WriteCondition.unconditional());
        }
    }
}
