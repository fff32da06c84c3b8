package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.concurrent.atomic.AtomicReference;

/**
 * <b>upsert-on-not-found</b>: an update whose retry, on finding the object gone, re-creates it from the copy it had
 * mutated ("it must have been lost: put it back") — the create-or-update helper that turns every update into an
 * upsert. An update that raced a delete now brings the deleted object back, with the state of the incarnation that
 * was deleted and the update's change on top, and reports {@code Updated}. In the history it is an update from a
 * version of a dead incarnation that took effect: caught by {@code aba} on the update-vs-delete workload.
 */
public final class UpsertOnNotFound extends ApplicationMistake {
    public UpsertOnNotFound() {
        super(
                "upsert-on-not-found",
                "an update that finds its object deleted re-creates it from the copy it had mutated",
                "update-vs-delete",
                "aba");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "upsert-on-not-found");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            AtomicReference<StoredObject> basis = new AtomicReference<>();
            UpdateOutcome outcome = super.update(
                    key,
                    current -> {
                        basis.set(current);
                        return mutation.apply(current);
                    },
                    policy);
            StoredObject had = basis.get();
            if (!(outcome instanceof NotFound) || had == null) {
                return outcome;
            }
            // the mistake: the object was deleted under the retry, and the update puts back what it had
            PutOutcome put = delegate.put(mutation.apply(had), WriteCondition.mustCreate());
            return put instanceof Written w ? new Updated(w.object(), 2, 1) : outcome;
        }
    }
}
