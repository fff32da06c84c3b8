package io.casharness.scenario.process;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.GrpcBackend;
import io.casharness.grpc.GrpcBackendProvider;
import io.casharness.scenario.fault.FrontedBackend;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * N {@code serve} processes over one database, and the backend whose i-th replica talks to process {@code i mod N}
 * over the store protocol ({@link GrpcBackend}): the topology of a service's replicas, each a separate process with its
 * own pool, sharing one SQLite file or one PostgreSQL schema.
 *
 * <p>The database is {@code served}, opened by the parent (which migrates it first, and alone drops the schema or
 * deletes the temporary file it created, on close); each child joins it ({@link #childBackend}). Nothing is left
 * running: {@link #close()}, a failed {@link #start}, and a shutdown hook (Ctrl-C of the parent) stop every child
 * (standard input closed and SIGTERM, then SIGKILL after {@link #GRACE}); a parent killed outright closes the children's
 * standard input with its death, and {@code serve --stop-on-stdin-eof} stops on that. Reset goes through the protocol
 * (the children run with {@code --allow-reset}).
 *
 * <p>The children start in the {@value #REFERENCE_MODE} gateway mode; a replica opened in another mode
 * ({@link #openReplica(StoreOptions, String)}: a gateway zoo member's mistaken handler) first has every child stopped
 * and started again on its port in that mode, so the mistake lives in the processes, as in a deployed service.
 * Faults that act on the database ({@link FrontedBackend}) act on {@code served}, whose server the children share.
 *
 * <p>Thread-safe.
 */
public final class ReplicaProcesses implements Backend, FrontedBackend {
    /** The mode the children start in, and serve every replica opened by {@link #openReplica(StoreOptions)}. */
    public static final String REFERENCE_MODE = "reference";

    /** The bound of {@code --replica-processes}. */
    public static final int MAX_PROCESSES = 16;

    /** How long a child may take to print its ready line (a JVM start and a backend open, on a loaded machine). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** How long a child may take to stop after SIGTERM before it is killed. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    /** Writes and reads of its own key each child serves once it is up, before a run's first call: {@link #warmUp}. */
    static final int WARM_UP_ROUNDS = 25;

    /** The JVM options of a child: a small heap and a fast start (a gateway is I/O, not computation). */
    public static final List<String> CHILD_JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m");

    /**
     * How a child opens the parent's database: the {@code --backend} text and the environment it needs (a URL in
     * {@code CAS_PG_URL}, so no password shows in a process list).
     */
    public record ChildBackend(String text, Map<String, String> environment) {
        public ChildBackend {
            requireNonNull(text, "text");
            environment = Map.copyOf(environment);
        }
    }

    /** What one crash did: the replica, the process killed, the one started in its place, the port, the times. */
    public record Crash(String replica, long killedPid, long newPid, int port, long killMillis, long readyMillis) {}

    private final Backend served;
    private final List<ReplicaProcess> replicas;
    private final GrpcBackend client;
    private final Thread hook;
    private final Path logs;
    private boolean closed;
    private int opened;
    private String mode = REFERENCE_MODE;
    private final Set<String> modesSinceReset = new LinkedHashSet<>();

    private ReplicaProcesses(
            Backend served, List<ReplicaProcess> replicas, GrpcBackend client, Thread hook, Path logs) {
        this.served = served;
        this.replicas = replicas;
        this.client = client;
        this.hook = hook;
        this.logs = logs;
    }

    /**
     * How a child joins {@code served}, a backend the parent opened from provider {@code name} with {@code options}:
     * SQLite by its file, PostgreSQL by its URL naming the parent's schema (joined, never dropped), any other
     * provider by the same options.
     *
     * @throws IllegalArgumentException if the backend lives in the parent's memory ({@code memory}), or is itself
     *     gateways ({@code grpc})
     */
    public static ChildBackend childBackend(String name, Map<String, String> options, Backend served) {
        requireNonNull(options, "options");
        requireNonNull(served, "served");
        if (served instanceof JdbcBackend jdbc) {
            Map<String, String> rest = new LinkedHashMap<>(options);
            rest.remove("file");
            rest.remove("url");
            rest.remove("schema");
            if (jdbc.dialect() == Dialect.SQLITE) {
                String file = jdbc.jdbcUrl().substring("jdbc:sqlite:".length());
                Map<String, String> all = new LinkedHashMap<>();
                all.put("file", file);
                all.putAll(rest);
                return new ChildBackend(text("sqlite", all), Map.of());
            }
            return new ChildBackend(text("postgres", rest), Map.of("CAS_PG_URL", jdbc.jdbcUrl()));
        }
        if (name.equals("memory") || GrpcBackendProvider.GATEWAY_NAMES.contains(name)) {
            throw new IllegalArgumentException("--replica-processes needs a database its processes share (sqlite,"
                    + " postgres or a provider's), not " + name
                    + (name.equals("memory") ? ", which lives in one process" : ", which is gateways already"));
        }
        return new ChildBackend(text(name, options), Map.of());
    }

    private static String text(String name, Map<String, String> options) {
        return options.isEmpty()
                ? name
                : name + ":"
                        + options.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(","));
    }

    /**
     * Starts {@code n} children, {@code serve} processes launched by {@code launcher} (the java command, its class
     * path and the main class, up to but excluding {@code serve}), each over {@code child}, and connects to them.
     * Their standard error goes to {@code logs/replica-I.stderr.log}. On any failure every child started is stopped
     * and {@code served} closed.
     *
     * @throws IllegalArgumentException if {@code n} is outside 1 to {@value #MAX_PROCESSES}
     * @throws IllegalStateException naming the child that did not become ready, and why (the end of its log)
     */
    public static ReplicaProcesses start(
            Backend served, ChildBackend child, List<String> launcher, int n, Path logs, Duration readyTimeout) {
        requireNonNull(served, "served");
        requireNonNull(child, "child");
        requireNonNull(launcher, "launcher");
        requireNonNull(logs, "logs");
        if (n < 1 || n > MAX_PROCESSES) {
            throw new IllegalArgumentException(
                    "--replica-processes must be between 1 and " + MAX_PROCESSES + ", was " + n);
        }
        List<ReplicaProcess> replicas = new ArrayList<>();
        Thread hook = new Thread(() -> stopAll(replicas), "cas-replica-processes-stop");
        boolean started = false;
        try {
            Files.createDirectories(logs);
            Runtime.getRuntime().addShutdownHook(hook);
            List<CompletableFuture<Integer>> ready = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String name = "replica-" + i;
                List<String> command = new ArrayList<>(launcher);
                command.addAll(List.of(
                        "serve",
                        "--backend",
                        child.text(),
                        "--allow-reset",
                        "--stop-on-stdin-eof",
                        "--replica-name",
                        name));
                ReplicaProcess p = new ReplicaProcess(
                        name, command, REFERENCE_MODE, child.environment(), logs.resolve(name + ".stderr.log"));
                synchronized (replicas) {
                    replicas.add(p);
                }
                ready.add(p.launch(0));
            }
            for (int i = 0; i < n; i++) {
                replicas.get(i).awaitReady(ready.get(i), readyTimeout);
            }
            GrpcBackend client = GrpcBackend.connect(
                    replicas.stream().map(ReplicaProcess::endpoint).toList());
            try {
                warmUp(client, n);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
            started = true;
            return new ReplicaProcesses(served, replicas, client, hook, logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the replica processes: " + e.getMessage(), e);
        } finally {
            if (!started) {
                stopAll(replicas);
                removeHook(hook);
                served.close();
            }
        }
    }

    /** The children's endpoints, {@code grpc://127.0.0.1:PORT}, in replica order. */
    public List<String> endpoints() {
        return replicas.stream().map(ReplicaProcess::endpoint).toList();
    }

    /** The children's process ids, in replica order (a crashed one's successor after a crash). */
    public List<Long> pids() {
        return replicas.stream().map(ReplicaProcess::pid).toList();
    }

    /** Where the children's standard error is written. */
    public Path logs() {
        return logs;
    }

    public int size() {
        return replicas.size();
    }

    /**
     * Kills replica {@code index} (0-based) with SIGKILL and starts it again on the same port, then waits until it is
     * ready and the clients' channels may reconnect at once.
     *
     * @throws IllegalStateException if the new process did not become ready (its log's end is in the message)
     */
    public Crash crash(int index) {
        ReplicaProcess p = replicas.get(index);
        long begin = System.nanoTime();
        p.markDown();
        try {
            return restart(p, begin, p.kill());
        } finally {
            p.markUp();
        }
    }

    /** Starts {@code p} again on its port, then waits until the clients' channel to it connects. */
    private Crash restart(ReplicaProcess p, long begin, long killed) {
        long down = System.nanoTime();
        relaunch(p);
        return new Crash(
                p.name(),
                killed,
                p.pid(),
                p.port(),
                (down - begin) / 1_000_000,
                (System.nanoTime() - down) / 1_000_000);
    }

    /**
     * Starts {@code p}, which is not running, again on its port in its mode (up to 3 times: the previous process's
     * socket may hold the port for a moment), then waits until the clients' channel to it connects.
     */
    private void relaunch(ReplicaProcess p) {
        int port = p.port();
        for (int attempt = 1; ; attempt++) {
            try {
                p.awaitReady(p.launch(port), READY_TIMEOUT);
                break;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + p.name() + " again: " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                // a process that exited before it was ready (the killed one's socket may hold the port for a
                // moment) is started again; one that hangs is killed first
                if (attempt >= 3) {
                    throw e;
                }
                p.kill();
            }
        }
        try {
            client.awaitEndpoint(p.endpoint(), READY_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The gateway mode the children serve now. */
    public synchronized String mode() {
        return mode;
    }

    /**
     * Stops every child gracefully and starts it again on its port in {@code next}, then checks that each reports
     * {@code next} ({@code Describe}). Calls through the replicas wait meanwhile ({@link GatedStore}). A switch that
     * fails leaves the mode unknown, so the next replica opened switches again.
     *
     * @throws IllegalStateException naming the child that did not come back, or came back in another mode
     */
    private void switchMode(String next) {
        mode = "(switching to " + next + ")";
        replicas.forEach(ReplicaProcess::markDown);
        try {
            stopAll(replicas);
            for (ReplicaProcess p : replicas) {
                p.mode(next);
                relaunch(p);
                String reported = client.modeOf(p.endpoint());
                if (!reported.equals(next)) {
                    throw new IllegalStateException(
                            p.name() + " was started in mode " + next + " but reports " + reported);
                }
            }
            warmUp(client, replicas.size());
            mode = next;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            replicas.forEach(ReplicaProcess::markUp);
        }
    }

    /**
     * Has each of the {@code n} children serve {@value #WARM_UP_ROUNDS} unconditional writes and reads of a key of its
     * own, then delete it, so a run's first calls do not meet a cold JVM: class loading, the JIT and the pool's first
     * connections. Without it, at a load average of 20 on 2 cores, the first update through a fresh child took 6.5 s
     * and two others outlived their run's grace. Opens exactly {@code n} replicas on {@code client}, one per child, so
     * the client's round robin stays aligned with {@link #openReplica}'s.
     */
    private static void warmUp(GrpcBackend client, int n) {
        for (int i = 0; i < n; i++) {
            try (CasStore s = client.openReplica(StoreOptions.defaults().withReplicaName("cas-warm-up-" + (i + 1)))) {
                ObjectKey key = ObjectKey.of("cas-warm-up", "child-" + (i + 1));
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    s.put(ObjectSpec.of(key, new byte[] {(byte) round}), WriteCondition.unconditional());
                    s.get(key);
                }
                s.delete(key, WriteCondition.unconditional());
            }
        }
    }

    /** The database the children share, which the parent opened: what faults on the database act on. */
    @Override
    public Backend database() {
        return served;
    }

    /** Picks the replica to crash from {@code random}. */
    public int pick(RandomGenerator random) {
        return random.nextInt(replicas.size());
    }

    @Override
    public String name() {
        return client.name();
    }

    @Override
    public String describe() {
        String modes;
        synchronized (this) {
            modes = modesSinceReset.isEmpty() ? mode : String.join(", then ", modesSinceReset);
        }
        return replicas.size() + " replica processes (serve, mode " + modes + ", pids "
                + pids().stream().map(String::valueOf).collect(Collectors.joining(",")) + ") over "
                + served.describe() + "; " + client.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return client.versionsUniqueAcrossKeys();
    }

    @Override
    public boolean versionsRiseAcrossIncarnations() {
        return client.versionsRiseAcrossIncarnations();
    }

    /**
     * A store on process {@code i mod N} for the i-th replica opened (as {@link GrpcBackend} assigns them), whose calls
     * wait while that process is being restarted ({@link GatedStore}), served in the {@value #REFERENCE_MODE} mode.
     */
    @Override
    public CasStore openReplica(StoreOptions options) {
        return openReplica(options, REFERENCE_MODE);
    }

    /**
     * As {@link #openReplica(StoreOptions)}, served by children in gateway mode {@code mode} ({@code serve --mode}):
     * if they serve another, every child is started again in this one first, which takes a JVM start; a run's
     * replicas are opened in one mode, and the replicas of an earlier run in another mode must be closed by then.
     *
     * @throws IllegalStateException if a child did not come back in {@code mode}
     */
    public synchronized CasStore openReplica(StoreOptions options, String mode) {
        requireNonNull(mode, "mode");
        if (!mode.equals(this.mode)) {
            switchMode(mode);
        }
        modesSinceReset.add(mode);
        ReplicaProcess p = replicas.get(Math.floorMod(opened++, replicas.size()));
        CasStore store = client.openReplica(options);
        if (!store.describe().endsWith(" at " + p.endpoint())) {
            store.close();
            throw new IllegalStateException("replica " + options.replicaName() + " was opened as " + store.describe()
                    + ", expected on " + p.name() + " at " + p.endpoint());
        }
        return new GatedStore(store, p);
    }

    /** Empties the database through the protocol; {@link #describe()} then names the modes served from here on. */
    @Override
    public void reset() {
        client.reset();
        synchronized (this) {
            modesSinceReset.clear();
        }
    }

    /** Closes the clients, stops every child (their exit codes are in {@link #stopped}), then closes the database. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            client.close();
        } finally {
            try {
                stopAll(replicas);
                removeHook(hook);
            } finally {
                served.close();
            }
        }
    }

    /** Each child's name and exit code after {@link #close()}; -1 for one still running. */
    public Map<String, Integer> stopped() {
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (ReplicaProcess p : replicas) {
            codes.put(p.name(), p.exitCode());
        }
        return codes;
    }

    /** Signals every child at once, then waits for each (SIGKILL after the grace). */
    private static void stopAll(List<ReplicaProcess> replicas) {
        List<ReplicaProcess> all;
        synchronized (replicas) {
            all = List.copyOf(replicas);
        }
        all.forEach(ReplicaProcess::signalStop);
        for (ReplicaProcess p : all) {
            p.stop(GRACE);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down (the hook runs) or never added
        }
    }
}
