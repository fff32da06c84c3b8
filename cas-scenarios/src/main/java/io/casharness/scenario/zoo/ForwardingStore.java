package io.casharness.scenario.zoo;

import static java.util.Objects.requireNonNull;

import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;

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
     * entity, a log line. Modelled as a scheduling point: on a real database the round trip opens the race window
     * by itself; on the in-process model, where a call takes a microsecond, this is what lets another replica run
     * in between, as it would in production.
     */
    protected static void gapBetweenCalls() {
        Thread.yield();
    }

    @Override
    public String describe() {
        return "zoo:" + member + " over " + delegate.describe();
    }
}
