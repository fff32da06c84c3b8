package io.casharness.scenario.workload;

import io.casharness.store.ObjectKey;
import java.util.ArrayList;
import java.util.List;

/** Key naming shared by the workloads: {@code <kind>/k0 .. k<n-1>}. */
final class Keys {
    private Keys() {}

    static ObjectKey key(String kind, int index) {
        return ObjectKey.of(kind, "k" + index);
    }

    static List<ObjectKey> range(String kind, int count) {
        List<ObjectKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(key(kind, i));
        }
        return keys;
    }
}
