package io.casharness.store;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits between retry attempts. Injected so that tests and replays control time. Thread-safe implementations. */
@FunctionalInterface
public interface Sleeper {
    /**
     * Parks the thread for the duration. Not {@link Thread#sleep(long, int)}: on JDK 17 it rounds any sub-millisecond
     * wait up to a whole millisecond, ten times a database round trip, which makes fine-grained backoff impossible.
     * {@link LockSupport#parkNanos} honours microseconds (plus the OS timer slack); it may return early, hence the
     * loop to the deadline.
     *
     * @throws InterruptedException if interrupted while waiting (the interrupt flag is cleared, as by sleep)
     */
    Sleeper SYSTEM = d -> {
        long nanos = d.toNanos();
        if (nanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while backing off");
            }
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
