package io.casharness.store;

import java.time.Duration;

/** Waits between retry attempts. Injected so that tests and replays control time. Thread-safe implementations. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> {
        long nanos = d.toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
