package io.casharness.scenario.fault.proxy;

import io.casharness.scenario.history.FaultEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * <b>slow</b>: for a window drawn from the seed, the fault proxy in front of the server delays every request
 * (reads and writes; the end of each statement's messages, its {@code Sync}) by a base drawn from
 * {@value #MIN_BASE_MILLIS} to {@value #MAX_BASE_MILLIS} ms plus a jitter drawn per request from {@code [0, base)}
 * ({@link PgFaultProxy#slow}): a slow network or a loaded server, which widens every race window without breaking a
 * connection. Counted from the proxy: requests delayed and the delay they were given. PostgreSQL opened through the
 * proxy ({@link ProxiedPostgres}), embedded or given by URL.
 */
public final class SlowFault extends ProxyFault {
    static final long MIN_BASE_MILLIS = 10;
    static final long MAX_BASE_MILLIS = 40;

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public String description() {
        return "delay every statement for " + MIN_WINDOW_MILLIS + "-" + MAX_WINDOW_MILLIS + " ms by " + MIN_BASE_MILLIS
                + "-" + MAX_BASE_MILLIS + " ms plus jitter, by a proxy in front of the server; postgres";
    }

    @Override
    FaultEvent inject(ProxiedPostgres.Route route, RandomGenerator random, long windowNanos) {
        PgFaultProxy proxy = route.proxy();
        Duration base = Duration.ofMillis(random.nextLong(MIN_BASE_MILLIS, MAX_BASE_MILLIS + 1));
        long seed = random.nextLong();
        PgFaultProxy.Counters before = proxy.counters();
        proxy.slow(base, base, seed);
        long start = System.nanoTime();
        try {
            hold(windowNanos);
        } finally {
            proxy.clear();
        }
        long end = System.nanoTime();
        PgFaultProxy.Counters after = proxy.counters();
        long delayed = after.requestsDelayed() - before.requestsDelayed();
        Duration total = after.totalDelay().minus(before.totalDelay());
        String action = String.format(
                Locale.ROOT,
                "delayed %d requests by %d ms + U[0, %d ms) for %d ms (%.1f s of delay in all)",
                delayed,
                base.toMillis(),
                base.toMillis(),
                (end - start) / 1_000_000,
                total.toMillis() / 1000.0);
        return new FaultEvent(name(), target(proxy), start, end, action, delayed, null);
    }
}
