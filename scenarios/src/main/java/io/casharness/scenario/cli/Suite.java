package io.casharness.scenario.cli;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.StoreUnderTest;
import io.casharness.scenario.Topology;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The matrix the main job runs: for each backend, every selected workload on the reference store, then every
 * selected zoo member that applies to the backend on the workload that exposes it. Backends are opened one at a
 * time (in the order given) and closed after their runs.
 */
public final class Suite {

    /** What to run. Immutable. */
    public record Plan(
            List<String> backends,
            List<String> workloads,
            List<String> stores,
            Topology topology,
            Budget budget,
            long seed) {
        public Plan {
            backends = List.copyOf(backends);
            workloads = List.copyOf(workloads);
            stores = List.copyOf(stores);
            requireNonNull(topology, "topology");
            requireNonNull(budget, "budget");
            workloads.forEach(Workloads::byName);
            stores.forEach(s -> {
                if (!s.equals("reference")) {
                    Zoo.byName(s);
                }
            });
        }

        /** The scenarios, in run order. */
        public List<Scenario> scenarios() {
            List<Scenario> all = new ArrayList<>();
            for (String backend : backends) {
                for (String store : stores) {
                    if (store.equals("reference")) {
                        for (String w : workloads) {
                            all.add(new Scenario(w, store, backend, topology, budget, seed));
                        }
                    } else {
                        ZooMember m = Zoo.byName(store);
                        if (m.appliesTo(backend) && workloads.contains(m.workload())) {
                            all.add(new Scenario(m.workload(), store, backend, topology, budget, seed));
                        }
                    }
                }
            }
            return all;
        }
    }

    /** Told about progress. Called on the suite's thread. */
    public interface Listener {
        default void backendOpened(Backend backend) {}

        default void started(Scenario scenario, int index, int total) {}

        default void finished(Judgement judgement, int index, int total) {}
    }

    private Suite() {}

    /** The store under test named {@code name}. */
    public static StoreUnderTest store(String name) {
        return name.equals("reference") ? StoreUnderTest.REFERENCE : Zoo.byName(name);
    }

    /**
     * Runs the plan.
     *
     * @param openBackend opens a backend by name; each is closed after its runs
     */
    public static List<Judgement> run(Plan plan, Function<String, Backend> openBackend, Listener listener) {
        List<Scenario> scenarios = plan.scenarios();
        List<Judgement> results = new ArrayList<>();
        int index = 0;
        for (String backendName : plan.backends()) {
            List<Scenario> mine = scenarios.stream()
                    .filter(s -> s.backend().equals(backendName))
                    .toList();
            if (mine.isEmpty()) {
                continue;
            }
            try (Backend backend = openBackend.apply(backendName)) {
                listener.backendOpened(backend);
                for (Scenario s : mine) {
                    index++;
                    listener.started(s, index, scenarios.size());
                    StoreUnderTest sut = store(s.store());
                    RunResult run = ScenarioRunner.run(s, Workloads.byName(s.workload()), sut, backend);
                    Judgement j = Judgement.judge(run, sut instanceof ZooMember m ? m : null);
                    results.add(j);
                    listener.finished(j, index, scenarios.size());
                }
            }
        }
        return results;
    }
}
