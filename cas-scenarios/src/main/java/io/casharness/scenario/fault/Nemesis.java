package io.casharness.scenario.fault;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Seeds;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Injects a {@link FaultPlan}'s faults into one run's worker phase, on a thread of its own: after a gap drawn from
 * the run's seed ({@code [0.5, 1.5] x} the plan's interval; the first one {@code [0.1, 0.5] x}, so that a run shorter
 * than the interval, as a run of the default 1,000 ops often is, still meets a fault) it picks one of the faults that apply to the backend,
 * injects it and waits for it to heal, until the worker phase's deadline or {@link #stop}. A fault that does not
 * apply to the backend is recorded once, as a skipped event with the reason, and never injected. The timeline
 * ({@link #events()}) is part of the run's history.
 *
 * <p>Which fault and when are replayable from the seed; what an injection meets (how many connections a kill
 * finds) depends on timing, and is counted in its event. Thread-safe: started and stopped by the runner's thread.
 */
public final class Nemesis {
    /** How long {@link #stop} waits for the injection in progress to heal. */
    public static final Duration HEAL_WAIT = Duration.ofSeconds(30);

    /** The seed stream of the nemesis: process -1 is no worker, setup or final-read process. */
    private static final int PROCESS = -1;

    private static final int STREAM = 2;

    private final Backend backend;
    private final FaultPlan plan;
    private final List<Fault> applicable = new ArrayList<>();
    private final List<FaultEvent> events = new ArrayList<>();
    private final RandomGenerator random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;
    private volatile boolean injecting;
    private volatile long healedNanos;
    private volatile boolean healedOnce;

    /**
     * A nemesis for {@code plan} on {@code backend}; records every fault that does not apply as skipped.
     *
     * @param seed the run's seed
     */
    public Nemesis(FaultPlan plan, Backend backend, long seed) {
        this.plan = requireNonNull(plan, "plan");
        this.backend = requireNonNull(backend, "backend");
        this.random = Seeds.forProcess(seed, PROCESS, STREAM);
        long now = System.nanoTime();
        for (Fault f : plan.faults()) {
            String why = f.skipReason(backend, plan);
            if (why == null) {
                applicable.add(f);
            } else {
                events.add(skipped(f, backend, why, now));
            }
        }
    }

    /** The event that records {@code fault} as skipped on {@code backend}. */
    static FaultEvent skipped(Fault fault, Backend backend, String why, long nanos) {
        return fault.event(backend.name(), nanos, nanos, "skipped: " + why, 0, null);
    }

    /** The faults that will be injected. */
    public List<Fault> applicable() {
        return List.copyOf(applicable);
    }

    /**
     * Starts injecting; no injection starts at or after {@code deadlineNanos} (a {@link System#nanoTime()} instant).
     */
    public synchronized void start(long deadlineNanos) {
        if (thread != null) {
            throw new IllegalStateException("the nemesis was started already");
        }
        thread = new Thread(() -> loop(deadlineNanos), "cas-nemesis");
        thread.setDaemon(true);
        if (!applicable.isEmpty()) {
            thread.start();
        }
    }

    private void loop(long deadlineNanos) {
        try {
            for (boolean first = true; ; first = false) {
                double factor = first ? 0.1 + 0.4 * random.nextDouble() : 0.5 + random.nextDouble();
                long gap = (long) (plan.interval().toNanos() * factor);
                if (stop.await(gap, TimeUnit.NANOSECONDS) || System.nanoTime() - deadlineNanos >= 0) {
                    return;
                }
                Fault f = applicable.get(random.nextInt(applicable.size()));
                FaultEvent e;
                injecting = true;
                try {
                    e = f.inject(backend, random, deadlineNanos);
                } catch (RuntimeException ex) {
                    long now = System.nanoTime();
                    e = f.event(backend.name(), now, now, "threw", 0, String.valueOf(ex));
                } finally {
                    healedNanos = System.nanoTime();
                    healedOnce = true;
                    injecting = false;
                }
                synchronized (events) {
                    events.add(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops scheduling and waits up to {@link #HEAL_WAIT} for the injection in progress to heal.
     *
     * @return whether the nemesis is idle (false: an injection is still in progress after the wait)
     */
    public boolean stop() {
        stop.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || !t.isAlive()) {
            return true;
        }
        try {
            t.join(HEAL_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /**
     * When the last injection healed (a {@link System#nanoTime()} instant): now while one is in progress, the end of
     * the latest one otherwise, or {@code none} if none has run. What a run's grace for calls in flight counts from
     * when a fault outlasted the duration cap: calls that wait out its recovery are not stuck.
     */
    public long healedNanos(long none) {
        if (injecting) {
            return System.nanoTime();
        }
        return healedOnce ? healedNanos : none;
    }

    /** The timeline so far: skipped faults first, then every injection in start order. */
    public List<FaultEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
