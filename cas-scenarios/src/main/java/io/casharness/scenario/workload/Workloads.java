package io.casharness.scenario.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workloads by name, in the order the suite runs them. */
public final class Workloads {
    private static final Map<String, Workload> ALL = new LinkedHashMap<>();

    static {
        for (Workload w : List.of(
                new AppendWorkload(),
                new RegisterWorkload(),
                new CreateRaceWorkload(),
                new DeleteRaceWorkload(),
                new MergeWorkload(),
                new PhasesWorkload(),
                new UpdateVsDeleteWorkload(),
                new ExhaustionWorkload(),
                new ReconcilerWorkload(),
                new RevisionsWorkload(),
                new ControllerWorkload(),
                new NamesWorkload())) {
            ALL.put(w.name(), w);
        }
    }

    private Workloads() {}

    public static List<Workload> all() {
        return List.copyOf(ALL.values());
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * @throws IllegalArgumentException naming the known workloads if {@code name} is not one
     */
    public static Workload byName(String name) {
        Workload w = ALL.get(name);
        if (w == null) {
            throw new IllegalArgumentException("unknown workload \"" + name + "\"; known: " + names());
        }
        return w;
    }
}
