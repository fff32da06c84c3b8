package io.casharness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.casharness.reports.FileTrees;
import io.casharness.reports.jmh.BenchReport;
import io.casharness.reports.jmh.CellName;
import io.casharness.reports.jmh.JmhJson;
import io.casharness.reports.jmh.JmhResult;
import io.casharness.reports.jmh.RatioGate;
import io.casharness.reports.jmh.Regression;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * java -cp bench/target/benchmarks.jar io.casharness.bench.BenchMain smoke|full|targets|regress [--out DIR]
 *     [--backends sqlite,postgres] [--baseline FILE] [--tolerance 0.05] [-f FORKS] [-t THREADS,...]
 *     [-prof PROFILER[:ARGS]]... [-rf json|csv|scsv|text|latex]
 * </pre>
 *
 * <p>{@code regress} is the regression gate ({@link #runRegress}): {@link PairBench} compared with
 * bench/baseline/regress.json by {@link Regression}, failing on a fall beyond {@code --tolerance} and the noise.
 *
 * <p>JMH's own options, where they mean something for a profile: {@code -f} forks per cell (the profile's own
 * otherwise), {@code -t} the thread counts every cell group runs at instead of the profile's, {@code -prof} a JMH
 * profiler for every cell (repeatable, {@code -prof gc}), {@code -rf} a second result file in that format beside
 * the JSON (which the report always needs). A bad argument gets one line naming it and exit status 2.
 *
 * <p>Starts one embedded PostgreSQL for the whole run unless {@code CAS_PG_URL} / {@code -Dcas.pg.url} names a
 * server, and hands its URL to every fork. Writes {@code DIR/<profile>.json} (JMH JSON of every cell, each entry
 * with a {@code "cas"} object: profile, cell name, the cell's check and latency), {@code DIR/cells/*.json} (the
 * same per cell), {@code DIR/<profile>.log} (JMH's own output), {@code DIR/<profile>-summary.md} (the tables
 * docs/benchmarks.md shows), {@code DIR/<profile>.html} (the charts, beside the baseline run
 * {@code bench/baseline/<profile>.json} when there is one) and Allure results in
 * {@code DIR/../allure-results}. The targets are {@code /gates.txt} (bench/gates.txt): the targets profile measures
 * each of them with {@link AlternatingTargets} (both sides alternating inside one fork), writing
 * {@code DIR/targets-summary.md} and {@code DIR/targets/gates.json} instead. Exits 1 if a cell lost updates, failed,
 * the negative control ({@code blind}) was NOT caught, a gate regressed, or, on the targets profile, a gate's lower
 * bound is below its bound; 2 on bad arguments.
 */
public final class BenchMain {
    static final String USAGE =
            "usage: bench/run.sh smoke|full|targets|regress [--out DIR] [--backends sqlite,postgres]"
                    + " [--baseline FILE] [--tolerance 0.05] [-f FORKS] [-t THREADS,...] [-prof PROFILER[:ARGS]]..."
                    + " [-rf json|csv|scsv|text|latex] [--gates NAME,...] [--slice-ms 500] [--warmup-s 5]"
                    + " [--seconds 24]";
    static final List<String> PROFILES = List.of("smoke", "full", "targets", "regress");

    /** The regress profile's default tolerance: the smallest fall of a ratio it flags (see docs/benchmarks.md). */
    static final double DEFAULT_TOLERANCE = 0.05;

    static final List<String> BACKENDS = List.of("sqlite", "postgres");

    /** The targets profile's slice: both sides alternate every 500 ms ({@link AlternatingBench}). */
    static final int DEFAULT_SLICE_MILLIS = 500;

    /** One group of cells: a strategy with one backoff over a grid of hot sets and thread counts. */
    record Group(
            String backend, String strategy, String backoff, List<String> keys, List<Integer> threads, int attempts) {}

    /** How long each cell runs. */
    record Timing(int forks, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {}

    record Profile(String name, Timing timing, List<Group> groups) {}

    /**
     * What the command line asked for.
     *
     * @param forks forks per cell, or 0 for the profile's own
     * @param threads thread counts replacing every group's, or empty for the profile's own
     * @param profilers JMH profiler specs ({@code gc}, {@code stack:lines=5})
     * @param resultFormat a JMH result format for a second result file, or null
     * @param baseline a baseline run to show beside this one, or null for bench/baseline/PROFILE.json if present
     * @param tolerance the regress profile's tolerance: a ratio that fell by more (and beyond the noise) fails
     * @param gates the targets profile's gates to measure (names in bench/gates.txt), or empty for all
     * @param sliceMillis the targets profile's alternation slice
     * @param warmupSeconds the targets profile's warm-up per fork, or -1 for the profile's own
     * @param seconds the targets profile's alternating time per fork, or 0 for the profile's own
     */
    record Cli(
            String profile,
            Path out,
            List<String> backends,
            int forks,
            List<Integer> threads,
            List<String> profilers,
            ResultFormatType resultFormat,
            Path baseline,
            double tolerance,
            List<String> gates,
            int sliceMillis,
            int warmupSeconds,
            int seconds) {}

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve-postgres")) {
            servePostgres();
            return;
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        Cli cli;
        try {
            cli = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + " (" + USAGE + ")");
            System.exit(2);
            return;
        }
        Profile profile = profile(cli);
        if (profile.groups().isEmpty()) {
            System.err.println("bench: the " + profile.name() + " profile has no cell on --backends "
                    + String.join(",", cli.backends()) + " (it measures sqlite)");
            System.exit(2);
            return;
        }
        System.exit(
                switch (profile.name()) {
                    case "regress" -> runRegress(cli, profile);
                    case "targets" -> runTargets(cli, profile);
                    default -> run(cli, profile);
                });
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the argument and the bound
     */
    static Cli parse(String[] args) {
        if (args.length == 0 || !PROFILES.contains(args[0])) {
            throw new IllegalArgumentException(
                    args.length == 0
                            ? "no profile given"
                            : "profile must be smoke, full, targets or regress, was \"" + args[0] + "\"");
        }
        Path out = Path.of("bench/target/jmh");
        List<String> backends = BACKENDS;
        int forks = 0;
        List<Integer> threads = List.of();
        List<String> profilers = new ArrayList<>();
        ResultFormatType format = null;
        Path baseline = null;
        double tolerance = DEFAULT_TOLERANCE;
        List<String> gates = List.of();
        int sliceMillis = DEFAULT_SLICE_MILLIS;
        int warmupSeconds = -1;
        int seconds = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            i++;
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--baseline" -> {
                    baseline = Path.of(v);
                    if (!Files.isRegularFile(baseline)) {
                        throw new IllegalArgumentException("--baseline " + v + ": no such file");
                    }
                }
                case "--backends" -> {
                    backends = Arrays.asList(v.split(","));
                    for (String b : backends) {
                        if (!BACKENDS.contains(b)) {
                            throw new IllegalArgumentException(
                                    "--backends takes sqlite and/or postgres, was \"" + v + "\"");
                        }
                    }
                }
                case "--tolerance" -> tolerance = tolerance(v);
                case "-f" -> forks = positive("-f", v, 100);
                case "-t" -> {
                    List<Integer> t = new ArrayList<>();
                    for (String n : v.split(",")) {
                        t.add(positive("-t", n, 256));
                    }
                    threads = List.copyOf(new TreeSet<>(t));
                }
                case "-prof" -> profilers.add(v);
                case "--gates" -> gates = List.of(v.split(","));
                case "--slice-ms" -> sliceMillis = positive("--slice-ms", v, 60_000);
                case "--warmup-s" -> warmupSeconds = positive("--warmup-s", v, 600);
                case "--seconds" -> seconds = positive("--seconds", v, 3_600);
                case "-rf" -> {
                    try {
                        format = ResultFormatType.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "-rf must be json, csv, scsv, text or latex, was \"" + v + "\"");
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
        }
        if (!args[0].equals("targets") && (!gates.isEmpty() || seconds > 0 || warmupSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "--gates, --warmup-s and --seconds are the targets profile's, not " + args[0] + "'s");
        }
        if (seconds > 0 && seconds * 1000L < 5L * sliceMillis) {
            throw new IllegalArgumentException("--seconds " + seconds + " holds fewer than 5 slices of --slice-ms "
                    + sliceMillis + " (two whole pairs and the dropped last slice)");
        }
        return new Cli(
                args[0],
                out,
                backends,
                forks,
                threads,
                List.copyOf(profilers),
                format,
                baseline,
                tolerance,
                gates,
                sliceMillis,
                warmupSeconds,
                seconds);
    }

    /** A {@code --tolerance} value: a fraction strictly between 0 and 1. */
    static double tolerance(String v) {
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!(t > 0 && t < 1)) {
            throw new IllegalArgumentException("--tolerance must be between 0 and 1 (exclusive), was \"" + v + "\"");
        }
        return t;
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(
                option + " takes a whole number from 1 to " + max + ", was \"" + value + "\"");
    }

    /** The profile with the command line's overrides applied. */
    static Profile profile(Cli cli) {
        Profile p = profile(cli.profile(), cli.backends());
        Timing t = p.timing();
        if (cli.forks() > 0) {
            t = new Timing(cli.forks(), t.warmups(), t.warmupSeconds(), t.iterations(), t.iterationSeconds());
        }
        List<Group> groups = p.groups();
        if (!cli.threads().isEmpty()) {
            Set<Group> distinct = new LinkedHashSet<>();
            groups.forEach(g -> distinct.add(
                    new Group(g.backend(), g.strategy(), g.backoff(), g.keys(), cli.threads(), g.attempts())));
            groups = List.copyOf(distinct);
        }
        return new Profile(p.name(), t, groups);
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
                // exactly the cells bench/gates.txt compares, measured per gate by AlternatingBench: both sides in
                // one fork, alternating every 500 ms, two forks of 5 s warm-up + 24 s (23 slice pairs each); a gate
                // is the lower bound of its bootstrap interval over the pairs. 9 gates x 2 forks of ~40 s with the
                // fork's start-up: ~12 min on 2 cores
                timing = new Timing(2, 1, 5, 1, 24);
                groups.addAll(gateGroups(gates(), backends));
            }
            case "regress" -> {
                // the regression gate (PairBench against bench/baseline/regress.json): the store and the atomic
                // update measured at the same time, one thread each, on SQLite, by CPU time per update: 30 paired
                // 1 s iterations (two forks: a fork costs ~15 s of start-up on a loaded machine), 6 s of warm-up
                // because the store's longer path reaches C2 later than the single statement. ~1-1.5 min
                // on 2 cores
                timing = new Timing(2, 6, 1, 15, 1);
                if (backends.contains("sqlite")) {
                    groups.add(new Group("sqlite", "store", "adaptive", List.of("1"), List.of(1), 10));
                }
            }
            default ->
                throw new IllegalArgumentException("profile must be smoke, full, targets or regress, was " + name);
        }
        return new Profile(name, timing, groups);
    }

    /**
     * The targets profile: every gate of bench/gates.txt (or {@code --gates}) on {@code --backends}, measured by
     * {@link AlternatingTargets} with the profile's forks, warm-up and time unless the command line overrides them.
     */
    static int runTargets(Cli cli, Profile profile) throws IOException {
        List<AlternatingTargets.Plan> plans;
        try {
            plans = AlternatingTargets.plans(gates(), cli.backends(), cli.gates());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        if (plans.isEmpty()) {
            System.err.println("bench: no gate of " + cli.gates() + " is on --backends " + cli.backends());
            return 2;
        }
        return AlternatingTargets.run(
                cli.out(),
                plans,
                targetsTiming(cli, profile),
                jvmArgs(null, false, cli.out().toAbsolutePath().resolve("cells")));
    }

    /** The targets profile's timing with the command line's overrides. */
    static AlternatingTargets.Timing targetsTiming(Cli cli, Profile profile) {
        Timing t = profile.timing();
        return new AlternatingTargets.Timing(
                t.forks(),
                cli.warmupSeconds() >= 0 ? cli.warmupSeconds() : t.warmups() * t.warmupSeconds(),
                cli.seconds() > 0 ? cli.seconds() : t.iterations() * t.iterationSeconds(),
                cli.sliceMillis());
    }

    static int run(Cli cli, Profile profile) throws IOException, RunnerException {
        Path out = cli.out().toAbsolutePath();
        // other JMH runs on this machine (another module's benchmarks) must not abort this one; they do make it
        // noisier, which the docs say
        System.setProperty("jmh.ignoreLock", "true");
        Path cells = out.resolve("cells");
        FileTrees.delete(cells);
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
        List<Cell> plan = plan(profile);
        // per cell, each round's JMH JSON entry and sidecar
        Map<String, List<JsonNode>> entries = new LinkedHashMap<>();
        Map<String, List<JsonNode>> sidecars = new LinkedHashMap<>();
        List<JsonNode> others = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        Timing t = profile.timing();
        Path log = out.resolve(profile.name() + ".log");
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("jdk", System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("started", java.time.Instant.now().toString().substring(0, 19) + "Z");
        machine.put("loadAtStart", loadAverage());
        machine.put("slowdownNanos", String.valueOf(Long.getLong(StoreStrategy.SLOWDOWN_PROPERTY, 0)));
        try {
            Files.deleteIfExists(log);
            int n = 0;
            int total = plan.size() * t.forks();
            // fork i of every cell before fork i + 1 of any: the cells a ratio compares run A, B, A, B, so each
            // pair of forks shares what the machine was doing then (Bootstrap resamples those pairs)
            for (int round = 1; round <= t.forks(); round++) {
                for (Cell c : roundOrder(plan, gates(), round)) {
                    n++;
                    Group g = c.group();
                    System.out.printf(
                            Locale.ROOT,
                            "[%d/%d] %s%s ... ",
                            n,
                            total,
                            c.name(),
                            t.forks() > 1 ? " fork " + round + "/" + t.forks() : "");
                    System.out.flush();
                    Files.deleteIfExists(cells.resolve(c.name() + ".json"));
                    ChainedOptionsBuilder o = new OptionsBuilder()
                            .include(ContentionBench.class.getName() + ".update")
                            .param("backend", g.backend())
                            .param("strategy", g.strategy())
                            .param("backoff", g.backoff())
                            .param("keys", c.keys())
                            .param("maxAttempts", String.valueOf(g.attempts()))
                            .threads(c.threads())
                            .syncIterations(false) // see ContentionBench: sync would inflate the counters
                            .forks(1)
                            .warmupIterations(t.warmups())
                            .warmupTime(TimeValue.seconds(t.warmupSeconds()))
                            .measurementIterations(t.iterations())
                            .measurementTime(TimeValue.seconds(t.iterationSeconds()))
                            .jvmArgsAppend(jvmArgs(pgUrl, embedded != null, cells))
                            .output(log.toString() + "." + n);
                    for (String prof : cli.profilers()) {
                        int colon = prof.indexOf(':');
                        if (colon < 0) {
                            o.addProfiler(prof);
                        } else {
                            o.addProfiler(prof.substring(0, colon), prof.substring(colon + 1));
                        }
                    }
                    Optional<RunResult> r = runOne(o);
                    appendLog(log, Path.of(log.toString() + "." + n));
                    Optional<JsonNode> side = sidecar(cells, c.name());
                    side.ifPresent(j -> sidecars.computeIfAbsent(c.name(), k -> new ArrayList<>())
                            .add(j));
                    String verdict = side.map(j -> j.path("verdict").asText()).orElse("NO-REPORT");
                    r.ifPresent(res -> {
                        results.add(res);
                        entries.computeIfAbsent(c.name(), k -> new ArrayList<>())
                                .add(jsonEntry(mapper, res));
                    });
                    boolean control = g.strategy().equals("blind");
                    if (control) {
                        // the negative control must fail its check: JMH reports the cell as failed when the
                        // check throws, so "no result and BROKEN" is the control caught
                        System.out.println(
                                verdict.equals("BROKEN")
                                        ? "negative control caught (check BROKEN, as it must be)"
                                        : "negative control NOT caught (check " + verdict + ")");
                    } else if (r.isPresent()) {
                        System.out.printf(Locale.ROOT, "goodput %.0f/s %s%n", goodput(r.get()), verdict);
                    } else {
                        System.out.println("FAILED (" + verdict + ")");
                    }
                    if (control && !verdict.equals("BROKEN")) {
                        failures.add(c.name() + ": the negative control was not caught (verdict " + verdict + ")");
                    } else if (!control && (r.isEmpty() || !verdict.equals("OK"))) {
                        failures.add(c.name() + ": " + (r.isEmpty() ? "failed" : "verdict") + " " + verdict);
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
                r.ifPresent(res -> {
                    results.add(res);
                    others.add(jsonEntry(mapper, res));
                });
                if (r.isEmpty()) {
                    failures.add("CheckerBench: failed (see " + log + ")");
                }
                System.out.println(r.isPresent() ? "ok" : "FAILED");
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        machine.put("loadAtEnd", loadAverage());
        Path json = out.resolve(profile.name() + ".json");
        writeJson(json, profile.name(), plan, entries, sidecars, others, cells, machine);
        if (cli.resultFormat() != null && cli.resultFormat() != ResultFormatType.JSON) {
            // one row per cell and fork round
            String ext = cli.resultFormat().name().toLowerCase(Locale.ROOT);
            ResultFormatFactory.getInstance(
                            cli.resultFormat(),
                            out.resolve(profile.name() + "." + ext).toString())
                    .writeOut(results);
        }
        Path baselineFile = cli.baseline() != null
                ? cli.baseline()
                : Path.of("bench/baseline/" + profile.name() + ".json").toAbsolutePath();
        Optional<List<JmhResult>> baseline =
                Files.isRegularFile(baselineFile) ? Optional.of(JmhJson.read(baselineFile)) : Optional.empty();
        // the targets are enforced by the targets profile (runTargets); here a gate fails only by regressing
        boolean enforce = false;
        BenchReport report = BenchReport.of(JmhJson.read(json), baseline, gates(), 0.2);
        Path html = out.resolve(profile.name() + ".html");
        report.writeHtml(html, json.toString(), baseline.isPresent() ? baselineFile.toString() : "");
        Path allure = out.resolveSibling("allure-results");
        deleteAllureResults(allure, "bench." + profile.name() + ".");
        report.writeAllure(allure, enforce, false);
        String summary = Summary.render(
                profile.name(), report.run(), t.forks(), (System.nanoTime() - started) / 1e9, report.gates());
        Path md = out.resolve(profile.name() + "-summary.md");
        Files.writeString(md, summary);
        System.out.println();
        System.out.println(summary);
        System.out.println("# JMH JSON: " + json);
        System.out.println("# cell reports: " + cells);
        System.out.println("# summary: " + md);
        System.out.println("# report: " + html + (baseline.isPresent() ? " (baseline " + baselineFile + ")" : ""));
        System.out.println("# Allure results: " + allure);
        int gateFailures = report.failures(enforce, false);
        if (gateFailures > 0) {
            failures.add(gateFailures + " gate(s) of bench/gates.txt regressed against the baseline");
        }
        if (!failures.isEmpty()) {
            System.out.println("# FAILURES:");
            failures.forEach(f -> System.out.println("#   " + f));
            return 1;
        }
        return 0;
    }

    /**
     * The regress profile: {@link PairBench} (the store and the atomic update at the same time), its JMH JSON with
     * the machine in {@code DIR/regress.json}, then the comparison with the baseline (bench/baseline/regress.json or
     * {@code --baseline}). Exit 0 no regression, 1 a regression or a failed check, 2 no baseline or nothing
     * comparable, 3 the run broke.
     */
    static int runRegress(Cli cli, Profile profile) throws IOException {
        Path out = cli.out().toAbsolutePath();
        System.setProperty("jmh.ignoreLock", "true");
        Path cells = out.resolve("cells");
        Files.createDirectories(cells);
        Timing t = profile.timing();
        Group g = profile.groups().get(0);
        Path baselineFile = cli.baseline() != null
                ? cli.baseline()
                : Path.of("bench/baseline/regress.json").toAbsolutePath();
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("jdk", System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("started", java.time.Instant.now().toString().substring(0, 19) + "Z");
        machine.put("loadAtStart", loadAverage());
        machine.put("slowdownNanos", String.valueOf(Long.getLong(StoreStrategy.SLOWDOWN_PROPERTY, 0)));
        Path log = out.resolve(profile.name() + ".log");
        Files.deleteIfExists(log);
        long started = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "# regress: PairBench %s/%s vs atomic on %s, %d forks of %d x %d s warm-up + %d x %d s, slowdown %s ns"
                        + " (JMH output: %s)%n",
                g.strategy(),
                g.backoff(),
                g.backend(),
                t.forks(),
                t.warmups(),
                t.warmupSeconds(),
                t.iterations(),
                t.iterationSeconds(),
                machine.get("slowdownNanos"),
                log);
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(PairBench.class.getName() + ".pair")
                .param("backend", g.backend())
                .param("strategy", g.strategy())
                .param("backoff", g.backoff())
                .forks(t.forks())
                .warmupIterations(t.warmups())
                .warmupTime(TimeValue.seconds(t.warmupSeconds()))
                .measurementIterations(t.iterations())
                .measurementTime(TimeValue.seconds(t.iterationSeconds()))
                .shouldFailOnError(true)
                .jvmArgsAppend(jvmArgs(null, false, cells))
                .output(log.toString());
        for (String prof : cli.profilers()) {
            int colon = prof.indexOf(':');
            if (colon < 0) {
                o.addProfiler(prof);
            } else {
                o.addProfiler(prof.substring(0, colon), prof.substring(colon + 1));
            }
        }
        RunResult r;
        try {
            r = new Runner(o.build()).run().stream().findFirst().orElseThrow();
        } catch (RunnerException | java.util.NoSuchElementException e) {
            boolean broken = Files.exists(log) && Files.readString(log).contains("BROKEN pair side");
            System.out.println("# FAILURES:");
            System.out.println("#   PairBench " + (broken ? "check BROKEN" : "run failed") + " (see " + log + ")");
            return broken ? 1 : 3;
        }
        machine.put("loadAtEnd", loadAverage());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode e = (ObjectNode) jsonEntry(mapper, r);
        ObjectNode cas = e.putObject(JmhJson.CAS_FIELD);
        cas.put("profile", profile.name());
        cas.put("cell", "pair-" + g.backend() + "-" + g.strategy() + "-" + g.backoff());
        ObjectNode m = cas.putObject("machine");
        machine.forEach(m::put);
        Path json = out.resolve(profile.name() + ".json");
        mapper.writeValue(json.toFile(), mapper.createArrayNode().add(e));
        if (cli.resultFormat() != null && cli.resultFormat() != ResultFormatType.JSON) {
            ResultFormatFactory.getInstance(
                            cli.resultFormat(),
                            out.resolve(profile.name() + "."
                                            + cli.resultFormat().name().toLowerCase(Locale.ROOT))
                                    .toString())
                    .writeOut(List.of(r));
        }
        Result<?> atomic = r.getSecondaryResults().get("atomic");
        Result<?> store = r.getSecondaryResults().get("store");
        double atomicCpu = r.getSecondaryResults().get("atomicCpuNanos").getScore()
                / r.getSecondaryResults().get("atomicOps").getScore();
        double storeCpu = r.getSecondaryResults().get("storeCpuNanos").getScore()
                / r.getSecondaryResults().get("storeOps").getScore();
        System.out.printf(
                Locale.ROOT,
                "# regress: atomic %.0f/s, %.2f us CPU per update; %s %.0f/s, %.2f us CPU per update; CPU ratio %.3f;"
                        + " %.0f s wall time, load %s -> %s; JMH JSON %s%n",
                atomic.getScore(),
                atomicCpu / 1000,
                g.strategy(),
                store.getScore(),
                storeCpu / 1000,
                atomicCpu / storeCpu,
                (System.nanoTime() - started) / 1e9,
                machine.get("loadAtStart"),
                machine.get("loadAtEnd"),
                json);
        List<String> failures = new ArrayList<>();
        regression(json, baselineFile, cli.tolerance(), failures);
        if (!failures.isEmpty()) {
            System.out.println("# FAILURES:");
            failures.forEach(f -> System.out.println("#   " + f));
            return failures.get(0).startsWith("regression") ? 1 : 2;
        }
        return 0;
    }

    /**
     * The regress profile's verdict: the run against its baseline ({@link Regression}), printed and written as
     * {@code regress-regression.json} beside the run; a regression is a failure of the run.
     */
    private static void regression(Path json, Path baselineFile, double tolerance, List<String> failures) {
        System.out.println();
        if (!Files.isRegularFile(baselineFile)) {
            failures.add("no baseline " + baselineFile
                    + " to compare the regress run with (record one: docs/benchmarks.md)");
            return;
        }
        Regression.Result r = Regression.compare(
                JmhJson.read(json),
                JmhJson.read(baselineFile),
                tolerance,
                REGRESSION_ALPHA,
                JmhJson.machine(json),
                JmhJson.machine(baselineFile));
        Path out = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + "-regression.json");
        r.writeJson(out);
        System.out.print(r.table());
        System.out.printf(
                Locale.ROOT,
                "# regression check against %s, tolerance %.1f %% (--tolerance), alpha %.2f: %s (%s)%n",
                baselineFile,
                tolerance * 100,
                REGRESSION_ALPHA,
                r.regressed() ? "REGRESSED" : r.decided() ? "no regression" : "nothing comparable",
                out);
        if (r.regressed()) {
            failures.add("regression against " + baselineFile + " beyond " + Math.round(tolerance * 1000) / 10.0
                    + " % and the noise (" + out + ")");
        } else if (!r.decided()) {
            failures.add("no cell of the run could be compared with " + baselineFile + " (" + out + ")");
        }
    }

    static final double REGRESSION_ALPHA = 0.05;

    static String loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
    }

    private static Optional<RunResult> runOne(ChainedOptionsBuilder o) {
        try {
            return new Runner(o.build()).run().stream().findFirst();
        } catch (RunnerException e) {
            return Optional.empty();
        }
    }

    /** The targets: bench/gates.txt, bundled as /gates.txt. */
    static List<RatioGate> gates() {
        try (InputStream in = BenchMain.class.getResourceAsStream("/gates.txt")) {
            if (in == null) {
                throw new IllegalStateException("no /gates.txt on the classpath: rebuild bench (BENCH_REBUILD=1)");
            }
            return RatioGate.parseRules(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /gates.txt", e);
        }
    }

    /**
     * The cell groups that measure every cell the gates compare, on {@code backends}: one group per distinct
     * (backend, strategy, backoff, attempts, hot set), with the thread counts its gates need. A selector that leaves
     * out the backoff means {@code none}, one that leaves out maxAttempts means 10.
     */
    static List<Group> gateGroups(List<RatioGate> gates, List<String> backends) {
        Map<List<String>, TreeSet<Integer>> cells = new LinkedHashMap<>();
        for (RatioGate g : gates) {
            for (RatioGate.Selector s : List.of(g.numerator(), g.denominator())) {
                Map<String, String> p = s.params();
                for (String required : List.of("backend", "strategy", "keys", "threads")) {
                    if (!p.containsKey(required)) {
                        throw new IllegalArgumentException("gate " + g.name() + ": selector \"" + s + "\" names no "
                                + required + ", so no profile can measure it");
                    }
                }
                if (!backends.contains(p.get("backend"))) {
                    continue;
                }
                List<String> key = List.of(
                        p.get("backend"),
                        p.get("strategy"),
                        p.getOrDefault("backoff", "none"),
                        p.getOrDefault("maxAttempts", "10"),
                        p.get("keys"));
                cells.computeIfAbsent(key, k -> new TreeSet<>()).add(Integer.parseInt(p.get("threads")));
            }
        }
        List<Group> groups = new ArrayList<>();
        cells.forEach((k, threads) -> groups.add(new Group(
                k.get(0), k.get(1), k.get(2), List.of(k.get(4)), List.copyOf(threads), Integer.parseInt(k.get(3)))));
        return groups;
    }

    /** One cell of a profile: its group, hot set and threads, and its name. */
    record Cell(Group group, String keys, int threads) {
        String name() {
            return CellName.of(group.backend(), group.strategy(), group.backoff(), keys, threads, group.attempts());
        }
    }

    /**
     * The order of one round: each gate's denominator cell with the cells compared to it as one block, the
     * denominator in the block's middle (so no numerator is more than two cells from it), the block reversed on even
     * rounds (A B C D, D C B A: a drift of the machine within a round hits both sides of a pair alike over two
     * rounds); cells no gate compares follow in the plan's order.
     */
    static List<Cell> roundOrder(List<Cell> plan, List<RatioGate> gates, int round) {
        List<Cell> ordered = new ArrayList<>();
        Set<Cell> placed = new LinkedHashSet<>();
        for (Cell denominator : plan) {
            if (placed.contains(denominator) || gates.stream().noneMatch(g -> matches(g.denominator(), denominator))) {
                continue;
            }
            List<Cell> block = new ArrayList<>();
            for (Cell c : plan) {
                if (!placed.contains(c)
                        && c != denominator
                        && gates.stream()
                                .anyMatch(g -> matches(g.denominator(), denominator) && matches(g.numerator(), c))) {
                    block.add(c);
                }
            }
            block.add(block.size() / 2, denominator);
            if (round % 2 == 0) {
                java.util.Collections.reverse(block);
            }
            block.forEach(c -> {
                if (placed.add(c)) {
                    ordered.add(c);
                }
            });
        }
        plan.stream().filter(c -> !placed.contains(c)).forEach(ordered::add);
        return ordered;
    }

    /** Whether a gate's selector names this cell: every key=value it gives equals the cell's parameter. */
    static boolean matches(RatioGate.Selector s, Cell c) {
        Map<String, String> cell = Map.of(
                "backend", c.group().backend(),
                "strategy", c.group().strategy(),
                "backoff", c.group().backoff(),
                "keys", c.keys(),
                "threads", String.valueOf(c.threads()),
                "maxAttempts", String.valueOf(c.group().attempts()));
        return s.params().entrySet().stream().allMatch(e -> e.getValue().equals(cell.get(e.getKey())));
    }

    /** Every cell of the profile, in the order its groups list them. */
    static List<Cell> plan(Profile profile) {
        List<Cell> plan = new ArrayList<>();
        for (Group g : profile.groups()) {
            for (int threads : g.threads()) {
                for (String keys : g.keys()) {
                    plan.add(new Cell(g, keys, threads));
                }
            }
        }
        return plan;
    }

    /** A run's result as JMH's own JSON writer spells it: one entry. */
    static JsonNode jsonEntry(ObjectMapper mapper, RunResult r) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(List.of(r));
        }
        try {
            return mapper.readTree(buffer.toString(StandardCharsets.UTF_8)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("JMH wrote JSON that does not parse", e);
        }
    }

    /**
     * Writes the run's JMH JSON: per cell one entry with every fork merged ({@link Forks}) and a {@code "cas"}
     * object (the profile, the cell's name, its merged sidecar: check, latency, errors), so that one file carries
     * everything the report and a later baseline need. A cell JMH has no result for in any round (its trial threw,
     * as the negative control's must) gets an entry with NaN scores, {@code "cas": {"failed": true}} and its
     * sidecar, so the report can say it was caught.
     */
    static void writeJson(
            Path json,
            String profile,
            List<Cell> plan,
            Map<String, List<JsonNode>> entries,
            Map<String, List<JsonNode>> sidecars,
            List<JsonNode> others,
            Path cells,
            Map<String, String> machine)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode root = mapper.createArrayNode();
        for (Cell c : plan) {
            List<JsonNode> forks = entries.getOrDefault(c.name(), List.of());
            ObjectNode e;
            if (forks.isEmpty()) {
                e = root.addObject();
                e.put("benchmark", ContentionBench.class.getName() + ".update");
                e.put("mode", "thrpt");
                e.put("threads", c.threads());
                ObjectNode params = e.putObject("params");
                params.put("backend", c.group().backend());
                params.put("backoff", c.group().backoff());
                params.put("keys", c.keys());
                params.put("maxAttempts", String.valueOf(c.group().attempts()));
                params.put("strategy", c.group().strategy());
                e.putObject("primaryMetric")
                        .put("score", "NaN")
                        .put("scoreError", "NaN")
                        .put("scoreUnit", "ops/s");
                e.putObject("secondaryMetrics");
            } else {
                e = Forks.entries(forks);
                root.add(e);
            }
            ObjectNode cas = e.putObject(JmhJson.CAS_FIELD);
            cas.put("profile", profile);
            cas.put("cell", c.name());
            ObjectNode m = cas.putObject("machine");
            machine.forEach(m::put);
            if (forks.isEmpty()) {
                cas.put("failed", true);
            }
            List<JsonNode> side = sidecars.getOrDefault(c.name(), List.of());
            if (!side.isEmpty()) {
                ObjectNode merged = Forks.sidecars(side);
                cas.set("report", merged);
                // the sidecar file holds the whole cell too, not only its last fork
                mapper.writeValue(cells.resolve(c.name() + ".json").toFile(), merged);
            }
        }
        for (JsonNode other : others) {
            ObjectNode e = (ObjectNode) other;
            e.putObject(JmhJson.CAS_FIELD).put("profile", profile);
            root.add(e);
        }
        mapper.writeValue(json.toFile(), root);
    }

    /** Removes the Allure results an earlier run of this profile left, so a re-run is not shown as a retry. */
    private static void deleteAllureResults(Path dir, String fullNamePrefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                if (Files.readString(f).contains("\"fullName\": \"" + fullNamePrefix)) {
                    String uuid = f.getFileName().toString().replace("-result.json", "");
                    try (Stream<Path> mine = Files.list(dir)) {
                        for (Path p : mine.filter(
                                        p -> p.getFileName().toString().startsWith(uuid))
                                .toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
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

    private static String[] jvmArgs(String pgUrl, boolean embedded, Path cells) {
        List<String> a = new ArrayList<>();
        a.add("-Dcas.bench.cells=" + cells);
        String slowdown = System.getProperty(StoreStrategy.SLOWDOWN_PROPERTY);
        if (slowdown != null) {
            // the slowdown switch acts in the forks, where the store runs
            a.add("-D" + StoreStrategy.SLOWDOWN_PROPERTY + "=" + slowdown);
        }
        if (pgUrl != null) {
            a.add("-D" + BenchDatabase.PG_URL_PROPERTY + "=" + pgUrl);
        }
        if (embedded) {
            a.add("-D" + BenchDatabase.EMBEDDED_ORIGIN_PROPERTY
                    + "=embedded, started by BenchMain for this run, durable="
                    + System.getProperty("cas.bench.pg.durable", "true"));
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

    static void appendLog(Path log, Path part) throws IOException {
        if (Files.exists(part)) {
            Files.write(
                    log,
                    Files.readAllBytes(part),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Files.delete(part);
        }
    }
}
