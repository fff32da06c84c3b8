package io.casharness.scenario.zoo.gateway;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * <b>gateway-stale-retry</b>: the gateway retries a lost update for its client: on a conflict it re-reads the object
 * and writes the request's payload again, conditionally at the version it just read, up to
 * {@link Handler#MAX_ATTEMPTS} attempts. Each write is conditional, so nothing looks wrong in the gateway's own
 * logs; but the payload was computed by the client from the version it named, so every write that won the race in
 * between is silently replaced — the classic "retry with the stale payload", moved from the client into the service.
 * Caught by {@code lost-update} on the append workload: two acknowledged updates from one base, and the final state
 * lacks the token of the one that was overwritten.
 */
public final class StaleRetry extends GatewayMistake {
    static final String NAME = "gateway-stale-retry";

    public StaleRetry() {
        super(
                NAME,
                "on a conflict the gateway re-reads and writes the request's stale payload at the new version",
                "append",
                "lost-update",
                new Handler());
    }

    /** The mistaken handler. Stateless and thread-safe. */
    static final class Handler extends MistakenHandler {
        /** Attempts of one update, counting the first (as the seed's retry budgets count them). */
        static final int MAX_ATTEMPTS = 5;

        Handler() {
            super(NAME);
        }

        @Override
        public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
            PutOutcome outcome = super.update(store, spec, expectedVersion);
            for (int attempt = 2; attempt <= MAX_ATTEMPTS && outcome instanceof Conflict; attempt++) {
                Optional<StoredObject> current = store.get(spec.key());
                if (current.isEmpty()) {
                    return outcome;
                }
                // the mistake: the client's payload, built on expectedVersion, written over whatever is current now
                outcome = store.put(
                        spec, WriteCondition.matchVersion(current.get().resourceVersion()));
            }
            return outcome;
        }
    }
}
