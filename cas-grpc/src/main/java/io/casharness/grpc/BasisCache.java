package io.casharness.grpc;

import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The objects a client replica last wrote or read, by key, least recently used first out once their payloads pass
 * the budget. A basis only: every write made from it is conditional on its version. Thread-safe (one lock).
 */
final class BasisCache {
    private final long maxBytes;
    private final LinkedHashMap<ObjectKey, StoredObject> objects = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    BasisCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<StoredObject> get(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    synchronized void offer(StoredObject o) {
        if (maxBytes == 0 || o.spec().payloadSize() > maxBytes) {
            forget(o.key());
            return;
        }
        StoredObject old = objects.get(o.key());
        if (old != null && old.resourceVersion() > o.resourceVersion()) {
            return;
        }
        put(o);
        var eldest = objects.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<ObjectKey, StoredObject> e = eldest.next();
            bytes -= e.getValue().spec().payloadSize();
            eldest.remove();
        }
    }

    private void put(StoredObject o) {
        StoredObject old = objects.put(o.key(), o);
        bytes += o.spec().payloadSize() - (old == null ? 0 : old.spec().payloadSize());
    }

    synchronized void forget(ObjectKey key) {
        StoredObject old = objects.remove(key);
        if (old != null) {
            bytes -= old.spec().payloadSize();
        }
    }
}
