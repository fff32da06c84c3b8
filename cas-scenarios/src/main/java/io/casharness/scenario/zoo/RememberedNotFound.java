package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>remembered-not-found</b>: a replica that remembers the keys it saw deleted (its own deletes, updates answered
 * {@code NotFound}) and answers later updates of them {@code NotFound} without asking the database, forgetting a key
 * only when it creates or updates it itself — a negative cache that another replica's re-create never invalidates.
 * It looks fine on one replica; with several, an update of an object that another replica brought back reports it
 * missing. Caught by {@code false-failure} on the update-vs-delete workload ({@code NotFound} although the key
 * existed throughout).
 */
public final class RememberedNotFound extends ApplicationMistake {
    public RememberedNotFound() {
        super(
                "remembered-not-found",
                "updates of keys the replica saw deleted are answered NotFound from its own memory",
                "update-vs-delete",
                "false-failure");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        private final Set<ObjectKey> gone = ConcurrentHashMap.newKeySet();

        Store(CasStore delegate) {
            super(delegate, "remembered-not-found");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            if (gone.contains(key)) {
                return new NotFound(key); // the mistake: answered from memory
            }
            UpdateOutcome outcome = super.update(key, mutation, policy);
            if (outcome instanceof NotFound) {
                gone.add(key);
            } else if (outcome instanceof Updated) {
                gone.remove(key);
            }
            return outcome;
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            PutOutcome outcome = delegate.put(spec, condition);
            if (outcome instanceof Written) {
                gone.remove(spec.key());
            }
            return outcome;
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            DeleteOutcome outcome = delegate.delete(key, condition);
            if (outcome instanceof Deleted || outcome instanceof NotFound) {
                gone.add(key);
            }
            return outcome;
        }
    }
}
