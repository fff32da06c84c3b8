package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff: {@code min(max, initial * multiplier^(retry-1))}, optionally with jitter.
 *
 * <p>{@link Jitter#FULL} draws uniformly from {@code [0, cap]} (the "full jitter" of the AWS architecture blog),
 * which spreads colliding writers best; {@link Jitter#EQUAL} draws from {@code [cap/2, cap]}; {@link Jitter#NONE}
 * waits exactly {@code cap}. Immutable and thread-safe.
 *
 * @param initial the cap before the first retry; {@code >= 0}
 * @param max the largest cap; {@code >= initial} and at most {@link #MAX_DELAY}
 * @param multiplier growth per retry; {@code >= 1.0}
 * @param jitter how to randomise within the cap
 */
public record ExponentialBackoff(Duration initial, Duration max, double multiplier, Jitter jitter) implements Backoff {

    /**
     * The largest {@code max} accepted. A bound keeps every cap far below {@code Long.MAX_VALUE} nanoseconds, so that
     * neither the cap nor the jitter draw can overflow.
     */
    public static final Duration MAX_DELAY = Duration.ofDays(1);

    static final ExponentialBackoff NONE = new ExponentialBackoff(Duration.ZERO, Duration.ZERO, 1.0, Jitter.NONE);

    /** How to randomise a delay within its cap. */
    public enum Jitter {
        NONE,
        EQUAL,
        FULL
    }

    public ExponentialBackoff {
        requireNonNull(initial, "initial");
        requireNonNull(max, "max");
        requireNonNull(jitter, "jitter");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initial backoff must be >= 0, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff must be >= initial backoff (" + initial + "), was " + max);
        }
        if (max.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("max backoff must be at most " + MAX_DELAY + ", was " + max);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1.0, was " + multiplier);
        }
    }

    /** Exponential with full jitter: the recommended default. */
    public static ExponentialBackoff fullJitter(Duration initial, Duration max) {
        return new ExponentialBackoff(initial, max, 2.0, Jitter.FULL);
    }

    /** The upper bound of the delay before retry {@code retry}, in nanoseconds. */
    public long capNanos(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, was " + retry);
        }
        long maxNanos = max.toNanos();
        double cap = initial.toNanos() * Math.pow(multiplier, retry - 1);
        return cap >= maxNanos ? maxNanos : (long) cap;
    }

    @Override
    public Duration delayBefore(int retry, RandomGenerator random) {
        long cap = capNanos(retry);
        if (cap == 0) {
            return Duration.ZERO;
        }
        long nanos = switch (jitter) {
            case NONE -> cap;
            case FULL -> random.nextLong(cap + 1);
            case EQUAL -> cap / 2 + random.nextLong(cap - cap / 2 + 1);
        };
        return Duration.ofNanos(nanos);
    }
}
