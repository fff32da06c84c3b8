package io.casharness.scenario.workload;

import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.WriteCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/** Key naming and initial objects shared by the workloads: {@code <kind>/k0 .. k<n-1>}. */
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

    /**
     * Creates every key ({@code MustCreate}, recorded by {@code setup}), each with a fresh token: {@code spec} gives
     * the object for a key and its token, {@code value} the value the history records for that token.
     */
    static void create(
            Worker setup,
            List<ObjectKey> keys,
            BiFunction<ObjectKey, String, ObjectSpec> spec,
            UnaryOperator<String> value) {
        for (ObjectKey key : keys) {
            String token = setup.nextToken();
            setup.put(spec.apply(key, token), WriteCondition.mustCreate(), 0, token, value.apply(token));
        }
    }
}
