package io.casharness.scenario.fault.jdbc;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.JdbcBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * <b>pause</b>: freezes server processes of the store's connections ({@code SIGSTOP}) for {@value #MIN_MILLIS} to
 * {@value #MAX_MILLIS} ms drawn from the seed, then resumes them ({@code SIGCONT}): the scheduling delay of a slow
 * or descheduled database process, which exposes a version drawn early and committed late.
 *
 * <p>It aims at the window such a mistake leaves open. For up to {@value #CATCH_MILLIS} ms it watches the store's
 * processes for one caught <em>between a read and its write</em>: inside a transaction, between two statements, with
 * nothing written yet (it read or drew a value it will write, and holds no row lock), seen in {@code pg_stat_activity}
 * or in the process title under {@code /proc} (read in microseconds; the window may be one client round trip). It
 * stops each one it sees at once, then looks where it stopped: those still in the window stay frozen (at most half
 * the busy processes), the others moved on before the signal came and are resumed at once; only those, so every other
 * process races on while they sleep and can overtake them. A store whose transactions
 * never open that window (the reference PostgreSQL store writes in single statements) gets the scheduling delay
 * anywhere instead: each process inside a transaction or a statement is frozen with probability 3/4, each idle one
 * with 1/4, at least one.
 *
 * <p>Only on a server the harness started on this host (embedded PostgreSQL): the processes must be this host's, and
 * a server given by URL is not the harness's to freeze. A JVM that exits while processes are frozen resumes them
 * first (a shutdown hook).
 */
public final class PauseFault implements Fault {
    static final long MIN_MILLIS = 100;
    static final long MAX_MILLIS = 800;
    /** How long an injection watches for a process between a read and its write before it freezes anywhere. */
    static final long CATCH_MILLIS = 1000;

    /** How long the watch waits between two looks at the server's processes. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** Processes frozen now: resumed by the shutdown hook if the JVM exits during a pause. */
    private static final Set<Long> FROZEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> FROZEN.forEach(pid -> PgTarget.signal("CONT", pid)), "cas-unpause"));
    }

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public String description() {
        return "freeze the store's server processes caught between a read and its write, else some of them (SIGSTOP, "
                + MIN_MILLIS + "-" + MAX_MILLIS + " ms, then SIGCONT); postgres, embedded only";
    }

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        String notPg = PgTarget.notPostgres(name(), backend);
        if (notPg != null) {
            return notPg;
        }
        return PgTarget.embedded(PgTarget.postgres(backend))
                ? null
                : "pause signals server processes, so it needs a server the harness started on this host (embedded"
                        + " PostgreSQL); this one is " + backend.describe();
    }

    @Override
    public FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        JdbcBackend pg = PgTarget.postgres(backend);
        long start = System.nanoTime();
        Duration pause = Duration.ofMillis(random.nextLong(MIN_MILLIS, MAX_MILLIS + 1));
        // the choice of processes draws from a stream of its own: how many draws it makes depends on what the
        // injection meets, and the nemesis's next gaps and faults must not
        RandomGenerator choice = new SplittableRandom(random.nextLong());
        long watchEnd = start + TimeUnit.MILLISECONDS.toNanos(CATCH_MILLIS);
        if (deadlineNanos - watchEnd < 0) {
            watchEnd = deadlineNanos;
        }
        List<Long> frozen = new ArrayList<>();
        int found = 0;
        long frozenAt = start;
        String where;
        try (Connection c = PgTarget.connect(pg);
                Signals signals = Signals.open()) {
            try {
                List<PgTarget.ServerBackend> all = PgTarget.storeBackends(c, pg);
                found = all.size();
                int cap = Math.max(
                        1,
                        (int) all.stream().filter(PgTarget.ServerBackend::busy).count() / 2);
                long resumeAt = 0;
                while (true) {
                    if (frozen.size() < cap) {
                        List<Long> seen = new ArrayList<>();
                        for (PgTarget.ServerBackend b : all) {
                            // the statistics view is a query's time old; the process title, read just now, is not
                            if (!frozen.contains(b.pid())
                                    && (b.betweenReadAndWrite() || PgTarget.titleSaysIdleInTransaction(b.pid()))) {
                                seen.add(b.pid());
                            }
                        }
                        if (!seen.isEmpty()) {
                            boolean first = frozen.isEmpty();
                            keepThoseStoppedBetween(c, pg, signals, seen, cap, frozen);
                            if (first && !frozen.isEmpty()) {
                                frozenAt = System.nanoTime();
                                resumeAt = frozenAt + pause.toNanos();
                            }
                        }
                    }
                    long now = System.nanoTime();
                    if (frozen.isEmpty() ? now - watchEnd >= 0 : now - resumeAt >= 0) {
                        break;
                    }
                    if (frozen.size() >= cap) {
                        TimeUnit.NANOSECONDS.sleep(resumeAt - now);
                        break;
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                    all = PgTarget.storeBackends(c, pg);
                    found = Math.max(found, all.size());
                }
                if (frozen.isEmpty()) {
                    where = "";
                    frozenAt = System.nanoTime();
                    for (long pid : anywhere(all, choice)) {
                        stop(signals, pid, frozen);
                    }
                    if (!frozen.isEmpty()) {
                        Thread.sleep(pause.toMillis());
                    }
                } else {
                    where = " between a read and its write";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                where = " (interrupted)";
            } finally {
                for (long pid : frozen) {
                    signals.send("CONT", pid);
                    FROZEN.remove(pid);
                }
            }
        } catch (SQLException e) {
            return event(PgTarget.describe(pg), start, System.nanoTime(), "failed", 0, PgTarget.oneLine(e));
        }
        return event(
                PgTarget.describe(pg),
                frozen.isEmpty() ? start : frozenAt,
                System.nanoTime(),
                "froze " + frozen.size() + " of " + found + " server processes" + where + " for " + pause.toMillis()
                        + " ms",
                frozen.size(),
                null);
    }

    /**
     * Stops every one of {@code seen} at once, then asks where each stopped: those still between a read and their
     * write (at most enough to bring {@code frozen} to {@code cap}) stay frozen and join {@code frozen}; the others
     * had moved on before the signal came and are resumed at once, having lost a look's time.
     */
    private static void keepThoseStoppedBetween(
            Connection c, JdbcBackend pg, Signals signals, List<Long> seen, int cap, List<Long> frozen)
            throws SQLException {
        List<Long> stopped = new ArrayList<>();
        for (long pid : seen) {
            stop(signals, pid, stopped);
        }
        if (stopped.isEmpty()) {
            return;
        }
        Set<Long> between;
        try {
            between = PgTarget.storeBackends(c, pg).stream()
                    .filter(PgTarget.ServerBackend::betweenReadAndWrite)
                    .map(PgTarget.ServerBackend::pid)
                    .collect(Collectors.toSet());
        } catch (SQLException e) {
            frozen.addAll(stopped); // the caller's finally resumes them
            throw e;
        }
        for (long pid : stopped) {
            if (between.contains(pid) && frozen.size() < cap) {
                frozen.add(pid);
            } else {
                signals.send("CONT", pid);
                FROZEN.remove(pid);
            }
        }
    }

    /** Stops {@code pid}, recording it in {@code into} (and for the shutdown hook) if the signal was delivered. */
    private static void stop(Signals signals, long pid, List<Long> into) {
        FROZEN.add(pid);
        if (signals.send("STOP", pid)) {
            into.add(pid);
        } else {
            FROZEN.remove(pid);
        }
    }

    /** Processes to freeze when none was caught between a read and its write: busy 3/4, idle 1/4, at least one. */
    private static List<Long> anywhere(List<PgTarget.ServerBackend> all, RandomGenerator random) {
        List<Long> chosen = new ArrayList<>();
        for (PgTarget.ServerBackend b : all) {
            if (random.nextInt(4) < (b.busy() ? 3 : 1)) {
                chosen.add(b.pid());
            }
        }
        if (chosen.isEmpty() && !all.isEmpty()) {
            PgTarget.ServerBackend first = all.stream()
                    .filter(PgTarget.ServerBackend::busy)
                    .findFirst()
                    .orElse(all.get(0));
            chosen.add(first.pid());
        }
        return chosen;
    }
}
