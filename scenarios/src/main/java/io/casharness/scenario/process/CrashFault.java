package io.casharness.scenario.process;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import java.util.random.RandomGenerator;

/**
 * <b>crash</b>: kills one replica process, drawn from the nemesis's stream, with SIGKILL (no graceful stop: calls in
 * flight to it end with UNAVAILABLE, so their outcome is unknown and they are recorded as {@code info}, error class
 * {@code CONNECTION_LOST}), starts it again on the same port, and returns once it is ready, so the clients' channels
 * reconnect. Applies to {@code --replica-processes} only: there is no process to kill otherwise. Calls to the other
 * replicas go on; the database (a SQLite file, a PostgreSQL schema) is untouched, so what a crash may lose is only
 * what the store had not committed.
 */
public final class CrashFault implements Fault {
    @Override
    public boolean breaksConnections() {
        // a killed replica's calls in flight fail, and its clients' channels fail until it is back
        return true;
    }

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public String description() {
        return "kill one replica process (SIGKILL) and start it again on its port; --replica-processes";
    }

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        return backend instanceof ReplicaProcesses
                ? null
                : "crash kills a replica process; it applies with --replica-processes, and " + backend.name()
                        + " here runs in this process or elsewhere";
    }

    @Override
    public FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        ReplicaProcesses processes = (ReplicaProcesses) backend;
        int index = processes.pick(random);
        long start = System.nanoTime();
        String target = "replica-" + (index + 1) + " of " + processes.size() + " replica processes";
        try {
            ReplicaProcesses.Crash c = processes.crash(index);
            return event(
                    target,
                    start,
                    System.nanoTime(),
                    "killed " + c.replica() + " (pid " + c.killedPid() + ", SIGKILL) in " + c.killMillis()
                            + " ms, started it again as pid " + c.newPid() + " on port " + c.port() + ", ready after "
                            + c.readyMillis() + " ms",
                    1,
                    null);
        } catch (RuntimeException e) {
            return event(
                    target,
                    start,
                    System.nanoTime(),
                    "failed",
                    0,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
