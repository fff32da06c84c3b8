package io.casharness.scenario.fault.proxy;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.FrontedBackend;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A fault that switches the {@link PgFaultProxy} in front of a PostgreSQL backend on for a window drawn from the
 * seed ({@value #MIN_WINDOW_MILLIS} to {@value #MAX_WINDOW_MILLIS} ms, ended by the worker phase's deadline at the
 * latest) and off after it, and reports what the proxy did in that window, from its counters. It applies to a
 * backend opened through the proxy ({@link ProxiedPostgres#open}). Stateless and thread-safe.
 */
abstract sealed class ProxyFault implements Fault permits AckLossFault, SlowFault {
    static final long MIN_WINDOW_MILLIS = 200;
    static final long MAX_WINDOW_MILLIS = 1000;

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        if (!(FrontedBackend.databaseOf(backend) instanceof JdbcBackend j) || j.dialect() != Dialect.POSTGRES) {
            return name() + " acts on PostgreSQL's wire protocol; " + backend.name() + " is not PostgreSQL";
        }
        ProxiedPostgres.Route route = ProxiedPostgres.route(backend);
        if (route == null) {
            return name() + " needs the backend's connections to go through the fault proxy (the main job opens"
                    + " postgres through it when --faults names ack-loss or slow); this one is " + backend.describe();
        }
        if (perOperation() && route.ackLossRate() != plan.rate()) {
            return String.format(
                    Locale.ROOT,
                    "the backend's fault proxy was opened for --fault-rate %s, the plan asks %s",
                    route.ackLossRate(),
                    plan.rate());
        }
        return null;
    }

    @Override
    public final FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        ProxiedPostgres.Route route = ProxiedPostgres.route(backend);
        long now = System.nanoTime();
        if (route == null) {
            return event(backend.name(), now, now, "failed", 0, "the backend's fault proxy is closed");
        }
        long windowNanos = Math.min(
                random.nextLong(MIN_WINDOW_MILLIS, MAX_WINDOW_MILLIS + 1) * 1_000_000L,
                Math.max(0, deadlineNanos - now));
        PgFaultProxy proxy = route.proxy();
        PgFaultProxy.Counters before = proxy.counters();
        long drawnBefore = proxy.writeFaultsDrawn.get();
        String setting = switchOn(route, random);
        long start = System.nanoTime();
        try {
            hold(windowNanos);
        } finally {
            proxy.clear();
        }
        return report(route, new Window(before, drawnBefore, start, System.nanoTime(), setting));
    }

    /**
     * What one injection's window was.
     *
     * @param before the proxy's counters before the fault was switched on
     * @param drawnBefore the proxy's write faults drawn before it
     * @param startNanos when it was on
     * @param endNanos when it was off again
     * @param setting what {@link #switchOn} said it set
     */
    record Window(PgFaultProxy.Counters before, long drawnBefore, long startNanos, long endNanos, String setting) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    /** Switches the fault on in {@code route}'s proxy, drawing its settings from {@code random}; says what it set. */
    abstract String switchOn(ProxiedPostgres.Route route, RandomGenerator random);

    /** The event of a window that has ended (the proxy is clear again), from the proxy's counters. */
    abstract FaultEvent report(ProxiedPostgres.Route route, Window window);

    /** What the events name as the target. */
    static String target(PgFaultProxy proxy) {
        return "connections through the fault proxy on 127.0.0.1:" + proxy.port();
    }

    /** Sleeps {@code nanos}; false if interrupted (the interrupt status is kept). */
    static boolean hold(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
