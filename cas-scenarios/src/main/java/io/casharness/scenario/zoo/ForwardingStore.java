package io.casharness.scenario.zoo;

import static java.util.Objects.requireNonNull;

import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;
import java.util.concurrent.locks.LockSupport;

/**
 * A zoo member's base: every call goes to a correct replica; a member overrides the one call its mistake lives in.
 * {@code update} is the SPI default (the retry loop over this store's own {@code get} and {@code put}) unless
 * overridden, so a broken {@code put} also breaks updates, as it would in application code.
 */
public abstract class ForwardingStore extends ForwardingCasStore {
    private final String member;

    protected ForwardingStore(CasStore delegate, String member) {
        super(delegate);
        this.member = requireNonNull(member, "member");
    }

    /**
     * The gap between two store calls that application code always has — a network round trip, building the
     * entity, a log line. Modelled as a short park ({@value #GAP_NANOS} ns): on a real database the round trip opens
     * the race window by itself; on an in-process model, where a call takes a microsecond, this is what lets another
     * replica run in between, as it would in production. A bare {@code Thread.yield()} was not enough: on two busy
     * cores a whole lockstep race could run with no replica ever scheduled inside another's window.
     */
    protected static void gapBetweenCalls() {
        LockSupport.parkNanos(GAP_NANOS);
    }

    /** How long {@link #gapBetweenCalls()} parks: about one loopback round trip. */
    static final long GAP_NANOS = 100_000;

    @Override
    public String describe() {
        return "zoo:" + member + " over " + delegate.describe();
    }
}
