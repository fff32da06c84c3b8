package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ObjectKey;
import io.casharness.store.WriteCondition;

/**
 * <b>unconditional-delete</b>: the caller read version v and decided to delete, but the delete is sent without the
 * version ({@code DELETE FROM objects WHERE id = ?}, {@code kubectl delete} without a precondition). An update that
 * committed after the read is deleted with the object without anyone having seen it. Caught on the delete-race
 * workload: the delete names version v but removes a later one, erasing an acknowledged write.
 */
public final class UnconditionalDelete extends ApplicationMistake {
    public UnconditionalDelete() {
        super(
                "unconditional-delete",
                "delete without the version the decision was based on",
                "delete-race",
                "lost-update");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
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
