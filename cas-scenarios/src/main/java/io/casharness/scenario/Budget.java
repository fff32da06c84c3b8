package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a scenario runs: at most {@code ops} logical operations in all (split evenly across the worker
 * processes, so a replay does the same number per process) and at most {@code duration} of wall time, whichever
 * ends first. The op count is always bounded: a run without one would write until the disk is full. The duration
 * is a bound too: the runner stops the workers at the cap and ends, within {@code ScenarioRunner.GRACE}, any call
 * still in flight (see {@link ScenarioRunner}).
 *
 * @param ops total worker operations, 1 to {@value #MAX_OPS}
 * @param duration the wall-time cap, {@link Duration#ZERO} for none (the op count alone bounds the run)
 */
public record Budget(long ops, Duration duration) {
    public static final long MAX_OPS = 100_000_000L;

    public Budget {
        requireNonNull(duration, "duration");
        if (ops < 1 || ops > MAX_OPS) {
            throw new IllegalArgumentException("ops must be between 1 and " + MAX_OPS + ", was " + ops);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
    }

    /**
     * 1,000 operations, capped at 5 seconds: a few seconds per scenario on 2 cores, and enough for every zoo member
     * to be caught (most are caught within the first few hundred operations).
     */
    public static Budget defaults() {
        return new Budget(1_000, Duration.ofSeconds(5));
    }

    /** Operations each of {@code processes} workers performs (rounded up). */
    public long opsPerProcess(int processes) {
        return (ops + processes - 1) / processes;
    }
}
