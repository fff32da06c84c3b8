package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;

/**
 * <b>revision-upsert</b>: a policy revision is inserted as an upsert — {@code INSERT … ON CONFLICT DO UPDATE}, an
 * ORM's {@code save()} that merges into an existing row — instead of an insert the unique (scope, revision)
 * constraint can refuse. Two replicas that found the same latest both "insert" {@code latest + 1}; both are told it
 * worked, and the second silently replaces the first. Caught by {@code lost-revision} on the revisions workload (an
 * acknowledged revision's key holds another write at the end), with {@code double-create}.
 */
public final class RevisionUpsert extends ApplicationMistake {
    public RevisionUpsert() {
        super(
                "revision-upsert",
                "revision inserted as an upsert: the unique constraint never refuses it",
                "revisions",
                "lost-revision");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "revision-upsert");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (condition instanceof WriteCondition.MustCreate) {
                gapBetweenCalls(); // the ORM's round trip
                return delegate.put(spec, WriteCondition.unconditional());
            }
            return delegate.put(spec, condition);
        }
    }
}
