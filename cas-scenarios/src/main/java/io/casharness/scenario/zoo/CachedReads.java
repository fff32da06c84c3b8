package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>cached-reads</b>: reads served from a per-replica read-through cache with a time-to-live ({@value #TTL_MILLIS}
 * ms), as a Guava/Caffeine cache in front of a repository. The replica's own writes refresh its cache, so it looks
 * fine in single-replica tests; another replica's writes stay invisible until the entry expires. Caught by
 * {@code stale-read} on the register workload (a read that began after a write completed returns an older
 * version).
 */
public final class CachedReads extends ApplicationMistake {
    static final long TTL_MILLIS = 250;

    public CachedReads() {
        super("cached-reads", "reads served from a per-replica cache with a TTL", "register", "stale-read");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        private record Entry(Optional<StoredObject> object, long loadedNanos) {}

        private final ConcurrentHashMap<ObjectKey, Entry> cache = new ConcurrentHashMap<>();

        Store(CasStore delegate) {
            super(delegate, "cached-reads");
        }

        @Override
        public Optional<StoredObject> get(ObjectKey key) {
            long now = System.nanoTime();
            Entry e = cache.get(key);
            if (e != null && now - e.loadedNanos() < TTL_MILLIS * 1_000_000) {
                return e.object();
            }
            Optional<StoredObject> fresh = delegate.get(key);
            cache.put(key, new Entry(fresh, now));
            return fresh;
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            PutOutcome outcome = delegate.put(spec, condition);
            if (outcome instanceof Written w) {
                cache.put(spec.key(), new Entry(Optional.of(w.object()), System.nanoTime()));
            } else if (outcome instanceof Conflict) {
                cache.remove(spec.key());
            }
            return outcome;
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            cache.remove(key);
            return delegate.delete(key, condition);
        }
    }
}
