package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.Exhausted;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * <b>exhausted-by-count</b>: a hand-written retry loop that decides it gave up by counting its attempts rather than
 * by looking at the last one's outcome ({@code if (attempt == maxAttempts) throw new RetriesExhausted()} after the
 * loop): a write that succeeded on the last attempt is reported {@code Exhausted}. The caller retries the whole
 * operation or reports a failure for a change that is in fact stored. Caught by {@code false-failure} on the
 * exhaustion workload (an exhausted update's token is in the key's final state).
 */
public final class ExhaustedByCount extends ApplicationMistake {
    public ExhaustedByCount() {
        super(
                "exhausted-by-count",
                "a retry loop reports Exhausted when its attempt counter ran out, though the last attempt was written",
                "exhaustion",
                "false-failure");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "exhausted-by-count");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            List<Conflict> conflicts = new ArrayList<>();
            PutOutcome outcome = null;
            int attempt = 0;
            while (attempt < policy.maxAttempts()) {
                attempt++;
                Optional<StoredObject> read = delegate.get(key);
                if (read.isEmpty()) {
                    return new NotFound(key);
                }
                gapBetweenCalls();
                outcome = delegate.put(
                        mutation.apply(read.get()),
                        WriteCondition.matchVersion(read.get().resourceVersion()));
                if (!(outcome instanceof Conflict c)) {
                    break;
                }
                conflicts.add(c);
            }
            // the mistake: "out of attempts" judged by the counter, not by the last outcome (an Exhausted needs a
            // conflict to report, so a first attempt that succeeded with maxAttempts 1 stays Updated)
            if (attempt == policy.maxAttempts() && !conflicts.isEmpty()) {
                return new Exhausted(key, attempt, conflicts);
            }
            if (outcome instanceof Written w) {
                return new Updated(w.object(), attempt, conflicts.size());
            }
            return new NotFound(key);
        }
    }
}
