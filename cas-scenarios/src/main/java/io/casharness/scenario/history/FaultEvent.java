package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One injection of a fault during a run, as the history records it: which fault, what it was aimed at, when it
 * started and ended (on the ops' clock, {@link System#nanoTime()}), what it did and how much of it. A fault whose
 * injection itself failed keeps the error; a history holds every injection, whether it bit or not, so "the fault
 * happened" is a count in the file, not an assumption. Immutable.
 *
 * @param fault the fault's name, e.g. {@code kill}
 * @param target what it was aimed at, e.g. {@code backends of schema cas_0a1b2c3d4e5f}
 * @param startNanos when the injection began
 * @param endNanos when the fault was healed (the server answered again, the lock was released), at least the start
 * @param action what was done, for people: {@code terminated 3 connections}
 * @param count how many things it did that to (connections terminated, backends paused, restarts, locks held)
 * @param error why the injection failed, or {@code null}
 * @param breaksConnections whether the fault breaks the store's connections (its {@code Fault.breaksConnections()}):
 *     a connection it broke fails on its next use, which may come after the injection ended, so the checker leaves a
 *     {@code CONNECTION_LOST} after it, and before the next injection, out of its bound on errors. A file written
 *     before the field existed reads it as the checker did then: true for {@link #BROKE_CONNECTIONS_BEFORE_RECORDED}
 */
public record FaultEvent(
        String fault,
        String target,
        long startNanos,
        long endNanos,
        String action,
        long count,
        String error,
        boolean breaksConnections) {
    /**
     * The faults whose events, in a history written before events recorded {@code breaksConnections}, read as breaking
     * connections: the ones the checker treated so then. Only for reading such files; a fault says it of itself.
     */
    public static final Set<String> BROKE_CONNECTIONS_BEFORE_RECORDED = Set.of("kill", "restart", "ack-loss");

    public FaultEvent {
        requireNonNull(fault, "fault");
        requireNonNull(target, "target");
        requireNonNull(action, "action");
        if (endNanos < startNanos) {
            throw new IllegalArgumentException(
                    "fault " + fault + " ends at " + endNanos + " before it starts at " + startNanos);
        }
        if (count < 0) {
            throw new IllegalArgumentException("fault " + fault + " count must be >= 0, was " + count);
        }
    }

    /** Whether {@code [invokeNanos, completeNanos]} and this fault's span overlap. */
    public boolean overlaps(long invokeNanos, long completeNanos) {
        return invokeNanos <= endNanos && completeNanos >= startNanos;
    }

    /** Whether the injection did something: no error and a count above zero. */
    public boolean bit() {
        return error == null && count > 0;
    }
}
