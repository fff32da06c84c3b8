package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.store.ObjectKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-shot pause: the first time replica {@code replica} reaches {@code point} (on {@code key}, if given), its
 * thread signals {@link #awaitReached} and blocks until {@link #release()}. Latches, not sleeps: the interleaving is
 * forced, not hoped for.
 *
 * <pre>{@code
 * Pause a = Pause.when(Hooks.Point.BEFORE_WRITE, 0, key);   // replica 0 has read, not yet written
 * ... start replica 0's update; a.awaitReached(Duration.ofSeconds(5));
 * ... let replica 1 update the same key to completion
 * a.release();                                           // replica 0 now writes from its stale read
 * }</pre>
 *
 * <p>Thread-safe. A paused thread that is never released gives up after {@link #MAX_HOLD} and throws, so a broken
 * test fails instead of hanging.
 */
public final class Pause implements Hooks {
    /** The longest a thread is held. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private final Point point;
    private final int replica;
    private final ObjectKey key;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Pause(Point point, int replica, ObjectKey key) {
        this.point = requireNonNull(point, "point");
        if (replica < 0) {
            throw new IllegalArgumentException("replica must be >= 0, was " + replica);
        }
        this.replica = replica;
        this.key = key;
    }

    /** Pauses {@code replica} the first time it reaches {@code point} on {@code key}. */
    public static Pause when(Point point, int replica, ObjectKey key) {
        return new Pause(point, replica, requireNonNull(key, "key"));
    }

    /** Pauses {@code replica} the first time it reaches {@code point} on any key. */
    public static Pause when(Point point, int replica) {
        return new Pause(point, replica, null);
    }

    @Override
    public void at(Point p, int r, ObjectKey k) {
        if (p != point || r != replica || (key != null && !key.equals(k)) || !armed.compareAndSet(true, false)) {
            return;
        }
        reached.countDown();
        try {
            if (!released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "replica " + r + " held at " + p + " on " + k + " for " + MAX_HOLD + " and never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused at " + p + " on " + k, e);
        }
    }

    /**
     * Waits until the paused replica has reached the point.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean awaitReached(Duration timeout) throws InterruptedException {
        return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isReached() {
        return reached.getCount() == 0;
    }

    /** Lets the paused replica go on (or lets it pass without stopping if it has not arrived yet). */
    public void release() {
        armed.set(false);
        released.countDown();
    }

    @Override
    public String toString() {
        return "Pause[" + point + " replica " + replica + (key == null ? "" : " on " + key) + "]";
    }
}
