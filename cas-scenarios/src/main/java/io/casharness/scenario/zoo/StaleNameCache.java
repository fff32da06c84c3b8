package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>stale-name-cache</b>: reads by name served from a per-replica name-to-object cache with a time-to-live
 * ({@value #TTL_MILLIS} ms), the lookup table a gateway keeps so that a request naming a sandbox skips the query.
 * The replica's own writes refresh the entry of the name they write (not the one a rename left), so it looks right
 * on one replica; another replica's renames and deletes stay invisible until the entry expires. Caught by
 * {@code name-read-mismatch} on the names workload.
 */
public final class StaleNameCache extends ApplicationMistake {
    static final long TTL_MILLIS = 250;

    public StaleNameCache() {
        super(
                "stale-name-cache",
                "reads by name served from a per-replica name cache with a TTL",
                "names",
                "name-read-mismatch");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        private record Entry(Optional<StoredObject> object, long loadedNanos) {}

        private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

        Store(CasStore delegate) {
            super(delegate, "stale-name-cache");
        }

        @Override
        public Optional<StoredObject> getByName(String kind, String name) {
            long now = System.nanoTime();
            String k = kind + '\u0000' + name;
            Entry e = cache.get(k);
            if (e != null && now - e.loadedNanos() < TTL_MILLIS * 1_000_000) {
                return e.object();
            }
            Optional<StoredObject> fresh = delegate.getByName(kind, name);
            cache.put(k, new Entry(fresh, now));
            return fresh;
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            PutOutcome outcome = delegate.put(spec, condition);
            if (outcome instanceof Written w && spec.name() != null) {
                cache.put(
                        spec.key().kind() + '\u0000' + spec.name(),
                        new Entry(Optional.of(w.object()), System.nanoTime()));
            }
            return outcome;
        }
    }
}
