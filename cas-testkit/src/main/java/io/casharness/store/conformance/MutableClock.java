package io.casharness.store.conformance;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it forward: the clock the suite injects into every replica. Starts at
 * a whole millisecond, and tests move it by whole milliseconds, so that no backend's timestamp precision (PostgreSQL
 * keeps microseconds, SQLite whatever the dialect stores) rounds the value. The suite never asserts a stored
 * timestamp equal to it (a store may use its database's clock instead); it moves the clock so that a store that does
 * use it sees time pass between writes. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final Instant start;
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.start = requireNonNull(start, "start");
        this.now = new AtomicReference<>(start);
    }

    /** Starts at the wall clock's current millisecond (so that the stamps of a store that uses it are plausible). */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Moves the clock forward by {@code step} and returns the new instant. */
    public Instant advance(Duration step) {
        return now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the clock back to where it started. */
    public void reset() {
        now.set(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
}
