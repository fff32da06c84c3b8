package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * <b>app-version-check</b>: the version check is done in application code, outside the write: read the row,
 * compare its version in Java, then write without a version predicate ({@code UPDATE ... WHERE id = ?}). Between
 * the check and the write another replica commits, and both writes apply. This member makes the mistake in the
 * application layer over the reference store's unconditional write, so it runs on every backend; see
 * {@link SqlAppVersionCheck} for the same mistake in hand-written SQL. Caught by {@code lost-update} on the
 * register workload (two committed writes from one base version).
 */
public final class AppVersionCheck extends ApplicationMistake {
    public AppVersionCheck() {
        super(
                "app-version-check",
                "check the version in Java, then write without a version predicate",
                "register",
                "lost-update");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "app-version-check");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (!(condition instanceof WriteCondition.MatchVersion m)) {
                return delegate.put(spec, condition);
            }
            Optional<StoredObject> current = delegate.get(spec.key());
            if (current.isEmpty()) {
                return Conflict.absent(spec.key(), m.version());
            }
            if (current.get().resourceVersion() != m.version()) {
                return Conflict.at(spec.key(), m.version(), current.get().resourceVersion());
            }
            gapBetweenCalls();
            // the check passed a moment ago; the write does not repeat it
            return delegate.put(spec, WriteCondition.unconditional());
        }
    }
}
