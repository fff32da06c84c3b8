package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A backoff that draws its jitter from one worker's own seeded stream ({@link Seeds#JITTER}) whatever random source
 * the retrier offers, so that a store's own {@code update} (the SPI default uses {@code ThreadLocalRandom}) still
 * jitters reproducibly. Not thread-safe: one per worker thread, like its random source.
 */
record SeededBackoff(Backoff base, RandomGenerator random) implements Backoff {
    SeededBackoff {
        requireNonNull(base, "base");
        requireNonNull(random, "random");
    }

    @Override
    public Duration delayBefore(int retry, RandomGenerator ignored) {
        return base.delayBefore(retry, random);
    }

    @Override
    public void onAttempt(boolean conflicted) {
        base.onAttempt(conflicted);
    }
}
