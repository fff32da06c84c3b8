package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an update retries: at most {@code maxAttempts} executions, <em>counting the first</em> (5 attempts = 1 + 4
 * retries), with {@code backoff} between them. Immutable and thread-safe; kept apart from the {@link Retrier} that
 * executes it (as in Failsafe).
 *
 * <p>Conflicts are always retried (with a fresh read). Transient database errors (SQLite BUSY, PostgreSQL
 * 40001/40P01: the statement did not apply) are retried too when {@code retryTransientErrors} is set; they use up an
 * attempt. A lost connection is never retried: the write's outcome is unknown.
 *
 * @param maxAttempts 1 to {@value #MAX_ATTEMPTS_BOUND}
 * @param backoff the wait before each retry
 * @param retryTransientErrors whether transient errors are retried like conflicts
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, boolean retryTransientErrors) {

    /** The largest {@code maxAttempts} accepted: beyond this a "bounded" retry is not bounded in practice. */
    public static final int MAX_ATTEMPTS_BOUND = 10_000;

    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private static final RetryPolicy DEFAULTS = new RetryPolicy(
            DEFAULT_MAX_ATTEMPTS, ExponentialBackoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(100)), true);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_BOUND) {
            throw new IllegalArgumentException(
                    "maxAttempts must be between 1 and " + MAX_ATTEMPTS_BOUND + ", was " + maxAttempts);
        }
        requireNonNull(backoff, "backoff");
    }

    /** 5 attempts, exponential backoff with full jitter from 1 ms up to 100 ms, transient errors retried. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, backoff, retryTransientErrors);
    }

    public RetryPolicy withBackoff(Backoff newBackoff) {
        return new RetryPolicy(maxAttempts, newBackoff, retryTransientErrors);
    }

    public RetryPolicy withRetryTransientErrors(boolean retry) {
        return new RetryPolicy(maxAttempts, backoff, retry);
    }
}
