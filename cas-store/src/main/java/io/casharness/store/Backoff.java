package io.casharness.store;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry. Implementations must be thread-safe: one policy is shared by every thread of a
 * replica. A delay is never negative and never above the backoff's own cap.
 */
public interface Backoff {

    /** No waiting: retry at once. */
    static Backoff none() {
        return ExponentialBackoff.NONE;
    }

    /**
     * The delay before retry number {@code retry} (1 = the first retry, after the first attempt conflicted).
     *
     * @param retry 1 or more
     * @param random the random source of the calling retrier (for jitter)
     */
    Duration delayBefore(int retry, RandomGenerator random);

    /**
     * Told after every attempt whether it conflicted; lets adaptive strategies follow the conflict rate. The default
     * ignores it.
     */
    default void onAttempt(boolean conflicted) {}
}
