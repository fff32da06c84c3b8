package io.casharness.scenario.process;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code serve} child process: started with a command line and environment, ready once it prints its
 * {@code serving grpc://HOST:PORT ...} line, its standard error appended to a log file (one file across restarts).
 * Thread-safe: the methods that change the process are synchronized.
 */
final class ReplicaProcess {
    /** {@code serving grpc://127.0.0.1:7001 replica=... pid=...}: the line {@code serve} prints when it listens. */
    static final Pattern READY = Pattern.compile("serving grpc://(\\S+):(\\d+) .*");

    /** The longest a call waits at a time for a process being restarted. */
    static final Duration UP_WAIT = Duration.ofSeconds(1);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private String mode;
    private Process process;
    private int port;
    private int starts;
    private volatile CompletableFuture<Void> up = CompletableFuture.completedFuture(null);

    /**
     * @param command the {@code serve} command line without {@code --mode} and {@code --port}, which each start adds
     * @param mode the gateway mode of the first start ({@link #mode(String)} changes it for the next)
     */
    ReplicaProcess(String name, List<String> command, String mode, Map<String, String> environment, Path log) {
        this.name = requireNonNull(name, "name");
        this.command = List.copyOf(command);
        this.mode = requireNonNull(mode, "mode");
        this.environment = Map.copyOf(environment);
        this.log = requireNonNull(log, "log");
    }

    String name() {
        return name;
    }

    /** The gateway mode the process was (or will next be) started in. */
    synchronized String mode() {
        return mode;
    }

    /** Sets the mode the next {@link #launch} starts the process in. */
    synchronized void mode(String next) {
        mode = requireNonNull(next, "next");
    }

    synchronized int port() {
        return port;
    }

    /** {@code grpc://127.0.0.1:PORT}. */
    synchronized String endpoint() {
        return "grpc://127.0.0.1:" + port;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The exit code of the last process, or -1 while it runs (or before it was started). */
    synchronized int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    /** How many times it was started (1 + the restarts). */
    synchronized int starts() {
        return starts;
    }

    /**
     * Starts the process on {@code port} (0: the system chooses; the port is then the one it printed). Does not wait;
     * {@link #awaitReady} does.
     */
    synchronized CompletableFuture<Integer> launch(int onPort) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + process.pid() + ")");
        }
        List<String> line = new ArrayList<>(command);
        line.add("--mode");
        line.add(mode);
        line.add("--port");
        line.add(Integer.toString(onPort));
        Files.writeString(
                log,
                "--- " + name + " start " + (starts + 1) + ": " + String.join(" ", line) + System.lineSeparator(),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(line)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(environment);
        Process p = pb.start();
        process = p;
        starts++;
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(p, ready), "cas-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        p.onExit()
                .thenRun(() -> ready.completeExceptionally(new IllegalStateException(name + " (pid " + p.pid()
                        + ") exited with " + p.exitValue() + " before it was ready: " + lastLines(log, 3))));
        return ready;
    }

    /** Waits for the ready line of the process {@link #launch} started; records its port. */
    void awaitReady(CompletableFuture<Integer> ready, Duration timeout) {
        try {
            int printed = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                port = printed;
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " (pid " + pid() + ") printed no ready line within "
                    + timeout.toSeconds() + " s: " + lastLines(log, 3));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " started");
        }
    }

    private static void readStdout(Process p, CompletableFuture<Integer> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.matches()) {
                    ready.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            // the process is gone; onExit reports it
        }
    }

    /** Marks the process down: calls through a {@link GatedStore} wait for {@link #markUp}. */
    void markDown() {
        up = new CompletableFuture<>();
    }

    void markUp() {
        up.complete(null);
    }

    /** Waits up to {@link #UP_WAIT} while the process is down. */
    void awaitUp() {
        CompletableFuture<Void> u = up;
        if (u.isDone()) {
            return;
        }
        try {
            u.get(UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still down: the call goes ahead and fails as it would without the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits for the process to be gone. */
    synchronized long kill() {
        Process p = process;
        if (p == null) {
            return -1;
        }
        p.destroyForcibly();
        waitGone(p, Duration.ofSeconds(10));
        return p.pid();
    }

    /**
     * The graceful stop: closes its standard input and sends SIGTERM, then SIGKILL if it is still running after
     * {@code grace}. Returns its exit code (137 after SIGKILL), or -1 if it was not started.
     */
    synchronized int stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return -1;
        }
        signalStop(p);
        if (!waitGone(p, grace)) {
            p.destroyForcibly();
            waitGone(p, Duration.ofSeconds(10));
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    /** Asks the process to stop without waiting: closes its standard input and sends SIGTERM. */
    synchronized void signalStop() {
        if (process != null) {
            signalStop(process);
        }
    }

    private static void signalStop(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // the pipe is broken: the process is gone or going
        }
        p.destroy();
    }

    private static boolean waitGone(Process p, Duration wait) {
        try {
            return p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** The last {@code n} lines of the process's log, joined by " | ", for an error message. */
    static String lastLines(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - n), lines.size());
            return tail.isEmpty() ? "(no output; log " + log + ")" : String.join(" | ", tail) + " (log " + log + ")";
        } catch (IOException e) {
            return "(its log " + log + " could not be read: " + e.getMessage() + ")";
        }
    }
}
