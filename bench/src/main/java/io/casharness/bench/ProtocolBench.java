package io.casharness.bench;

import io.casharness.grpc.GatewayServer;
import io.casharness.grpc.GrpcBackend;
import io.casharness.reports.jmh.Bootstrap;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.jdbc.JdbcBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What the store protocol costs: {@code CasStore.update} on one backend in-process, beside the same update through
 * one gateway replica ({@link GatewayServer} in this JVM over the same backend, reached by {@link GrpcBackend} over
 * loopback HTTP/2), at one thread ({@link #t1}: the update's latency is 1 / its rate) and at eight ({@link #t8}:
 * goodput, give-ups excluded).
 *
 * <p>Paths ({@code path}): {@code store} is one in-process replica at its defaults (basis cache, turns per key on
 * PostgreSQL: usually one statement per update); {@code store-plain} is the same replica with both off (a read and a
 * conditional write per update, what the client of a gateway does); {@code gateway} is the client's update through
 * the protocol: a {@code Get} and an {@code Update} per attempt, each one call of the gateway's replica (pool sized
 * like the in-process one: one connection per benchmark thread). The warm-up is long (4 x 3 s) because the gateway
 * path runs far more code (gRPC, Netty, protobuf) than the in-process one: with one 2 s warm-up iteration the JIT
 * was still compiling it during the measurement, and the gateway measured 10x slower than warmed up. Every cell starts from a fresh SQLite file or
 * PostgreSQL schema and ends with the benchmarks' check: the counters sum to the successes, with no error, or the
 * teardown throws and the cell is BROKEN.
 *
 * <p>Alone: {@code java -jar bench/target/benchmarks.jar ProtocolBench -p backend=sqlite}. The ratios with
 * intervals come from {@link #main}, which runs the cells in rounds (fork 1 of every cell, then fork 2, ...) so the
 * two sides of a ratio are measured minutes apart at most, and pairs them by round: {@code java -cp
 * bench/target/benchmarks.jar io.casharness.bench.ProtocolBench 3} (docs/protocol.md, Protocol overhead).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 3, time = 2)
public class ProtocolBench {
    /** The paths {@link Cell#path} takes. */
    static final List<String> PATHS = List.of("store", "store-plain", "gateway");

    /** What a measurement iteration prints: the process CPU nanoseconds per update it spent. */
    static final String CPU_LINE = "# cpu-per-update-ns ";

    /** Where a fork also appends those lines, for {@link #main} (a fork's standard output is not the log's). */
    static final String CPU_FILE_PROPERTY = "cas.bench.protocol.cpu";

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Benchmark
    @Threads(1)
    public void t1(Cell cell, Client client) {
        cell.update(client);
    }

    @Benchmark
    @Threads(8)
    public void t8(Cell cell, Client client) {
        cell.update(client);
    }

    /** One thread's counters, reported by JMH as rates beside the score; totals kept for the cell's check. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Client {
        public long goodput;
        public long conflicts;
        public long giveUps;
        public long errors;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void register(ThreadParams thread) {
            random = new SplittableRandom(42L * 1_000_003L + thread.getThreadIndex());
        }

        @Setup(Level.Iteration)
        public void resetCounters() {
            goodput = 0;
            conflicts = 0;
            giveUps = 0;
            errors = 0;
        }
    }

    /** The backend, the path to it, the counter objects, and the check at the end. */
    @State(Scope.Benchmark)
    public static class Cell {
        /** {@code sqlite} or {@code postgres}. */
        @Param({"sqlite", "postgres"})
        public String backend;

        /** {@code store}, {@code store-plain} (in-process) or {@code gateway} (through the protocol). */
        @Param({"store", "store-plain", "gateway"})
        public String path;

        /** Hot set, as in ContentionBench: {@code 1}, {@code 1024}, {@code zipf1024}, ... */
        @Param({"1024"})
        public String keys;

        private final AtomicLong successes = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final Map<String, Long> errorLabels = new java.util.concurrent.ConcurrentHashMap<>();
        private final Mutation increment = current ->
                current.spec().withPayload(StoreStrategy.encode(StoreStrategy.decode(current.payload()) + 1));
        private final RetryPolicy policy = new RetryPolicy(10, ContentionBench.backoff("adaptive"), true);
        private KeyChooser chooser;
        private ObjectKey[] counters;
        private BenchDatabase db;
        private GatewayServer gateway;
        private GrpcBackend client;
        private CasStore store;
        private boolean measuring;
        private long cpuAtStart;
        private long successesAtStart;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            int threads = params.getThreads();
            chooser = KeyChooser.parse(keys);
            db = BenchDatabase.open(backend);
            JdbcBackend jdbc = db.backend();
            StoreOptions options = StoreOptions.defaults().withReplicaName("bench");
            store = switch (path) {
                case "store" -> jdbc.openReplica(options, threads);
                case "store-plain" ->
                    jdbc.openReplica(options.withBasisCacheBytes(0).withUpdateTurns(false), threads);
                case "gateway" -> {
                    gateway = GatewayServer.builder(new PoolSized(jdbc, threads))
                            .options(options.withReplicaName("gateway-1"))
                            .start();
                    client = GrpcBackend.connect(List.of(gateway.target()));
                    yield client.openReplica(options);
                }
                default -> throw new IllegalArgumentException("path must be one of " + PATHS + ", was " + path);
            };
            counters = new ObjectKey[chooser.keys()];
            for (int k = 0; k < counters.length; k++) {
                counters[k] = ObjectKey.of(StoreStrategy.KIND, "k" + k);
                store.put(ObjectSpec.of(counters[k], StoreStrategy.encode(0)), WriteCondition.mustCreate());
            }
            System.out.println("# protocol cell " + backend + "-" + path + "-k" + keys + "-t" + threads + " on "
                    + db.describe() + (gateway == null ? ", in-process" : ", through " + gateway));
        }

        void update(Client c) {
            UpdateOutcome outcome;
            try {
                outcome = store.update(counters[chooser.next(c.random)], increment, policy);
            } catch (StoreAccessException e) {
                c.errors++;
                failures.incrementAndGet();
                errorLabels.merge(e.errorClass() + (e.outcomeUnknown() ? " (unknown outcome)" : ""), 1L, Long::sum);
                return;
            }
            if (outcome instanceof Updated u) {
                c.goodput++;
                c.conflicts += u.conflicts();
                successes.incrementAndGet();
            } else if (outcome instanceof Exhausted x) {
                c.giveUps++;
                c.conflicts += x.conflicts().size();
            } else {
                c.errors++;
                failures.incrementAndGet();
                errorLabels.merge(outcome.getClass().getSimpleName(), 1L, Long::sum);
            }
        }

        /** Process CPU time (every thread: client, gateway, driver, JIT and GC alike) per update, per iteration. */
        @Setup(Level.Iteration)
        public void iterationStarts(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            cpuAtStart = PROCESS.getProcessCpuTime();
            successesAtStart = successes.get();
        }

        @TearDown(Level.Iteration)
        public void iterationEnds() {
            long updates = successes.get() - successesAtStart;
            if (measuring && updates > 0) {
                String line = CPU_LINE + (PROCESS.getProcessCpuTime() - cpuAtStart) / updates;
                System.out.println(line);
                String file = System.getProperty(CPU_FILE_PROPERTY);
                if (file != null) {
                    try {
                        Files.writeString(
                                Path.of(file),
                                line + "\n",
                                java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void verify() {
            try {
                long applied = 0;
                for (ObjectKey key : counters) {
                    Optional<StoredObject> o = store.get(key);
                    applied += o.map(s -> StoreStrategy.decode(s.payload())).orElse(-1L);
                }
                String summary = backend + "-" + path + ": " + successes.get() + " successes, " + applied + " applied, "
                        + failures.get() + " errors " + errorLabels;
                System.out.println("# " + summary);
                if (applied != successes.get() || failures.get() > 0) {
                    throw new IllegalStateException("BROKEN protocol cell " + summary);
                }
            } finally {
                try {
                    store.close();
                    if (client != null) {
                        client.close();
                    }
                    if (gateway != null) {
                        gateway.close();
                    }
                } finally {
                    db.close();
                }
            }
        }
    }

    /** The cell's backend as a gateway opens it: each replica's pool sized like the in-process one. */
    private record PoolSized(JdbcBackend jdbc, int poolSize) implements Backend {
        @Override
        public String name() {
            return jdbc.name();
        }

        @Override
        public String describe() {
            return jdbc.describe();
        }

        @Override
        public boolean versionsUniqueAcrossKeys() {
            return jdbc.versionsUniqueAcrossKeys();
        }

        @Override
        public boolean versionsRiseAcrossIncarnations() {
            return jdbc.versionsRiseAcrossIncarnations();
        }

        @Override
        public CasStore openReplica(StoreOptions options) {
            return jdbc.openReplica(options, poolSize);
        }

        @Override
        public void reset() {
            jdbc.reset();
        }

        /** The cell's {@link BenchDatabase} closes the backend. */
        @Override
        public void close() {}
    }

    /**
     * Runs every cell in rounds and prints the ratios: at one thread the latency through the gateway over the
     * in-process store's (from the rates: 1 / rate is the mean latency of a closed loop), at eight the gateway's
     * goodput over the in-process store's, each with a 95 % bootstrap interval over the rounds' pairs; beside them
     * the process CPU time per update, gateway over in-process, which a loaded machine moves far less than wall
     * time. Arguments: the number of rounds (default 3, 1 to 20), then optionally the backends
     * ({@code sqlite,postgres}). PostgreSQL is one embedded server for the whole run (or {@code CAS_PG_URL}), each
     * cell in a schema of its own. Exit 1 when a cell failed or was BROKEN, 2 on a bad argument.
     */
    public static void main(String[] args) throws RunnerException, IOException {
        int rounds;
        List<String> backends = List.of("sqlite", "postgres");
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
            if (args.length > 1) {
                backends = List.of(args[1].split(","));
            }
        } catch (NumberFormatException e) {
            rounds = -1;
        }
        if (rounds < 1 || rounds > 20 || !List.of("sqlite", "postgres").containsAll(backends) || args.length > 2) {
            System.err.println("ProtocolBench: rounds must be 1 to 20 and backends sqlite,postgres (usage: [ROUNDS]"
                    + " [BACKENDS]), was \"" + String.join(" ", args) + "\"");
            System.exit(2);
        }
        EmbeddedPostgres pg = null;
        String pgUrl = BenchDatabase.externalPostgresUrl();
        if (backends.contains("postgres") && pgUrl == null) {
            pg = BenchDatabase.startEmbedded();
            pgUrl = pg.getJdbcUrl("postgres", "postgres");
        }
        // sqlite-jdbc's native library in a folder of this run's: another JVM's clean-up of the shared temp folder
        // cannot delete it under a fork
        Path sqliteLib = Files.createTempDirectory("protocolbench-sqlite");
        Path log = Files.createTempFile("protocolbench", ".log");
        Path cpuFile = sqliteLib.resolve("cpu.txt");
        List<String> jvmArgs =
                new ArrayList<>(List.of("-Dorg.sqlite.tmpdir=" + sqliteLib, "-D" + CPU_FILE_PROPERTY + "=" + cpuFile));
        if (pgUrl != null) {
            jvmArgs.add("-D" + BenchDatabase.PG_URL_PROPERTY + "=" + pgUrl);
        }
        Map<String, List<Double>> goodput = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                for (String backend : backends) {
                    for (String method : List.of("t1", "t8")) {
                        for (String path : PATHS) {
                            String cell = cell(backend, path, method);
                            System.out.printf(Locale.ROOT, "# round %d/%d: %s%n", round, rounds, cell);
                            OptionsBuilder o = new OptionsBuilder();
                            o.include(ProtocolBench.class.getName() + "." + method + "$")
                                    .param("backend", backend)
                                    .param("path", path)
                                    .forks(1)
                                    .warmupIterations(4)
                                    .warmupTime(TimeValue.seconds(3))
                                    .measurementIterations(3)
                                    .measurementTime(TimeValue.seconds(2))
                                    .syncIterations(false)
                                    .shouldFailOnError(true)
                                    .output(log.toString())
                                    .jvmArgsAppend(jvmArgs.toArray(String[]::new));
                            Optional<RunResult> r;
                            try {
                                r = new Runner(o.build()).run().stream().findFirst();
                            } catch (RunnerException e) {
                                System.out.println("# " + cell + " failed: " + e);
                                r = Optional.empty();
                            }
                            List<String> lines = new ArrayList<>(Files.readAllLines(log));
                            if (Files.exists(cpuFile)) {
                                lines.addAll(Files.readAllLines(cpuFile));
                                Files.delete(cpuFile);
                            }
                            Result<?> g = r.map(x -> x.getSecondaryResults().get("goodput"))
                                    .orElse(null);
                            double perUpdate = lines.stream()
                                    .filter(l -> l.contains(CPU_LINE))
                                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(CPU_LINE) + CPU_LINE.length())
                                            .strip()))
                                    .average()
                                    .orElse(Double.NaN);
                            if (g == null || Double.isNaN(perUpdate)) {
                                System.out.println("# " + cell + ": no result (JMH's log follows)");
                                failed.add(cell + " round " + round);
                                System.out.println(String.join("\n", lines));
                            } else {
                                goodput.computeIfAbsent(cell, k -> new ArrayList<>())
                                        .add(g.getScore());
                                cpu.computeIfAbsent(cell, k -> new ArrayList<>())
                                        .add(perUpdate);
                                System.out.printf(
                                        Locale.ROOT,
                                        "#   goodput %.1f/s, CPU %.1f µs per update%n",
                                        g.getScore(),
                                        perUpdate / 1000);
                            }
                        }
                    }
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        System.out.println("# protocol overhead, " + rounds + " rounds; load average at the end "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(
                "| backend | threads | ratio | in-process side | per round | ratio | 95 % interval | goal |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String backend : backends) {
            for (String base : List.of("store", "store-plain")) {
                String gw1 = cell(backend, "gateway", "t1");
                String in1 = cell(backend, base, "t1");
                String gw8 = cell(backend, "gateway", "t8");
                String in8 = cell(backend, base, "t8");
                row(backend, 1, "latency gateway / in-process", base, goodput, in1, gw1, "<= 1.5");
                row(backend, 8, "goodput gateway / in-process", base, goodput, gw8, in8, ">= 0.7");
                row(backend, 1, "CPU per update gateway / in-process", base, cpu, gw1, in1, "");
                row(backend, 8, "CPU per update gateway / in-process", base, cpu, gw8, in8, "");
            }
        }
        goodput.forEach((c, v) ->
                System.out.println("# " + c + " goodput per round " + v + ", CPU ns per update " + cpu.get(c)));
        if (!failed.isEmpty()) {
            System.out.println("# FAILED: " + failed);
            System.exit(1);
        }
    }

    private static String cell(String backend, String path, String method) {
        return backend + "-" + path + "-k1024-" + method;
    }

    /** One ratio line: sum(top) / sum(bottom) over the rounds, each round's ratio, the paired bootstrap interval. */
    private static void row(
            String backend,
            int threads,
            String what,
            String base,
            Map<String, List<Double>> values,
            String topCell,
            String bottomCell,
            String goal) {
        List<Double> top = values.getOrDefault(topCell, List.of());
        List<Double> bottom = values.getOrDefault(bottomCell, List.of());
        int n = Math.min(top.size(), bottom.size());
        if (n == 0) {
            System.out.printf(
                    Locale.ROOT, "| %s | %d | %s | %s | - | no data | - | %s |%n", backend, threads, what, base, goal);
            return;
        }
        List<String> perRound = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perRound.add(String.format(Locale.ROOT, "%.2f", top.get(i) / bottom.get(i)));
        }
        double ratio = top.subList(0, n).stream()
                        .mapToDouble(Double::doubleValue)
                        .sum()
                / bottom.subList(0, n).stream().mapToDouble(Double::doubleValue).sum();
        String interval = Bootstrap.pairedRatio(top.subList(0, n), bottom.subList(0, n), 42)
                .map(i -> String.format(Locale.ROOT, "%.2f – %.2f", i.low(), i.high()))
                .orElse("- (one round)");
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %.2f | %s | %s |%n",
                backend,
                threads,
                what,
                base,
                String.join(", ", perRound),
                ratio,
                interval,
                goal);
    }
}
