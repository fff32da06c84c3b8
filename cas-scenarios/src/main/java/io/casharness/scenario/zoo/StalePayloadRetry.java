package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * <b>stale-payload-retry</b>: a retry loop that, on a conflict, takes the <em>current version</em> from the
 * conflict and re-sends the <em>payload it computed from the first read</em> — the "on 409, copy the latest
 * resourceVersion into my object and PUT again" pattern of hand-written Kubernetes clients. The write now carries a
 * fresh version, so the store accepts it, and it erases whatever the other writer added. Caught by
 * {@code lost-update} on the merge workload (a writer's field disappears).
 */
public final class StalePayloadRetry extends ApplicationMistake {
    public StalePayloadRetry() {
        super(
                "stale-payload-retry",
                "on conflict, retry with the fresh version but the payload computed from the stale read",
                "merge",
                "lost-update");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "stale-payload-retry");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            Optional<StoredObject> read = delegate.get(key);
            if (read.isEmpty()) {
                return new NotFound(key);
            }
            ObjectSpec next = mutation.apply(read.get()); // computed once: the mistake
            long version = read.get().resourceVersion();
            List<Conflict> conflicts = new ArrayList<>();
            for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
                PutOutcome outcome = delegate.put(next, WriteCondition.matchVersion(version));
                if (outcome instanceof Written w) {
                    return new Updated(w.object(), attempt, conflicts.size());
                }
                if (!(outcome instanceof Conflict c) || c.isAbsent()) {
                    return new NotFound(key);
                }
                conflicts.add(c);
                version = c.currentVersion().getAsLong();
            }
            return new Exhausted(key, policy.maxAttempts(), conflicts);
        }
    }
}
