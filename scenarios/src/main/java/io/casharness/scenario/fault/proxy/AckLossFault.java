package io.casharness.scenario.fault.proxy;

import io.casharness.scenario.history.FaultEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * <b>ack-loss</b>: for a window drawn from the seed, the fault proxy in front of the server loses the
 * acknowledgement of a fraction ({@code --fault-rate}) of write requests, half cut before their {@code Sync} (the
 * server never commits them) and half with the reply dropped after the server answered (it committed, unless the
 * statement failed), the connection closed either way ({@link PgFaultProxy#ackLoss}). The store sees
 * {@code CONNECTION_LOST} with the outcome unknown and the history an {@code info} op: the indeterminate outcome the
 * checker judges by assignment. Counted from the proxy: requests cut, replies dropped (and of those, after a
 * commit). PostgreSQL opened through the proxy ({@link ProxiedPostgres}), embedded or given by URL.
 */
public final class AckLossFault extends ProxyFault {
    /** How long after its window an injection waits for the replies it chose to drop to be swallowed. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private static final long POLL_NANOS = 10_000_000;

    @Override
    public boolean breaksConnections() {
        // a cut connection fails on its next use, which may come any time before the next injection
        return true;
    }

    @Override
    public String name() {
        return "ack-loss";
    }

    @Override
    public String description() {
        return "lose the acknowledgement of a fraction (--fault-rate) of writes for " + MIN_WINDOW_MILLIS + "-"
                + MAX_WINDOW_MILLIS + " ms: the request cut before commit or the reply dropped after it, by a proxy"
                + " in front of the server; postgres";
    }

    @Override
    public boolean perOperation() {
        return true;
    }

    @Override
    String switchOn(ProxiedPostgres.Route route, RandomGenerator random) {
        route.proxy().ackLoss(route.ackLossRate(), random.nextLong());
        return "at rate " + route.ackLossRate();
    }

    @Override
    FaultEvent report(ProxiedPostgres.Route route, Window w) {
        PgFaultProxy proxy = route.proxy();
        PgFaultProxy.Counters before = w.before();
        PgFaultProxy.Counters atEnd = proxy.counters();
        long drawn = proxy.writeFaultsDrawn.get() - w.drawnBefore();
        // a dropped reply is counted once its ReadyForQuery is swallowed, which may come after the window
        long settleUntil = System.nanoTime() + SETTLE.toNanos();
        while (proxy.counters().acknowledgementsLost() - before.acknowledgementsLost() < drawn
                && System.nanoTime() - settleUntil < 0
                && hold(POLL_NANOS)) {
            // polled: the proxy's connections count as they finish
        }
        PgFaultProxy.Counters after = proxy.counters();
        long cut = after.requestsCut() - before.requestsCut();
        long dropped = after.repliesDropped() - before.repliesDropped();
        long committed = after.repliesDroppedAfterCommit() - before.repliesDroppedAfterCommit();
        long encrypted = atEnd.encryptedConnections() - before.encryptedConnections();
        long pending = drawn - cut - dropped;
        String action = String.format(
                Locale.ROOT,
                "lost the acknowledgement of %d of %d write requests in %d ms %s: %d cut before commit, %d"
                        + " replies dropped (%d after commit), each connection closed%s%s",
                cut + dropped,
                atEnd.writeRequests() - before.writeRequests(),
                w.millis(),
                w.setting(),
                cut,
                dropped,
                committed,
                pending > 0 ? "; " + pending + " chosen whose reply never came" : "",
                encrypted > 0 ? "; " + encrypted + " encrypted connections passed through unread" : "");
        return event(target(proxy), w.startNanos(), w.endNanos(), action, cut + dropped, null);
    }
}
