package io.casharness.scenario;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps worker processes on the same operation number, for workloads where operation {@code i} of every process is
 * one event that every replica reacts to ({@link io.casharness.scenario.workload.Workload#lockstep()}). A process
 * starts operation {@code i} once every process still running has finished operation {@code i - 1}, or once it has
 * waited {@link #maxWait} for a straggler, whichever comes first.
 *
 * <p>Why: without it, processes drift apart. On a loaded machine one thread can be scheduled milliseconds before the
 * others, run far ahead, and be alone on every key it touches; a race that needs two processes on the same
 * operation at the same time then never happens, and a broken store passes. The bounded wait keeps a process that is
 * held on purpose (a {@link Pause}) or stalled from holding up the others for longer than {@code maxWait} per step.
 *
 * <p>Thread-safe; each process calls {@link #await} and {@link #finish} with its own index only.
 */
final class Lockstep {
    /** The default bound on how long a process waits for a straggler before it goes ahead. */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private static final long DONE = Long.MAX_VALUE;
    private static final long POLL_NANOS = 20_000;

    /** Per process: the operation it has reached (is about to start), or {@link #DONE}. */
    private final AtomicLongArray reached;

    private final long maxWaitNanos;

    Lockstep(int processes, Duration maxWait) {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be >= 1, was " + processes);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be > 0, was " + maxWait);
        }
        this.reached = new AtomicLongArray(processes);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Marks {@code process} as about to start operation {@code op} and waits until no running process is still
     * before it, or until {@code maxWait} has passed.
     *
     * @return {@code true} if every running process had caught up, {@code false} if the wait timed out or the thread
     *     was interrupted (its interrupt status is kept)
     */
    boolean await(int process, long op) {
        reached.set(process, op);
        long start = System.nanoTime();
        while (slowest() < op) {
            if (System.nanoTime() - start >= maxWaitNanos
                    || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** Marks {@code process} as finished: nobody waits for it any more. */
    void finish(int process) {
        reached.set(process, DONE);
    }

    private long slowest() {
        long min = DONE;
        for (int i = 0; i < reached.length(); i++) {
            min = Math.min(min, reached.get(i));
        }
        return min;
    }
}
