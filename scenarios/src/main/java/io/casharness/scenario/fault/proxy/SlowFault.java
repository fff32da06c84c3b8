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
    String switchOn(ProxiedPostgres.Route route, RandomGenerator random) {
        Duration base = Duration.ofMillis(random.nextLong(MIN_BASE_MILLIS, MAX_BASE_MILLIS + 1));
        route.proxy().slow(base, base, random.nextLong());
        return "by " + base.toMillis() + " ms + U[0, " + base.toMillis() + " ms)";
    }

    @Override
    FaultEvent report(ProxiedPostgres.Route route, Window w) {
        PgFaultProxy.Counters after = route.proxy().counters();
        long delayed = after.requestsDelayed() - w.before().requestsDelayed();
        Duration total = after.totalDelay().minus(w.before().totalDelay());
        String action = String.format(
                Locale.ROOT,
                "delayed %d requests %s for %d ms (%.1f s of delay in all)",
                delayed,
                w.setting(),
                w.millis(),
                total.toMillis() / 1000.0);
        return event(target(route.proxy()), w.startNanos(), w.endNanos(), action, delayed, null);
    }
}
