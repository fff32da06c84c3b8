package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.fault.FaultPlan;
import java.util.Locale;

/**
 * One run: a workload on a store under test on a backend, with a topology, a budget and a seed. Immutable.
 *
 * @param workload the workload name
 * @param store {@code reference} or a zoo member's name
 * @param backend {@code memory}, {@code sqlite}, {@code postgres}
 * @param topology replicas, threads, keys, skew
 * @param budget op count and/or duration
 * @param seed the seed every random choice of the run derives from
 * @param faults the faults injected while the workers run ({@link FaultPlan#NONE} for none)
 */
public record Scenario(
        String workload, String store, String backend, Topology topology, Budget budget, long seed, FaultPlan faults) {
    public Scenario {
        requireNonNull(faults, "faults");
        requireNonNull(workload, "workload");
        requireNonNull(store, "store");
        requireNonNull(backend, "backend");
        requireNonNull(topology, "topology");
        requireNonNull(budget, "budget");
    }

    /** A run without faults. */
    public Scenario(String workload, String store, String backend, Topology topology, Budget budget, long seed) {
        this(workload, store, backend, topology, budget, seed, FaultPlan.NONE);
    }

    /** A file-name-safe id: {@code append.reference.sqlite}. */
    public String id() {
        return (workload + "." + store + "." + backend).toLowerCase(Locale.ROOT);
    }

    /** The main job's arguments that replay exactly this run. */
    public String replayArgs() {
        return "--workloads " + workload + " --stores " + store + " --backends " + backend + " --seed " + seed
                + " --ops " + budget.ops() + " --duration " + budget.duration().toMillis() + "ms --replicas "
                + topology.replicas() + " --threads " + topology.threads() + " --keys " + topology.keys()
                + " --skew " + topology.skew() + faults.replayArgs();
    }

    /** The one command that replays this run. */
    public String replayCommand() {
        return "java -jar scenarios/target/cas-harness.jar " + replayArgs();
    }

    @Override
    public String toString() {
        return workload + " x " + store + " x " + backend + " (" + topology.replicas() + " replicas x "
                + topology.threads() + " threads, " + topology.keys() + " keys " + topology.skew() + ", seed " + seed
                + (faults.isEmpty() ? "" : ", faults " + faults.describe()) + ")";
    }
}
