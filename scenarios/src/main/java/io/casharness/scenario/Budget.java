package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a scenario runs: at most {@code ops} logical operations in all (split evenly across the worker
 * processes, so a replay does the same number per process) and at most {@code duration} of wall time, whichever
 * ends first. Zero means "no bound" for either, but not for both.
 *
 * @param ops total worker operations, 0 (unbounded) to {@value #MAX_OPS}
 * @param duration the wall-time cap, {@link Duration#ZERO} for none
 */
public record Budget(long ops, Duration duration) {
    public static final long MAX_OPS = 100_000_000L;

    public Budget {
        requireNonNull(duration, "duration");
        if (ops < 0 || ops > MAX_OPS) {
            throw new IllegalArgumentException("ops must be between 0 and " + MAX_OPS + ", was " + ops);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        if (ops == 0 && duration.isZero()) {
            throw new IllegalArgumentException("a budget needs an op count or a duration (both were 0)");
        }
    }

    /**
     * 1,000 operations, capped at 5 seconds: a few seconds per scenario on 2 cores, and enough for every zoo member
     * to be caught (most are caught within the first few hundred operations).
     */
    public static Budget defaults() {
        return new Budget(1_000, Duration.ofSeconds(5));
    }

    /** Operations each of {@code processes} workers performs (rounded up), or {@code Long.MAX_VALUE} if unbounded. */
    public long opsPerProcess(int processes) {
        return ops == 0 ? Long.MAX_VALUE : (ops + processes - 1) / processes;
    }
}
