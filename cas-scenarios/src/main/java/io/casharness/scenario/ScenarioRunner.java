package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.fault.Nemesis;
import io.casharness.scenario.history.Conflicts;
import io.casharness.scenario.history.History;
import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.Workload;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ExponentialBackoff;
import io.casharness.store.ObjectKey;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs one {@link Scenario}:
 *
 * <ol>
 *   <li>{@link Backend#reset()} so the run starts empty;
 *   <li><b>setup</b>: process {@code P} (= replicas x threads), replica index {@code replicas}, creates the
 *       workload's initial objects through the store under test;
 *   <li><b>workers</b>: one store per replica ({@link StoreUnderTest#open}, each with its own pool, with
 *       {@link Hooks#SCHEDULING_POINT} and the caller's hooks), {@code threads} threads per replica released
 *       together; process {@code r * threads + t}; each runs its share of the op budget, or until the duration is
 *       up; kept on the same operation number by a {@link Lockstep} if the workload asks for it;
 *   <li><b>final reads</b>: process {@code P + 1}, replica index {@code replicas + 1}, reads every key of the
 *       workload through a <em>reference</em> replica, after every worker has stopped: the database's true final
 *       state, whatever the store under test would have answered.
 * </ol>
 *
 * Every store call is recorded (see {@link Worker}). Thread-safe: runs share nothing but the backend.
 */
public final class ScenarioRunner {
    /** Update retries: 10 attempts, full jitter from 0.1 ms up to 10 ms. */
    public static final RetryPolicy RETRY =
            new RetryPolicy(10, ExponentialBackoff.fullJitter(Duration.ofNanos(100_000), Duration.ofMillis(10)), true);

    /**
     * How long past the duration cap a run may take: the workers stop starting operations at the cap; calls still
     * in flight after the cap + grace are ended by closing their stores, and the run is recorded as broken. When a
     * fault's injection heals after the cap, the grace counts from its heal instead (at most
     * {@link Nemesis#HEAL_WAIT} later): calls waiting out its recovery are not stuck.
     */
    public static final Duration GRACE = Duration.ofSeconds(5);

    /** How often a final read is tried before the run is recorded as broken. */
    static final int FINAL_READ_ATTEMPTS = 3;

    /**
     * How often the reset and the opening of pools are tried (a server restarted by a fault may refuse the first
     * connections), {@link #RETRY_PAUSE} apart, before the run is recorded as broken.
     */
    static final int PHASE_ATTEMPTS = 3;

    static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    /** No fault starts in the last this-much (at most a quarter) of the worker phase, so the run ends healed. */
    static final Duration HEAL_MARGIN = Duration.ofSeconds(2);

    private static final Duration POLL = Duration.ofMillis(50);

    private ScenarioRunner() {}

    /** The process id of the setup phase. */
    public static int setupProcess(Topology t) {
        return t.processes();
    }

    /** The process id of the final-read phase. */
    public static int finalReadProcess(Topology t) {
        return t.processes() + 1;
    }

    /** Runs {@code scenario} with no hooks. */
    public static RunResult run(Scenario scenario, Workload workload, StoreUnderTest sut, Backend backend) {
        return run(scenario, workload, sut, backend, Hooks.NONE);
    }

    /** Runs {@code scenario} with {@code hooks}, never cancelled. */
    public static RunResult run(
            Scenario scenario, Workload workload, StoreUnderTest sut, Backend backend, Hooks hooks) {
        return run(scenario, workload, sut, backend, hooks, () -> false);
    }

    /**
     * Runs {@code scenario}. A failure outside the workers' store calls (the reset, the setup, opening the
     * replicas, the final reads), workers that outlive the duration cap by more than {@link #GRACE}, or
     * {@code cancelled} turning true, ends the run early: the result then carries the {@link RunResult#error()} and
     * the history recorded so far.
     *
     * @param cancelled polled by the workers and the runner; once true the run stops as soon as it can
     * @throws IllegalArgumentException if the workload, store or backend do not match the scenario's names, or the
     *     store does not apply to the backend
     */
    public static RunResult run(
            Scenario scenario,
            Workload workload,
            StoreUnderTest sut,
            Backend backend,
            Hooks hooks,
            BooleanSupplier cancelled) {
        requireNonNull(scenario, "scenario");
        requireNonNull(workload, "workload");
        requireNonNull(sut, "sut");
        requireNonNull(backend, "backend");
        requireNonNull(hooks, "hooks");
        requireNonNull(cancelled, "cancelled");
        check(scenario.workload(), workload.name(), "workload");
        check(scenario.store(), sut.name(), "store");
        check(scenario.backend(), backend.name(), "backend");
        if (!sut.appliesTo(backend.name())) {
            throw new IllegalArgumentException(sut.name() + " does not apply to backend " + backend.name());
        }
        Topology topo = scenario.topology();
        long opsPerProcess = scenario.budget().opsPerProcess(topo.processes());
        HistoryRecorder recorder = new HistoryRecorder();
        StoreOptions base = StoreOptions.defaults();
        Workers workers = new Workers();
        Nemesis nemesis = new Nemesis(scenario.faults(), backend, scenario.seed());
        String error = null;
        try {
            retried("reset of the backend", backend::reset);
            setup(scenario, workload, sut, backend, recorder, base, opsPerProcess);
            error = work(
                    scenario,
                    workload,
                    sut,
                    backend,
                    hooks,
                    cancelled,
                    recorder,
                    base,
                    opsPerProcess,
                    workers,
                    nemesis);
            if (error == null) {
                error = finalReads(scenario, workload, backend, recorder, base, opsPerProcess);
            }
        } catch (Broken e) {
            error = e.getMessage();
        }
        History history = recorder.history();
        return new RunResult(
                scenario,
                backend.describe(),
                sut.versionsUniqueAcrossKeys(backend),
                sut.versionsRiseAcrossIncarnations(backend),
                history,
                workers.ops.get(),
                Conflicts.count(history),
                workers.errors.get(),
                workers.firstError.get(),
                workers.elapsed,
                error,
                nemesis.events());
    }

    /** Counts of the worker phase, shared by the worker threads. */
    private static final class Workers {
        final AtomicLong ops = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        Duration elapsed = Duration.ZERO;
    }

    /** A phase outside the workers failed: the run is recorded as broken with the history so far. */
    private static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message, null, false, false);
        }
    }

    private static void phase(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            throw new Broken(what + " failed: " + oneLine(e));
        }
    }

    /** {@link #phase}, tried up to {@link #PHASE_ATTEMPTS} times. */
    private static void retried(String what, Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                phase(what, step);
                return;
            } catch (Broken e) {
                if (attempt >= PHASE_ATTEMPTS) {
                    throw new Broken(
                            e.getMessage() + " (" + attempt + " attempts, " + RETRY_PAUSE.toMillis() + " ms apart)");
                }
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Creates the workload's objects; a setup write that did not apply breaks the run (what it set up is wrong). */
    private static void setup(
            Scenario scenario,
            Workload workload,
            StoreUnderTest sut,
            Backend backend,
            HistoryRecorder recorder,
            StoreOptions base,
            long opsPerProcess) {
        Topology topo = scenario.topology();
        int process = setupProcess(topo);
        phase("setup", () -> {
            try (CasStore setupStore = sut.open(backend, base.withReplicaName("setup"), topo.replicas(), Hooks.NONE)) {
                Worker setup = worker(scenario, workload, recorder, setupStore, process, topo.replicas(), 0);
                workload.setup(setup, topo, opsPerProcess);
            }
        });
        long writes = 0;
        long failed = 0;
        Op first = null;
        for (Op op : recorder.history().ops()) {
            if (op.process() != process || !op.isWrite()) {
                continue;
            }
            writes++;
            if (op.status() != Op.Status.OK) {
                failed++;
                first = first == null ? op : first;
            }
        }
        if (failed > 0) {
            throw new Broken("setup failed: " + failed + " of " + writes + " setup writes did not apply, so the"
                    + " workload's objects do not exist as it assumes; first: " + first.outcomeName()
                    + (first.error() == null ? "" : " " + first.error()) + " on " + first.key());
        }
    }

    /** Runs the workers; returns why the phase broke, or null. */
    private static String work(
            Scenario scenario,
            Workload workload,
            StoreUnderTest sut,
            Backend backend,
            Hooks hooks,
            BooleanSupplier cancelled,
            HistoryRecorder recorder,
            StoreOptions base,
            long opsPerProcess,
            Workers counts,
            Nemesis nemesis) {
        Topology topo = scenario.topology();
        Hooks workerHooks = hooks == Hooks.NONE ? Hooks.SCHEDULING_POINT : Hooks.all(Hooks.SCHEDULING_POINT, hooks);
        List<CasStore> stores = new ArrayList<>();
        try {
            retried("opening the replicas", () -> {
                closeAll(stores);
                stores.clear();
                for (int r = 0; r < topo.replicas(); r++) {
                    stores.add(sut.open(backend, base.withReplicaName("replica-" + r), r, workerHooks));
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            Lockstep lockstep = workload.lockstep() ? new Lockstep(topo.processes(), Lockstep.MAX_WAIT) : null;
            AtomicBoolean stop = new AtomicBoolean();
            long[] deadline = {Long.MAX_VALUE};
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < topo.replicas(); r++) {
                for (int t = 0; t < topo.threads(); t++) {
                    int process = r * topo.threads() + t;
                    Worker w = worker(scenario, workload, recorder, stores.get(r), process, r, t);
                    Workload.Driver driver = workload.driver(w, topo, opsPerProcess);
                    Thread thread = new Thread(
                            () -> {
                                try {
                                    start.await();
                                    for (long i = 0; i < opsPerProcess && !stop.get(); i++) {
                                        if (System.nanoTime() - deadline[0] >= 0 || cancelled.getAsBoolean()) {
                                            break;
                                        }
                                        if (lockstep != null) {
                                            lockstep.await(process, i);
                                        }
                                        try {
                                            driver.step(i);
                                        } catch (RuntimeException e) {
                                            counts.errors.incrementAndGet();
                                            counts.firstError.compareAndSet(null, e.toString());
                                        }
                                        counts.ops.incrementAndGet();
                                    }
                                    counts.errors.addAndGet(w.errors());
                                    if (w.errors() > 0 && w.firstError() != null) {
                                        counts.firstError.compareAndSet(null, w.firstError());
                                    }
                                } catch (InterruptedException e) {
                                    // interrupted before the start: the run is being abandoned
                                } finally {
                                    if (lockstep != null) {
                                        lockstep.finish(process);
                                    }
                                }
                            },
                            "cas-" + scenario.store() + "-r" + r + "-t" + t);
                    thread.setDaemon(true);
                    threads.add(thread);
                }
            }
            threads.forEach(Thread::start);
            long begin = System.nanoTime();
            Duration cap = scenario.budget().duration();
            deadline[0] = cap.isZero() ? begin + Long.MAX_VALUE / 2 : begin + cap.toNanos();
            start.countDown();
            // the last injection starts early enough to heal while the workers still run (a restart takes seconds)
            nemesis.start(
                    cap.isZero() ? deadline[0] : deadline[0] - Math.min(HEAL_MARGIN.toNanos(), cap.toNanos() / 4));
            String error = null;
            long capEnd = begin + cap.toNanos();
            // the grace counts from the cap, or from the heal of an injection that outlasted it (a server restart
            // under load and the pools' new connections take seconds), at most HEAL_WAIT after the cap
            LongSupplier bound = () -> cap.isZero()
                    ? Long.MAX_VALUE
                    : capEnd
                            + Math.min(Math.max(0, nemesis.healedNanos(capEnd) - capEnd), Nemesis.HEAL_WAIT.toNanos())
                            + GRACE.toNanos();
            if (!joinAll(threads, bound, cancelled)) {
                // calls still in flight past the cap + grace (an outage, a pool wait, a lock that is never
                // released): closing the stores ends them, so the run keeps its bound and its history
                stop.set(true);
                long healedAfterCap = nemesis.healedNanos(capEnd) - capEnd;
                error = cancelled.getAsBoolean()
                        ? "interrupted: the run was cancelled while its workers were running"
                        : "the workers did not stop within the duration cap (" + cap.toMillis() + " ms) + grace ("
                                + GRACE.toMillis() + " ms"
                                + (healedAfterCap > 0
                                        ? ", counted from the last fault's heal " + healedAfterCap / 1_000_000
                                                + " ms after the cap"
                                        : "")
                                + "): calls were still in flight, so their stores were closed";
                closeAll(stores);
                long again = System.nanoTime() + GRACE.toNanos();
                if (!joinAll(threads, () -> again, () -> false)) {
                    threads.forEach(Thread::interrupt);
                    List<String> alive = threads.stream()
                            .filter(Thread::isAlive)
                            .map(Thread::getName)
                            .toList();
                    error += "; " + alive.size() + " worker(s) still did not return within another " + GRACE.toMillis()
                            + " ms after their stores were closed: " + alive;
                }
            } else if (cancelled.getAsBoolean()) {
                error = "interrupted: the run was cancelled, its workers stopped early";
            }
            if (!nemesis.stop()) {
                error = (error == null ? "" : error + "; ") + "a fault did not heal within "
                        + Nemesis.HEAL_WAIT.toSeconds() + " s after the workers stopped";
            }
            counts.elapsed = Duration.ofNanos(System.nanoTime() - begin);
            return error;
        } finally {
            nemesis.stop();
            closeAll(stores);
        }
    }

    /**
     * Joins every thread by the {@code bound} (a {@link System#nanoTime()} instant), giving up early once
     * {@code cancelled} says so; returns whether all of them ended.
     */
    /** Joins every thread until {@code bound} (re-read at each poll, so it may move later); whether all ended. */
    private static boolean joinAll(List<Thread> threads, LongSupplier bound, BooleanSupplier cancelled) {
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                long b = bound.getAsLong();
                long left = b == Long.MAX_VALUE ? Long.MAX_VALUE : b - System.nanoTime();
                if (left <= 0 || cancelled.getAsBoolean()) {
                    return threads.stream().noneMatch(Thread::isAlive);
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, Math.min(left, POLL.toNanos()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private static void closeAll(List<CasStore> stores) {
        for (CasStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing twice, or a pool that fails to close: the run's outcome is already decided
            }
        }
    }

    /**
     * Reads every key through a fresh reference replica, each up to {@link #FINAL_READ_ATTEMPTS} times: the
     * database's true final state. Returns why it broke, or null.
     */
    private static String finalReads(
            Scenario scenario,
            Workload workload,
            Backend backend,
            HistoryRecorder recorder,
            StoreOptions base,
            long opsPerProcess) {
        Topology topo = scenario.topology();
        String[] error = {null};
        retried("the final reads", () -> {
            try (CasStore reader = backend.openReplica(base.withReplicaName("final-reader"))) {
                Worker fin =
                        worker(scenario, workload, recorder, reader, finalReadProcess(topo), topo.replicas() + 1, 0);
                for (ObjectKey key : workload.keys(topo, opsPerProcess)) {
                    boolean read = false;
                    for (int attempt = 0; attempt < FINAL_READ_ATTEMPTS && !read; attempt++) {
                        read = fin.read(key).completed();
                    }
                    if (!read) {
                        error[0] = "the final read of " + key + " failed " + FINAL_READ_ATTEMPTS
                                + " times, so the final state is unknown; last: " + fin.firstError();
                        return;
                    }
                }
            }
        });
        return error[0];
    }

    /** One line: the exception and its causes, without a stack trace. */
    public static String oneLine(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
            if (b.length() > 600) {
                break;
            }
        }
        return b.toString();
    }

    private static Worker worker(
            Scenario scenario,
            Workload workload,
            HistoryRecorder recorder,
            CasStore store,
            int process,
            int replica,
            int thread) {
        RetryPolicy policy = RETRY.withBackoff(
                new SeededBackoff(RETRY.backoff(), Seeds.forProcess(scenario.seed(), process, Seeds.JITTER)));
        return new Worker(
                store,
                recorder.process(process, replica, thread),
                Seeds.forProcess(scenario.seed(), process, Seeds.CHOICES),
                policy,
                workload::observe);
    }

    private static void check(String named, String actual, String what) {
        if (!named.equals(actual)) {
            throw new IllegalArgumentException(
                    "scenario names " + what + " \"" + named + "\" but was given \"" + actual + "\"");
        }
    }
}
