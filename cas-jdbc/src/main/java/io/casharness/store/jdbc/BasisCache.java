package io.casharness.store.jdbc;

import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects one replica last read or wrote, by key, to start an update from without a read (see
 * {@link io.casharness.store.UpdateSteps}). Nothing here is trusted: the conditional write validates every basis,
 * so a stale or missing entry costs one conflicted attempt or one read, never an update. A write never moves an
 * entry back to an older version (versions only rise, across keys and incarnations).
 *
 * <p>Bounded by weight (payload + labels + a fixed overhead per entry), least recently used evicted first; an object
 * heavier than a sixteenth of the bound is not kept. Thread-safe: one lock around a small map, held for
 * nanoseconds, against database round trips of tens of microseconds.
 */
final class BasisCache {
    /** What an entry costs beside its payload and labels: key, object, map node. */
    static final int ENTRY_OVERHEAD_BYTES = 160;

    private final long maxBytes;
    private final LinkedHashMap<ObjectKey, StoredObject> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    BasisCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("basis cache bytes must be >= 0, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /** The last object seen for {@code key}, or {@code null}. */
    StoredObject get(ObjectKey key) {
        if (maxBytes == 0) {
            return null;
        }
        synchronized (this) {
            return entries.get(key);
        }
    }

    /** Remembers {@code object} unless a newer version of its key is already kept. */
    void offer(StoredObject object) {
        if (maxBytes == 0) {
            return;
        }
        long weight = weight(object);
        synchronized (this) {
            StoredObject old = entries.get(object.key());
            if (old != null && old.resourceVersion() >= object.resourceVersion()) {
                return;
            }
            if (old != null) {
                entries.remove(object.key());
                bytes -= weight(old);
            }
            if (weight > maxBytes / 16) {
                return;
            }
            entries.put(object.key(), object);
            bytes += weight;
            Iterator<Map.Entry<ObjectKey, StoredObject>> eldest =
                    entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                bytes -= weight(eldest.next().getValue());
                eldest.remove();
            }
        }
    }

    /** Forgets {@code key} at {@code version} or older (it was deleted or found absent). */
    void forget(ObjectKey key, long version) {
        if (maxBytes == 0) {
            return;
        }
        synchronized (this) {
            StoredObject old = entries.get(key);
            if (old != null && old.resourceVersion() <= version) {
                entries.remove(key);
                bytes -= weight(old);
            }
        }
    }

    /** Forgets {@code key} whatever version is kept. */
    void forget(ObjectKey key) {
        forget(key, Long.MAX_VALUE);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private static long weight(StoredObject o) {
        long labels = 0;
        for (Map.Entry<String, String> e : o.labels().entrySet()) {
            labels += e.getKey().length() + e.getValue().length() + 8L;
        }
        return o.spec().payloadSize() + labels + ENTRY_OVERHEAD_BYTES;
    }
}
