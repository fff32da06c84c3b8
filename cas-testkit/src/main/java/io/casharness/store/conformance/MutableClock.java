package io.casharness.store.conformance;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so that stored timestamps can be asserted exactly. Starts at a
 * whole millisecond, and tests move it by whole milliseconds, so that no backend's timestamp precision (PostgreSQL
 * keeps microseconds, SQLite whatever the dialect stores) rounds the value. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final Instant start;
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.start = requireNonNull(start, "start");
        this.now = new AtomicReference<>(start);
    }

    /** 2030-01-02T03:04:05.678Z: far from "now", so a store that ignores the injected clock is caught. */
    public static MutableClock standingStill() {
        return new MutableClock(Instant.parse("2030-01-02T03:04:05.678Z"));
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
