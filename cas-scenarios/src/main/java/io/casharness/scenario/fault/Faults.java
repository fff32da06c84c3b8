package io.casharness.scenario.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every fault by name, in the order {@code --help} lists them: the {@link Fault} providers on the class path
 * ({@code META-INF/services}; {@code cas-harness.jar} carries {@code kill}, {@code restart}, {@code pause} and
 * {@code lock-storm}, which reach into a JDBC backend's server, and {@code ack-loss} and {@code slow}, through a
 * proxy in front of it), so the engine names none. Thread-safe (immutable).
 */
public final class Faults {
    private static final Map<String, Fault> ALL = new LinkedHashMap<>();

    static {
        for (Fault f : ServiceLoader.load(Fault.class, Faults.class.getClassLoader())) {
            if (ALL.putIfAbsent(f.name(), f) != null) {
                throw new IllegalStateException("two faults are named \"" + f.name() + "\"");
            }
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
