package io.casharness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a benchmark profile as ONE run, so that every ratio it prints (store / atomic, store / FOR UPDATE, jitter /
 * no backoff, N threads / 1 thread) compares cells measured minutes apart on the same machine, never across runs.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.casharness.bench.BenchMain smoke|full|targets [--out DIR] [--backends sqlite,postgres]
 * </pre>
 *
 * <p>Starts one embedded PostgreSQL for the whole run unless {@code CAS_PG_URL} / {@code -Dcas.pg.url} names a
 * server, and hands its URL to every fork. Writes {@code DIR/<profile>.json} (JMH JSON of every cell),
 * {@code DIR/cells/*.json} (latency percentiles, errors, correctness verdict per cell), {@code DIR/<profile>.log}
 * (JMH's own output) and {@code DIR/<profile>-summary.md} (the tables docs/benchmarks.md shows). Exits 1 if a cell
 * lost updates, failed, or the negative control ({@code blind}) was NOT caught.
 */
public final class BenchMain {

    /** One group of cells: a strategy with one backoff over a grid of hot sets and thread counts. */
    record Group(
            String backend, String strategy, String backoff, List<String> keys, List<Integer> threads, int attempts) {}

    /** How long each cell runs. */
    record Timing(int forks, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {}

    record Profile(String name, Timing timing, List<Group> groups) {}

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "smoke";
        if (name.equals("serve-postgres")) {
            servePostgres();
            return;
        }
        Path out = Path.of("bench/target/jmh");
        List<String> backends = List.of("sqlite", "postgres");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--backends" -> backends = Arrays.asList(args[++i].split(","));
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: smoke|full|targets [--out DIR] [--backends sqlite,postgres]");
            }
        }
        Profile profile = profile(name, backends);
        System.exit(run(profile, out.toAbsolutePath()));
    }

    /**
     * Starts an embedded PostgreSQL (same settings as the benchmark's), prints {@code url=<jdbc url>} and
     * {@code port=<port>}, and serves until killed (bench/pgbench/run.sh uses it when given no server).
     */
    static void servePostgres() throws InterruptedException {
        EmbeddedPostgres pg = BenchDatabase.startEmbedded();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("stopping embedded PostgreSQL failed: " + e);
            }
        }));
        System.out.println("url=" + pg.getJdbcUrl("postgres", "postgres"));
        System.out.println("port=" + pg.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    static Profile profile(String name, List<String> backends) {
        List<Group> groups = new ArrayList<>();
        Timing timing;
        switch (name) {
            case "smoke" -> {
                // every strategy and backoff executes; the numbers are not to be trusted. One 1 s warm-up iteration
                // is needed all the same: JMH runs the trial setup (schema, rows) inside the first iteration, which
                // it can swallow whole on a loaded machine (observed: 4 calls in the cell, the control uncaught)
                timing = new Timing(1, 1, 1, 1, 1);
                for (String b : backends) {
                    List<Integer> t2 = List.of(2);
                    List<String> k1 = List.of("1");
                    groups.add(new Group(b, "atomic", "none", k1, t2, 10));
                    groups.add(new Group(b, "lock", "none", k1, t2, 10));
                    groups.add(new Group(b, "txn", "jitter", k1, t2, 10));
                    groups.add(new Group(b, "cas", "adaptive", k1, t2, 10));
                    for (String backoff : List.of("none", "exp", "jitter")) {
                        groups.add(new Group(b, "store", backoff, k1, t2, 10));
                    }
                    groups.add(new Group(b, "store", "adaptive", List.of("1", "zipf1024"), t2, 10));
                    groups.add(new Group(b, "store-plain", "jitter", k1, t2, 10));
                    groups.add(new Group(b, "store-replicas", "jitter", k1, t2, 10));
                    groups.add(new Group(b, "blind", "none", k1, List.of(4), 10));
                }
            }
            case "full" -> {
                // 83 cells of ~20-25 s each (fork, migration, 8 s of iterations): ~30 minutes on 2 cores. Thread sweeps
                // where the ratios are read
                timing = new Timing(1, 1, 2, 3, 2);
                List<Integer> all = List.of(1, 2, 4, 8, 16);
                List<String> k1 = List.of("1");
                List<String> spread = List.of("16", "1024", "zipf1024");
                for (String b : backends) {
                    boolean pg = b.equals("postgres");
                    List<Integer> few = List.of(1, pg ? 4 : 8, 16);
                    List<Integer> mid = pg ? List.of(4, 16) : List.of(8);
                    groups.add(new Group(b, "atomic", "none", k1, all, 10));
                    groups.add(new Group(b, "store", "adaptive", k1, all, 10));
                    groups.add(new Group(b, "store", "none", k1, few, 10));
                    groups.add(new Group(b, "store", "jitter", k1, few, 10));
                    groups.add(new Group(b, "store-plain", "jitter", k1, few, 10));
                    groups.add(new Group(b, "store-replicas", "jitter", k1, few, 10));
                    groups.add(new Group(b, "lock", "none", k1, few, 10));
                    groups.add(new Group(b, "txn", "jitter", k1, few, 10));
                    groups.add(new Group(b, "store", "exp", k1, List.of(pg ? 16 : 8), 10));
                    groups.add(new Group(b, "cas", "adaptive", k1, mid, 10));
                    groups.add(new Group(b, "store", "jitter", k1, List.of(pg ? 16 : 8), 3));
                    groups.add(new Group(b, "atomic", "none", spread, mid, 10));
                    groups.add(new Group(b, "store", "adaptive", spread, mid, 10));
                    groups.add(new Group(b, "blind", "none", k1, List.of(4), 10));
                }
            }
            case "targets" -> {
                // the cells of issue 5's targets (bench/gates.txt), each three forks long: single short forks swing
                // +-20 % between neighbours on 2 cores, too much to tell 0.8 from 0.9. ~12 cells of ~60 s
                timing = new Timing(3, 1, 3, 3, 4);
                List<String> k1 = List.of("1");
                for (String b : backends) {
                    List<Integer> hot = b.equals("postgres") ? List.of(4, 16) : List.of(8);
                    groups.add(new Group(b, "atomic", "none", k1, hot, 10));
                    groups.add(new Group(b, "store", "adaptive", k1, hot, 10));
                    groups.add(new Group(b, "store", "jitter", k1, hot, 10));
                    groups.add(new Group(b, "store-replicas", "jitter", k1, hot, 10));
                }
            }
            default -> throw new IllegalArgumentException("profile must be smoke, full or targets, was " + name);
        }
        return new Profile(name, timing, groups);
    }

    static int run(Profile profile, Path out) throws IOException, RunnerException {
        // other JMH runs on this machine (another module's benchmarks) must not abort this one; they do make it
        // noisier, which the docs say
        System.setProperty("jmh.ignoreLock", "true");
        Path cells = out.resolve("cells");
        deleteTree(cells);
        Files.createDirectories(cells);
        long started = System.nanoTime();
        EmbeddedPostgres embedded = null;
        String pgUrl = BenchDatabase.externalPostgresUrl();
        boolean needsPg = profile.groups().stream().anyMatch(g -> g.backend().equals("postgres"));
        if (needsPg && pgUrl == null) {
            embedded = BenchDatabase.startEmbedded();
            pgUrl = embedded.getJdbcUrl("postgres", "postgres");
            System.out.println("# PostgreSQL: embedded on port " + embedded.getPort() + " (" + pgUrl + "), durable="
                    + System.getProperty("cas.bench.pg.durable", "true")
                    + " (fsync, synchronous_commit; -Dcas.bench.pg.durable=false turns them off)");
        } else if (needsPg) {
            System.out.println("# PostgreSQL: external " + pgUrl);
        }
        List<RunResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            Timing t = profile.timing();
            Path log = out.resolve(profile.name() + ".log");
            Files.deleteIfExists(log);
            int n = 0;
            int total = profile.groups().stream()
                    .mapToInt(g -> g.keys().size() * g.threads().size())
                    .sum();
            for (Group g : profile.groups()) {
                for (int threads : g.threads()) {
                    for (String keys : g.keys()) {
                        n++;
                        String cell = cellName(g, keys, threads);
                        System.out.printf(Locale.ROOT, "[%d/%d] %s ... ", n, total, cell);
                        System.out.flush();
                        ChainedOptionsBuilder o = new OptionsBuilder()
                                .include(ContentionBench.class.getName() + ".update")
                                .param("backend", g.backend())
                                .param("strategy", g.strategy())
                                .param("backoff", g.backoff())
                                .param("keys", keys)
                                .param("maxAttempts", String.valueOf(g.attempts()))
                                .threads(threads)
                                .syncIterations(false) // see ContentionBench: sync would inflate the counters
                                .forks(t.forks())
                                .warmupIterations(t.warmups())
                                .warmupTime(TimeValue.seconds(t.warmupSeconds()))
                                .measurementIterations(t.iterations())
                                .measurementTime(TimeValue.seconds(t.iterationSeconds()))
                                .jvmArgsAppend(jvmArgs(pgUrl, cells))
                                .output(log.toString() + "." + n);
                        Optional<RunResult> r = runOne(o);
                        appendLog(log, Path.of(log.toString() + "." + n));
                        String verdict = sidecar(cells, cell)
                                .map(j -> j.path("verdict").asText())
                                .orElse("NO-REPORT");
                        boolean control = g.strategy().equals("blind");
                        if (r.isPresent()) {
                            results.add(r.get());
                            System.out.printf(Locale.ROOT, "goodput %.0f/s %s%n", goodput(r.get()), verdict);
                        } else {
                            System.out.println("FAILED (" + verdict + ")");
                        }
                        if (control && !verdict.equals("BROKEN")) {
                            failures.add(cell + ": the negative control was not caught (verdict " + verdict + ")");
                        } else if (!control && (r.isEmpty() || !verdict.equals("OK"))) {
                            failures.add(cell + ": " + (r.isEmpty() ? "failed" : "verdict") + " " + verdict);
                        }
                    }
                }
            }
            if (profile.name().equals("smoke") && checkerBenchPresent()) {
                System.out.print("[checker] CheckerBench ... ");
                Optional<RunResult> r = runOne(new OptionsBuilder()
                        .include("io.casharness.bench.CheckerBench")
                        .forks(1)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.seconds(1))
                        .output(log.toString() + ".checker"));
                appendLog(log, Path.of(log.toString() + ".checker"));
                r.ifPresentOrElse(results::add, () -> failures.add("CheckerBench: failed (see " + log + ")"));
                System.out.println(r.isPresent() ? "ok" : "FAILED");
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        Path json = out.resolve(profile.name() + ".json");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
        String summary = Summary.render(profile.name(), results, cells, (System.nanoTime() - started) / 1e9);
        Path md = out.resolve(profile.name() + "-summary.md");
        Files.writeString(md, summary);
        System.out.println();
        System.out.println(summary);
        System.out.println("# JMH JSON: " + json);
        System.out.println("# cell reports: " + cells);
        System.out.println("# summary: " + md);
        if (!failures.isEmpty()) {
            System.out.println("# FAILURES:");
            failures.forEach(f -> System.out.println("#   " + f));
            return 1;
        }
        return 0;
    }

    private static Optional<RunResult> runOne(ChainedOptionsBuilder o) {
        try {
            return new Runner(o.build()).run().stream().findFirst();
        } catch (RunnerException e) {
            return Optional.empty();
        }
    }

    static String cellName(Group g, String keys, int threads) {
        return g.backend() + "-" + g.strategy() + "-" + g.backoff() + "-k" + keys + "-t" + threads + "-a"
                + g.attempts();
    }

    static Optional<JsonNode> sidecar(Path cells, String cell) {
        Path f = cells.resolve(cell + ".json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper().readTree(f.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static double goodput(RunResult r) {
        Result<?> g = r.getSecondaryResults().get("goodput");
        return g == null ? Double.NaN : g.getScore();
    }

    private static String[] jvmArgs(String pgUrl, Path cells) {
        List<String> a = new ArrayList<>();
        a.add("-Dcas.bench.cells=" + cells);
        if (pgUrl != null) {
            a.add("-D" + BenchDatabase.PG_URL_PROPERTY + "=" + pgUrl);
        }
        return a.toArray(String[]::new);
    }

    private static boolean checkerBenchPresent() {
        try {
            Class.forName("io.casharness.bench.CheckerBench", false, BenchMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void appendLog(Path log, Path part) throws IOException {
        if (Files.exists(part)) {
            Files.write(
                    log,
                    Files.readAllBytes(part),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Files.delete(part);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Map<String, String> params(RunResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : r.getParams().getParamsKeys()) {
            m.put(k, r.getParams().getParam(k));
        }
        return m;
    }
}
