package io.casharness.scenario.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every fault by name, in the order {@code --help} lists them. Thread-safe (immutable). */
public final class Faults {
    private static final Map<String, Fault> ALL = new LinkedHashMap<>();

    static {
        for (Fault f : List.of(new KillFault(), new RestartFault(), new PauseFault(), new LockStormFault())) {
            ALL.put(f.name(), f);
        }
    }

    private Faults() {}

    /** The names, in order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Every fault, in order. */
    public static List<Fault> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * @throws IllegalArgumentException naming the known faults if {@code name} is not one
     */
    public static Fault byName(String name) {
        Fault f = ALL.get(name);
        if (f == null) {
            throw new IllegalArgumentException(
                    "--faults: unknown fault \"" + name + "\"; known are " + String.join(", ", ALL.keySet()));
        }
        return f;
    }
}
