package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;

/**
 * <b>status-blind-retry</b>: a status reconciler writes each watch event with the version it cached, and when that
 * write conflicts it sends the same status again without a version ("my event is the news, force it") instead of
 * reading the status again and deciding again. A replica whose watch lags behind then writes an older event over
 * the state another replica already stored. Caught by {@code lost-event} on the reconciler workload (along the
 * versions, an event's position falls), often with {@code status-regression} (the phase moves back) and
 * {@code lost-update}.
 */
public final class StatusBlindRetry extends ApplicationMistake {
    public StatusBlindRetry() {
        super(
                "status-blind-retry",
                "status written with a cached version; on conflict resent without a version",
                "reconciler",
                "lost-event");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "status-blind-retry");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            PutOutcome outcome = delegate.put(spec, condition);
            if (condition instanceof WriteCondition.MatchVersion && outcome instanceof Conflict) {
                gapBetweenCalls(); // the retry wrapper's backoff
                return delegate.put(spec, WriteCondition.unconditional());
            }
            return outcome;
        }
    }
}
