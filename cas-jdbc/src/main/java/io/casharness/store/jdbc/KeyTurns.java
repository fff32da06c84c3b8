package io.casharness.store.jdbc;

import io.casharness.store.ObjectKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns per key among the threads of ONE replica: an update waits (first come, first served) until no other thread
 * of its replica is updating the same key, like a controller's work queue that never hands one key to two workers.
 * Threads of one replica then never conflict with each other; conflicts with other replicas are still caught and
 * retried by the version check. The turn only orders work, it guards nothing: a thread that waits longer than
 * {@code maxWait} goes ahead without it (so a mutation that updates another key cannot deadlock two threads), and
 * the version check keeps that correct.
 *
 * <p>Thread-safe. A key's entry exists only while some thread holds or waits for its turn.
 */
final class KeyTurns {
    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        int users; // guarded by the map's compute on this key
    }

    private final ConcurrentHashMap<ObjectKey, Turn> turns = new ConcurrentHashMap<>();
    private final long maxWaitNanos;

    KeyTurns(long maxWaitNanos) {
        if (maxWaitNanos < 0) {
            throw new IllegalArgumentException("max wait must be >= 0 ns, was " + maxWaitNanos);
        }
        this.maxWaitNanos = maxWaitNanos;
    }

    /** What {@link #take} gives back; pass it to {@link #release}. */
    interface Held {}

    private record Taken(ObjectKey key, Turn turn, boolean locked) implements Held {}

    /**
     * Waits for {@code key}'s turn, at most the configured time.
     *
     * @throws InterruptedException if interrupted while waiting (nothing is held then)
     */
    Held take(ObjectKey key) throws InterruptedException {
        Turn turn = turns.compute(key, (k, current) -> {
            Turn t = current != null ? current : new Turn();
            t.users++;
            return t;
        });
        boolean locked;
        try {
            locked = turn.lock.tryLock(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            leave(key, turn);
            throw e;
        }
        return new Taken(key, turn, locked);
    }

    /** Gives the turn to the next waiting thread. */
    void release(Held held) {
        Taken t = (Taken) held;
        if (t.locked()) {
            t.turn().lock.unlock();
        }
        leave(t.key(), t.turn());
    }

    /** Keys with a holder or a waiter (for tests). */
    int active() {
        return turns.size();
    }

    private void leave(ObjectKey key, Turn turn) {
        turns.computeIfPresent(key, (k, current) -> {
            if (current != turn) {
                return current;
            }
            return --current.users == 0 ? null : current;
        });
    }
}
