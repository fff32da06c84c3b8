package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

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

    /** How long past the duration budget the runner waits for stragglers before it gives up on them. */
    static final Duration GRACE = Duration.ofSeconds(60);

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

    /**
     * Runs {@code scenario}.
     *
     * @throws IllegalArgumentException if the workload, store or backend do not match the scenario's names, or the
     *     store does not apply to the backend
     */
    public static RunResult run(
            Scenario scenario, Workload workload, StoreUnderTest sut, Backend backend, Hooks hooks) {
        requireNonNull(scenario, "scenario");
        requireNonNull(workload, "workload");
        requireNonNull(sut, "sut");
        requireNonNull(backend, "backend");
        requireNonNull(hooks, "hooks");
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
        backend.reset();

        try (CasStore setupStore = sut.open(backend, base.withReplicaName("setup"), topo.replicas(), Hooks.NONE)) {
            Worker setup = worker(scenario, workload, recorder, setupStore, setupProcess(topo), topo.replicas(), 0);
            workload.setup(setup, topo, opsPerProcess);
        }

        Hooks workerHooks = hooks == Hooks.NONE ? Hooks.SCHEDULING_POINT : Hooks.all(Hooks.SCHEDULING_POINT, hooks);
        List<CasStore> stores = new ArrayList<>();
        AtomicLong workerOps = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Duration elapsed;
        try {
            for (int r = 0; r < topo.replicas(); r++) {
                stores.add(sut.open(backend, base.withReplicaName("replica-" + r), r, workerHooks));
            }
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
                                        if (System.nanoTime() - deadline[0] >= 0) {
                                            break;
                                        }
                                        if (lockstep != null) {
                                            lockstep.await(process, i);
                                        }
                                        try {
                                            driver.step(i);
                                        } catch (RuntimeException e) {
                                            errors.incrementAndGet();
                                            firstError.compareAndSet(null, e.toString());
                                        }
                                        workerOps.incrementAndGet();
                                    }
                                    errors.addAndGet(w.errors());
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
            long waitNanos =
                    (cap.isZero() ? Duration.ofHours(24) : cap).plus(GRACE).toNanos();
            for (Thread thread : threads) {
                long left = waitNanos - (System.nanoTime() - begin);
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    throw new IllegalStateException("interrupted while running " + scenario, e);
                }
                if (thread.isAlive()) {
                    stop.set(true);
                    threads.forEach(Thread::interrupt);
                    throw new IllegalStateException("worker " + thread.getName() + " of " + scenario
                            + " did not stop within " + cap + " + " + GRACE);
                }
            }
            elapsed = Duration.ofNanos(System.nanoTime() - begin);
        } finally {
            stores.forEach(CasStore::close);
        }

        try (CasStore reader = backend.openReplica(base.withReplicaName("final-reader"))) {
            Worker fin = worker(scenario, workload, recorder, reader, finalReadProcess(topo), topo.replicas() + 1, 0);
            for (ObjectKey key : workload.keys(topo, opsPerProcess)) {
                fin.read(key);
            }
        }

        History history = recorder.history();
        return new RunResult(
                scenario,
                backend.describe(),
                backend.versionsUniqueAcrossKeys(),
                history,
                workerOps.get(),
                conflicts(history),
                errors.get(),
                firstError.get(),
                elapsed);
    }

    /** Lost races: failed match-version writes and deletes, refused creates, and every extra attempt of an update. */
    static long conflicts(History history) {
        long n = 0;
        for (Op op : history.ops()) {
            if (op.outcome().startsWith("Conflict") || op.outcome().startsWith("AlreadyExists")) {
                n++;
            } else if (op.type() == Op.OpType.UPDATE && op.attempts() > 1) {
                n += op.attempts() - (op.status() == Op.Status.OK ? 1 : 0);
            }
        }
        return n;
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
