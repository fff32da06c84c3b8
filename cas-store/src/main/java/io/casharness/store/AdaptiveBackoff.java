package io.casharness.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Backoff that follows the conflict rate it observes: one shared <em>window</em> grows by {@code increase} after
 * every conflicted attempt and shrinks after every clean one, by the factor that balances the two exactly when the
 * conflict rate equals {@code targetConflictRate}. Under heavy contention the window grows until enough writers
 * are waiting that conflicts fall back to the target; without contention it decays to {@code min} and retries go at
 * once. A static exponential backoff cannot do this: its delays are fixed in advance, far too long for one row on a
 * fast database and too short for sixteen writers on it.
 *
 * <p>The delay before retry {@code n} is drawn uniformly from {@code [0, min(max, window * 2^(n-1))]} (full jitter,
 * and per-update escalation so that one unlucky writer still backs off further each time). A delay is never
 * negative and never above {@code max}.
 *
 * <p>Thread-safe and lock-free: share one instance between every thread of a replica (that is the point, the window
 * is what the replica as a whole has learnt). The window is read and updated with atomic operations only.
 */
public final class AdaptiveBackoff implements Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final double increase;
    private final double decrease;
    private final double targetConflictRate;
    private final AtomicLong windowNanos;

    /**
     * @param initial the window to start with; between {@code min} and {@code max}
     * @param min the smallest window; {@code >= 1 ns}
     * @param max the cap of every delay; {@code >= min}
     * @param increase the factor the window grows by after a conflict; {@code > 1.0} and finite
     * @param targetConflictRate the fraction of attempts allowed to conflict at equilibrium; in {@code (0, 1)}
     * @throws IllegalArgumentException naming the value and its bound
     */
    public AdaptiveBackoff(Duration initial, Duration min, Duration max, double increase, double targetConflictRate) {
        java.util.Objects.requireNonNull(initial, "initial");
        java.util.Objects.requireNonNull(min, "min");
        java.util.Objects.requireNonNull(max, "max");
        if (min.toNanos() < 1) {
            throw new IllegalArgumentException("adaptive backoff min must be >= 1 ns, was " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("adaptive backoff max must be >= min (" + min + "), was " + max);
        }
        if (initial.compareTo(min) < 0 || initial.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "adaptive backoff initial must be between min (" + min + ") and max (" + max + "), was " + initial);
        }
        if (!(increase > 1.0) || Double.isInfinite(increase)) {
            throw new IllegalArgumentException("adaptive backoff increase must be finite and > 1.0, was " + increase);
        }
        if (!(targetConflictRate > 0.0 && targetConflictRate < 1.0)) {
            throw new IllegalArgumentException(
                    "adaptive backoff targetConflictRate must be in (0, 1), was " + targetConflictRate);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.increase = increase;
        // p * ln(increase) = (1 - p) * ln(1 / decrease): the window holds still when the conflict rate is p
        this.decrease = Math.pow(increase, -targetConflictRate / (1.0 - targetConflictRate));
        this.targetConflictRate = targetConflictRate;
        this.windowNanos = new AtomicLong(initial.toNanos());
    }

    /**
     * Window from 1 µs to 50 ms, starting at 50 µs (about one round trip to a local database), growing 1.5× per
     * conflict, aiming at one attempt in five conflicting.
     */
    public static AdaptiveBackoff defaults() {
        return new AdaptiveBackoff(Duration.ofNanos(50_000), Duration.ofNanos(1_000), Duration.ofMillis(50), 1.5, 0.2);
    }

    @Override
    public Duration delayBefore(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, was " + retry);
        }
        long window = windowNanos.get();
        int shift = Math.min(retry - 1, 62);
        long cap = window > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, window << shift);
        return Duration.ofNanos(random.nextLong(cap + 1));
    }

    @Override
    public void onAttempt(boolean conflicted) {
        windowNanos.updateAndGet(w -> {
            double next = conflicted ? Math.ceil(w * increase) : Math.floor(w * decrease);
            return next >= maxNanos ? maxNanos : Math.max(minNanos, (long) next);
        });
    }

    /** The current window in nanoseconds: what the backoff has learnt so far (for reports and tests). */
    public long windowNanos() {
        return windowNanos.get();
    }

    /** The factor the window shrinks by after an attempt that did not conflict. */
    public double decrease() {
        return decrease;
    }

    @Override
    public String toString() {
        return "AdaptiveBackoff[window=" + windowNanos.get() + "ns, min=" + minNanos + "ns, max=" + maxNanos
                + "ns, increase=" + increase + ", target=" + targetConflictRate + "]";
    }
}
