package io.casharness.scenario.suite;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Hooks;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.StoreUnderTest;
import io.casharness.scenario.Topology;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.History;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The matrix the main job runs: for each backend, every selected workload on the backend's own store — called
 * {@code reference} on the backends this project ships ({@code memory}, {@code sqlite}, {@code postgres}), and by the
 * backend's name on any other, a user's store — then every selected zoo member that applies to the backend on the
 * workload that exposes it (the application-level members apply to every backend, so they are the negative controls
 * of a user's store too). Every backend is opened and
 * checked before the first run (a backend that will not open is found in seconds, not after the others' runs) and
 * closed after the last. A run that breaks is recorded (ERROR, with its partial history) and the suite goes on.
 */
public final class Suite {

    /** What to run. Immutable; validated on construction. */
    public record Plan(
            List<String> backends,
            List<String> workloads,
            List<String> stores,
            Topology topology,
            Budget budget,
            long seed,
            FaultPlan faults) {
        /**
         * @throws IllegalArgumentException if a name is unknown or given twice, or the selection matches no run;
         *     the message names the value and what is allowed
         */
        public Plan {
            backends = List.copyOf(backends);
            workloads = List.copyOf(workloads);
            stores = List.copyOf(stores);
            requireNonNull(topology, "topology");
            requireNonNull(budget, "budget");
            requireNonNull(faults, "faults");
            noDuplicates("--backends", backends);
            noDuplicates("--workloads", workloads);
            noDuplicates("--stores", stores);
            workloads.forEach(Workloads::byName);
            for (String store : stores) {
                if (!Zoo.names().contains(store)) {
                    storeUnderTest(store, backends);
                }
            }
            if (runs(backends, workloads, stores, faults).isEmpty()) {
                throw new IllegalArgumentException(emptySelection(backends, workloads, stores));
            }
        }

        /** A plan without faults. */
        public Plan(
                List<String> backends,
                List<String> workloads,
                List<String> stores,
                Topology topology,
                Budget budget,
                long seed) {
            this(backends, workloads, stores, topology, budget, seed, FaultPlan.NONE);
        }

        /**
         * The backends whose own store is {@code store}: {@code reference} is the store of the backends this project
         * ships; any other backend's store is called by the backend's name.
         *
         * @throws IllegalArgumentException if {@code store} is none of these, or runs on none of {@code backends}
         */
        private static List<String> storeUnderTest(String store, List<String> backends) {
            List<String> own = ownStores(backends);
            if (!store.equals("reference") && !own.contains(store)) {
                throw new IllegalArgumentException("unknown store \"" + store + "\": known are "
                        + String.join(", ", own.isEmpty() ? List.of("reference") : own)
                        + " (the store of each backend named), zoo, and the zoo members " + Zoo.names());
            }
            List<String> on =
                    backends.stream().filter(b -> store.equals(ownStore(b))).toList();
            if (on.isEmpty()) {
                throw new IllegalArgumentException("--stores reference: the reference store is the store of "
                        + String.join(", ", REFERENCE_BACKENDS) + ", none of --backends "
                        + String.join(",", backends) + "; a backend's own store is called by the backend's name: "
                        + String.join(",", own));
            }
            return on;
        }

        /** The own store of each backend: {@code reference} (once) and the names of the others, in order. */
        public static List<String> ownStores(List<String> backends) {
            return backends.stream().map(Suite::ownStore).distinct().toList();
        }

        /** The scenarios, in run order. */
        public List<Scenario> scenarios() {
            List<Scenario> all = new ArrayList<>();
            for (String[] run : runs(backends, workloads, stores, faults)) {
                all.add(new Scenario(run[0], run[1], run[2], topology, budget, seed, faults));
            }
            return all;
        }

        /**
         * (workload, store, backend) of every run the selection matches, in run order; a zoo member that only a
         * fault exposes ({@link ZooMember#exposedBy()}) runs only when {@code faults} inject it.
         */
        private static List<String[]> runs(
                List<String> backends, List<String> workloads, List<String> stores, FaultPlan faults) {
            List<String[]> all = new ArrayList<>();
            for (String backend : backends) {
                for (String store : stores) {
                    if (store.equals(ownStore(backend))) {
                        for (String w : workloads) {
                            all.add(new String[] {w, store, backend});
                        }
                    } else if (Zoo.names().contains(store)) {
                        ZooMember m = Zoo.byName(store);
                        if (m.appliesTo(backend)
                                && workloads.contains(m.workload())
                                && (m.exposedBy() == null || faults.names().contains(m.exposedBy()))) {
                            all.add(new String[] {m.workload(), store, backend});
                        }
                    }
                }
            }
            return all;
        }

        private static String emptySelection(List<String> backends, List<String> workloads, List<String> stores) {
            StringBuilder b = new StringBuilder("the selection --workloads " + String.join(",", workloads)
                    + " --stores " + String.join(",", stores) + " --backends " + String.join(",", backends)
                    + " matches no run");
            List<String> why = new ArrayList<>();
            for (String store : stores) {
                if (Zoo.names().contains(store)) {
                    ZooMember m = Zoo.byName(store);
                    why.add(store + " runs on workload " + m.workload() + ", "
                            + (m.anyBackend() ? "any backend" : "backends " + m.where()));
                }
            }
            if (!why.isEmpty()) {
                b.append(": ").append(String.join("; ", why));
            }
            return b.toString();
        }

        private static void noDuplicates(String option, List<String> names) {
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(option + " names \"" + n + "\" twice");
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(option + " must name at least one value");
            }
        }
    }

    /** Told about progress. Called on the suite's thread. */
    public interface Listener {
        default void started(Scenario scenario, int index, int total) {}

        default void finished(Judgement judgement, int index, int total) {}
    }

    /** The backends this project ships (in {@code cas-harness.jar}): their own store is the reference store. */
    public static final List<String> REFERENCE_BACKENDS = List.of("memory", "sqlite", "postgres");

    /** The exit code of a job whose every run satisfied the gate. */
    public static final int PASSED = 0;
    /** The exit code of a job that found a bug or a negative control not caught. */
    public static final int GATE_FAILED = 1;
    /** The exit code of a job that broke, or proved nothing. */
    public static final int BROKEN = 3;

    private Suite() {}

    /**
     * 1 if a store under test failed or a zoo member that ran to its end was not caught; else 3 if any run broke,
     * a run of a store under test proved nothing, or not every run ran; else 0.
     */
    public static int exitCode(List<Judgement> results, int planned, boolean brokeOff) {
        boolean bug =
                results.stream().anyMatch(j -> j.gate() == Judgement.Gate.BUG || j.gate() == Judgement.Gate.NOT_CAUGHT);
        if (bug) {
            return GATE_FAILED;
        }
        boolean broken =
                brokeOff || results.size() < planned || results.stream().anyMatch(j -> !j.ok());
        return broken ? BROKEN : PASSED;
    }

    /** Whether {@code backend} is one of {@link #REFERENCE_BACKENDS}. */
    public static boolean isReference(String backend) {
        return REFERENCE_BACKENDS.contains(backend);
    }

    /**
     * The name of {@code backend}'s own store: {@code reference} on the backends this project ships, the backend's
     * name on any other.
     */
    public static String ownStore(String backend) {
        return isReference(backend) ? "reference" : backend;
    }

    /**
     * The store under test named {@code name}: {@code reference}, a zoo member, or else the own store of the backend
     * of that name (every replica is {@link Backend#openReplica}, as for the reference store).
     */
    public static StoreUnderTest store(String name) {
        if (name.equals("reference")) {
            return StoreUnderTest.REFERENCE;
        }
        if (Zoo.names().contains(name)) {
            return Zoo.byName(name);
        }
        return new OwnStore(name);
    }

    /** A backend's own store, as the backend ships it, named by the backend. */
    private record OwnStore(String name) implements StoreUnderTest {
        @Override
        public boolean appliesTo(String backend) {
            return backend.equals(name);
        }

        @Override
        public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
            return PausingStore.wrap(backend.openReplica(options), replica, hooks);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Runs the plan on backends the caller opened (and closes), one per name of {@link Plan#backends()}. A run that
     * throws is judged ERROR with the cause; the suite goes on. Once {@code cancelled} is true, the run in progress
     * stops early and no further run starts.
     *
     * @return the judgements of the runs that ran, in run order
     * @throws IllegalArgumentException if a backend of the plan is missing from {@code backends}
     */
    public static List<Judgement> run(
            Plan plan, Map<String, Backend> backends, Listener listener, BooleanSupplier cancelled) {
        for (String name : plan.backends()) {
            if (!backends.containsKey(name)) {
                throw new IllegalArgumentException("no open backend named " + name + "; given " + backends.keySet());
            }
        }
        List<Scenario> scenarios = plan.scenarios();
        List<Judgement> results = new ArrayList<>();
        int index = 0;
        for (Scenario s : scenarios) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            index++;
            listener.started(s, index, scenarios.size());
            Judgement j = runOne(s, backends.get(s.backend()), cancelled);
            results.add(j);
            listener.finished(j, index, scenarios.size());
        }
        return results;
    }

    /**
     * Runs one scenario of a plan on {@code backend} (opened, and closed, by the caller) and judges it: the store
     * {@link Scenario#store()} names over the backend, the workload {@link Scenario#workload()} names. A run that
     * throws is judged ERROR with the cause. Once {@code cancelled} is true, the run stops early.
     */
    public static Judgement runOne(Scenario s, Backend backend, BooleanSupplier cancelled) {
        requireNonNull(s, "s");
        requireNonNull(backend, "backend");
        StoreUnderTest sut = store(s.store());
        ZooMember member = sut instanceof ZooMember m ? m : null;
        RunResult run;
        try {
            run = ScenarioRunner.run(s, Workloads.byName(s.workload()), sut, backend, Hooks.NONE, cancelled);
        } catch (RuntimeException e) {
            run = new RunResult(
                    s,
                    backend.describe(),
                    sut.versionsUniqueAcrossKeys(backend),
                    sut.versionsRiseAcrossIncarnations(backend),
                    History.of(List.of()),
                    0,
                    0,
                    0,
                    null,
                    Duration.ZERO,
                    "the run threw: " + e,
                    List.of());
        }
        return Judgement.judge(run, member);
    }
}
