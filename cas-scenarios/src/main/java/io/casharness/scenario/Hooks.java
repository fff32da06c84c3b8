package io.casharness.scenario;

import io.casharness.store.ObjectKey;
import java.util.List;

/**
 * Points in a replica's operations where a test or a demo may step in: after a read returned, before a write (or
 * delete) is sent, after it returned. {@link Pause} uses them to hold one replica at a chosen point, so a race
 * becomes a script. Implementations must be thread-safe; {@link #NONE} does nothing.
 */
@FunctionalInterface
public interface Hooks {
    Hooks NONE = (point, replica, key) -> {};

    /**
     * A scheduling point ({@link Thread#yield()}) after every read. Between a read and the write that follows it a
     * real replica always spends a round trip, during which other replicas run; on the in-process model a call
     * takes a microsecond and, on a busy machine, a thread can finish its whole share before another is scheduled,
     * so nothing ever races. The runner adds this to every replica so that contention does not depend on the
     * machine's load.
     */
    Hooks SCHEDULING_POINT = (point, replica, key) -> {
        if (point == Point.AFTER_READ) {
            Thread.yield();
        }
    };

    /** Where in an operation a hook runs. */
    enum Point {
        /** A read ({@code get}) has returned its object to the replica. */
        AFTER_READ,
        /** A write or delete is about to be sent. */
        BEFORE_WRITE,
        /** A write or delete has returned. */
        AFTER_WRITE
    }

    /** Called on the replica's own thread; may block it (that is the point). */
    void at(Point point, int replica, ObjectKey key);

    /** Runs every hook in order. */
    static Hooks all(Hooks... hooks) {
        List<Hooks> list = List.of(hooks);
        return (point, replica, key) -> list.forEach(h -> h.at(point, replica, key));
    }
}
