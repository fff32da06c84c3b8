package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import java.util.Optional;

/**
 * <b>conflict-as-written</b>: a retrier that, when its attempts run out, re-reads the object, sees that its
 * version moved on, and concludes that the write it lost was its own ("the version changed, so our write must have
 * gone through") — the reasoning that is right after a lost acknowledgement and wrong after a conflict. It reports
 * {@code Updated} with the object another writer produced, and its own change is stored nowhere. Caught by
 * {@code duplicate-version} on the exhaustion workload (the update claims a version another acknowledged write
 * produced).
 */
public final class ConflictAsWritten extends ApplicationMistake {
    public ConflictAsWritten() {
        super(
                "conflict-as-written",
                "an update that ran out of attempts reports the object another writer produced as its own",
                "exhaustion",
                "duplicate-version");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "conflict-as-written");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            UpdateOutcome outcome = super.update(key, mutation, policy);
            if (!(outcome instanceof Exhausted x)) {
                return outcome;
            }
            Optional<StoredObject> now = delegate.get(key);
            long expected = x.lastConflict().expectedVersion();
            if (now.isPresent() && now.get().resourceVersion() > expected) {
                // the mistake: a newer version is taken as proof that this update's write landed
                return new Updated(now.get(), x.attempts(), x.attempts() - 1);
            }
            return outcome;
        }
    }
}
