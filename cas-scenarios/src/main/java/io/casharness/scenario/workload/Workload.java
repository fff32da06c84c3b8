package io.casharness.scenario.workload;

import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;
import java.util.List;

/**
 * A pattern of use, modelled on how real services use such a store. A workload names its object kind and keys,
 * creates its initial objects (recorded by the setup process), and gives each worker process a {@link Driver} that
 * performs one logical operation per {@link Driver#step} call, recording every store call through its
 * {@link Worker}.
 *
 * <p>Choices (key, op mix) must come only from {@link Worker#random()}, never from outcomes' timing, except where a
 * workload reacts to what it read (an absent object is re-created): that keeps replays of a seed close. Stateless
 * and thread-safe; per-process state lives in the driver.
 */
public interface Workload {

    /** The name used on the command line: {@code append}, {@code register}, ... */
    String name();

    /** One sentence: what real use this models and which anomaly it exposes. */
    String summary();

    /** The object kind it writes (one per workload, so runs never see each other's objects). */
    String kind();

    /**
     * Every key the workload may touch; the final-read phase reads them all.
     *
     * @param opsPerProcess operations each worker performs (workloads that mint keys size their key space by it)
     * @return by default {@code <kind>/k0 .. k<n-1>} for the topology's n keys
     */
    default List<ObjectKey> keys(Topology topology, long opsPerProcess) {
        return Keys.range(kind(), topology.keys());
    }

    /**
     * Whether operation {@code i} of every process is one shared event that all replicas react to at about the same
     * time (create-race: every controller replica sees the same "session started" event). If so, the runner keeps
     * the processes on the same operation number (see {@code Lockstep}): a process starts operation {@code i} once
     * the others have finished {@code i - 1}, or after a bounded wait. Workloads that pick keys at random do not need
     * it: their processes meet on a key whatever operation number each is at.
     */
    default boolean lockstep() {
        return false;
    }

    /** Creates the objects that must exist before the workers start, through {@code setup}. */
    void setup(Worker setup, Topology topology, long opsPerProcess);

    /** The per-process driver. */
    Driver driver(Worker worker, Topology topology, long opsPerProcess);

    /** How a read of this workload's object is recorded: the tokens it holds and its value. */
    Worker.Observation observe(StoredObject object);

    /** One worker process's loop body. Not thread-safe: one per process. */
    @FunctionalInterface
    interface Driver {
        /** Performs logical operation number {@code i} (0-based) of this process. */
        void step(long i);
    }
}
