package io.casharness.scenario.fault;

import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.internal.PostgresSource;
import io.casharness.store.jdbc.JdbcBackend;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * <b>restart</b>: stops the PostgreSQL server with a fast shutdown ({@code SIGINT} to the postmaster: every session
 * ends, in-flight transactions roll back, committed ones are durable), keeps it down for {@value #MIN_DOWN_MILLIS}
 * to {@value #MAX_DOWN_MILLIS} ms, and starts it again with the same command line, data directory and port, then
 * waits until it answers. Applies to a server the harness started (embedded PostgreSQL, whose stop on close then
 * stops the restarted server); a server given by URL only with {@code --allow-restart}, and only if it runs on this
 * host. A restarted server that outlives the JVM is stopped by a shutdown hook, so nothing is left behind.
 */
final class RestartFault implements Fault {
    static final long MIN_DOWN_MILLIS = 100;
    static final long MAX_DOWN_MILLIS = 500;
    /** How long the postmaster may take to shut down, and the restarted one to answer. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Servers this fault started: stopped at JVM exit if still running. */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> STARTED.stream().filter(Process::isAlive).forEach(p -> PgTarget.signal("INT", p.pid())),
                        "cas-restarted-server-stop"));
    }

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public String description() {
        return "stop the server (fast shutdown) and start it again; postgres the harness started (a URL's server"
                + " only with --allow-restart)";
    }

    @Override
    public String skipReason(Backend backend, FaultPlan plan) {
        String notPg = PgTarget.notPostgres(name(), backend);
        if (notPg != null) {
            return notPg;
        }
        JdbcBackend pg = PgTarget.postgres(backend);
        PostgresSource.Server owned = pg.ownedServer();
        if (owned == null && !plan.allowRestart()) {
            return "the server was given by URL, not started by the harness: --allow-restart permits restarting it";
        }
        if (owned != null && owned.kind() != PostgresSource.Kind.EMBEDDED) {
            return "restart runs the server's own command line on this host; " + owned.label() + " runs elsewhere";
        }
        return null;
    }

    /** The processes the restarts started that are still alive (for tests). */
    static long alive() {
        return STARTED.stream().filter(Process::isAlive).count();
    }

    @Override
    public FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos) {
        JdbcBackend pg = PgTarget.postgres(backend);
        long start = System.nanoTime();
        String target = "the server of " + pg.describe();
        long down = random.nextLong(MIN_DOWN_MILLIS, MAX_DOWN_MILLIS + 1);
        ProcessHandle postmaster;
        try (Connection c = PgTarget.connect(pg)) {
            long pid = PgTarget.serverPid(c);
            postmaster = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElse(null);
        } catch (SQLException e) {
            return failed(target, start, PgTarget.oneLine(e));
        }
        if (postmaster == null) {
            return failed(target, start, "the server's processes are not on this host");
        }
        ProcessHandle.Info info = postmaster.info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || arguments.isEmpty()) {
            return failed(
                    target, start, "cannot read the command line of the postmaster (pid " + postmaster.pid() + ")");
        }
        List<String> line = new ArrayList<>();
        String me = ProcessHandle.current().info().user().orElse("");
        String owner = info.user().orElse(me);
        if (!owner.equals(me)) {
            // a server of another user (a system PostgreSQL under --allow-restart): started again as that user
            line.addAll(List.of("runuser", "-u", owner, "--"));
        }
        line.add(command.get());
        line.addAll(List.of(arguments.get()));
        long oldPid = postmaster.pid();
        if (!PgTarget.signal("INT", oldPid)) {
            return failed(target, start, "could not signal the postmaster (pid " + oldPid + ")");
        }
        try {
            postmaster.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return failed(target, start, "the postmaster (pid " + oldPid + ") did not stop within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(target, start, "interrupted while the server stopped");
        }
        long stopped = System.nanoTime();
        Process started;
        try {
            Thread.sleep(down);
            started = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            STARTED.add(started);
        } catch (IOException e) {
            return failed(target, start, "could not start the server again: " + PgTarget.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(target, start, "interrupted while the server was down");
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = PgTarget.connect(pg)) {
                PgTarget.serverPid(c);
                long end = System.nanoTime();
                return new FaultEvent(
                        name(),
                        target,
                        start,
                        end,
                        "stopped the server (postmaster pid " + oldPid + ", fast shutdown) in "
                                + (stopped - start) / 1_000_000 + " ms, started it again (pid " + started.pid()
                                + ") after " + down + " ms down; it answered " + (end - stopped) / 1_000_000
                                + " ms after the stop",
                        1,
                        null);
            } catch (SQLException e) {
                last = PgTarget.oneLine(e);
            }
            if (!started.isAlive()) {
                return failed(target, start, "the restarted server exited with " + started.exitValue());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(target, start, "interrupted while the server started");
            }
        }
        return failed(target, start, "the restarted server did not answer within " + WAIT + ": " + last);
    }

    private FaultEvent failed(String target, long start, String why) {
        return new FaultEvent(name(), target, start, System.nanoTime(), "failed", 0, why);
    }
}
