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
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * <b>pause</b>: freezes some of the server processes of the store's connections ({@code SIGSTOP}), for
 * {@value #MIN_MILLIS} to {@value #MAX_MILLIS} ms drawn from the seed, then resumes them ({@code SIGCONT}): the
 * scheduling delay of a slow or descheduled database process, which exposes a version drawn early and committed
 * late. Each backend of the store that is inside a transaction or running a statement is frozen with probability
 * 3/4, each idle one with 1/4 (at least one is frozen), so the others race on meanwhile. Only on a server the harness started on this host (embedded PostgreSQL): the
 * processes must be this host's, and a server given by URL is not the harness's to freeze. A JVM that exits while
 * backends are frozen resumes them first (a shutdown hook).
 */
public final class PauseFault implements Fault {
    static final long MIN_MILLIS = 100;
    static final long MAX_MILLIS = 800;

    /** Backends frozen now: resumed by the shutdown hook if the JVM exits during a pause. */
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
        return "freeze some of the store's server processes (SIGSTOP, " + MIN_MILLIS + "-" + MAX_MILLIS
                + " ms, then SIGCONT); postgres, embedded only";
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
        List<PgTarget.ServerBackend> all;
        try (Connection c = PgTarget.connect(pg)) {
            all = PgTarget.storeBackends(c, pg);
        } catch (SQLException e) {
            return event(PgTarget.describe(pg), start, System.nanoTime(), "failed", 0, PgTarget.oneLine(e));
        }
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
        List<Long> frozen = new ArrayList<>();
        try {
            for (long pid : chosen) {
                FROZEN.add(pid);
                if (PgTarget.signal("STOP", pid)) {
                    frozen.add(pid);
                } else {
                    FROZEN.remove(pid);
                }
            }
            if (!frozen.isEmpty()) {
                Thread.sleep(pause.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (long pid : frozen) {
                PgTarget.signal("CONT", pid);
                FROZEN.remove(pid);
            }
        }
        return event(
                PgTarget.describe(pg),
                start,
                System.nanoTime(),
                "froze " + frozen.size() + " of " + all.size() + " server processes for " + pause.toMillis() + " ms",
                frozen.size(),
                null);
    }
}
