package io.casharness.scenario.zoo;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;

/**
 * A zoo member whose mistake lives in application code above the store: a decorator over any {@link CasStore} that
 * overrides the one call the mistake lives in and forwards the rest. Because it needs nothing of the database but
 * the {@code CasStore} contract, it applies to every backend — memory, SQLite, PostgreSQL and a user's own — and a
 * run of it on a user's backend is the negative control that shows the gate bites on that database.
 *
 * <p>Immutable and thread-safe; the decorators it returns are thread-safe if the store they wrap is.
 */
public abstract class ApplicationMistake extends ZooMember {
    /**
     * @param name the name used on the command line
     * @param mistake one sentence: the mistake
     * @param workload the workload that exposes it
     * @param expectedAnomaly the anomaly id the checker must report
     */
    protected ApplicationMistake(String name, String mistake, String workload, String expectedAnomaly) {
        super(name, mistake, workload, expectedAnomaly);
    }

    /**
     * Wraps one replica of any store with this member's mistake. The decorator closes {@code replica} when closed.
     * It needs the store to take every {@link io.casharness.store.WriteCondition}, {@code Unconditional} included:
     * most of these mistakes are a write sent without the version it was based on.
     */
    public abstract CasStore wrap(CasStore replica);

    /** {@link #wrap} over a replica of {@code backend}, with {@code hooks} between the mistake and the store. */
    @Override
    public final CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        return wrap(PausingStore.wrap(backend.openReplica(options), replica, hooks));
    }
}
