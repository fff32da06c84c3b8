package io.casharness.scenario.fault.jdbc;

import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * host. The server is started again with its own {@code pg_ctl}, as the embedded server is, so the embedded server's
 * stop on close (and its shutdown hook) stops the restarted one: nothing is left behind.
 */
public final class RestartFault implements Fault {
    static final long MIN_DOWN_MILLIS = 100;
    static final long MAX_DOWN_MILLIS = 500;
    /** How long the postmaster may take to shut down, and the restarted one to answer. */
    static final Duration WAIT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "restart";
    }

    /** True: every connection open at the stop fails on its next use, after the server is back. */
    @Override
    public boolean breaksConnections() {
        return true;
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
        List<String> args = List.of(arguments.get());
        int d = args.indexOf("-D");
        Path pgCtl = Path.of(command.get()).resolveSibling("pg_ctl");
        if (d < 0 || d + 1 >= args.size() || !Files.isExecutable(pgCtl)) {
            return failed(
                    target,
                    start,
                    "the postmaster's command line names no data directory (-D) or has no pg_ctl beside it: "
                            + command.get() + " " + String.join(" ", args));
        }
        List<String> options = new ArrayList<>(args);
        String dataDir = options.remove(d + 1);
        options.remove(d);
        List<String> line = new ArrayList<>();
        String me = ProcessHandle.current().info().user().orElse("");
        String owner = info.user().orElse(me);
        if (!owner.equals(me)) {
            // a server of another user (a system PostgreSQL under --allow-restart): started again as that user
            line.addAll(List.of("runuser", "-u", owner, "--"));
        } else if (owner.equals("root")) {
            // PostgreSQL refuses to run as root; the embedded server runs in a user namespace (unshare -U), as
            // io.zonky's EmbeddedPostgres starts it
            line.addAll(List.of("unshare", "-U"));
        }
        // pg_ctl, as the harness's embedded server was started: the same data directory, port and settings
        line.addAll(List.of(
                pgCtl.toString(),
                "-D",
                dataDir,
                "-o",
                String.join(" ", options),
                "-w",
                "-t",
                Long.toString(WAIT.toSeconds()),
                "start"));
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
        Path log = null;
        try {
            Thread.sleep(down);
            log = Files.createTempFile("cas-restart-", ".log");
            Process pgctl = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!pgctl.waitFor(WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
                pgctl.destroyForcibly();
                return failed(target, start, "pg_ctl start did not return within " + WAIT + ": " + tail(log));
            }
            if (pgctl.exitValue() != 0) {
                return failed(target, start, "pg_ctl start exited with " + pgctl.exitValue() + ": " + tail(log));
            }
        } catch (IOException e) {
            return failed(target, start, "could not start the server again: " + PgTarget.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(target, start, "interrupted while the server was down");
        } finally {
            deleteQuietly(log);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = PgTarget.connect(pg)) {
                PgTarget.serverPid(c);
                long end = System.nanoTime();
                return event(
                        target,
                        start,
                        end,
                        "stopped the server (postmaster pid " + oldPid + ", fast shutdown) in "
                                + (stopped - start) / 1_000_000 + " ms, started it again (pg_ctl start) after "
                                + down + " ms down; it answered " + (end - stopped) / 1_000_000
                                + " ms after the stop",
                        1,
                        null);
            } catch (SQLException e) {
                last = PgTarget.oneLine(e);
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

    /** The last line of the restarted server's output, for an error. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file: the system cleans it up
            }
        }
    }

    private FaultEvent failed(String target, long start, String why) {
        return event(target, start, System.nanoTime(), "failed", 0, why);
    }
}
