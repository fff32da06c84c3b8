package io.casharness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.casharness.reports.jmh.AbComparison;
import io.casharness.reports.jmh.Regression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The regression gate within one session ({@code bench/run.sh ab}): the base build and the candidate measured
 * alternately, one {@link PairBench} fork of each per round (A, B, then B, A: the order rotates every round, so
 * neither side always runs first), and compared round by round ({@link AbComparison}). No baseline from another
 * time of the machine enters: both forks of a pair ran within a minute of each other.
 *
 * <pre>
 * bench/run.sh ab [--base-jar JAR] [--rounds 6] [--tolerance 0.04] [--statistic cpu-ratio-median] [--null-side]
 *                 [--slowdown-share 0.10] [--warmups 5] [--iterations 10] [--out DIR]
 * </pre>
 *
 * <p>{@code --slowdown-share S} slows every candidate fork by S of the median store CPU per update of the session's
 * unslowed forks measured before it (the first round starts with the base, so there is always one): a slowdown of S at
 * the load the session runs under, where a fixed number of nanoseconds calibrated at another load is a smaller or
 * larger share. {@code --warmups} and {@code --iterations} set a fork's 1 s warm-up and measured iterations.
 *
 * <p>The candidate is this jar, with the slowdown switch ({@code CAS_BENCH_SLOWDOWN_NANOS}) if it is set; the slowdown
 * acts on the candidate's forks only. The base is {@code --base-jar} (a {@code benchmarks.jar} built from the base
 * commit; its forks run on that classpath), or this jar without the slowdown. {@code --null-side} adds a second copy
 * of the base as a third side, compared with the base too: the unchanged-build control {@code bench/gate-power.sh ab}
 * counts false alarms with. Output {@code DIR/ab.json} (every fork's JMH entry, side, round and load) and
 * {@code DIR/ab-comparison.json}. Exit 0 no regression, 1 the candidate regressed or a check failed, 2 a bad
 * argument, 3 the run broke.
 */
public final class AbGate {
    /**
     * Rounds by default: six of 10 s measured a fork rather than three. The noise of one round's change was 8.5 % at a
     * load average of 25-41 with 10 s forks and 10.1 % at 15-47 with 5 s forks (two series, loads not matched:
     * docs/benchmarks.md, The gate within one session), so shorter forks bought no precision per minute; six rounds
     * of two sides, 12 forks, fit 10 minutes up to about 50 s a fork (2.4 % a round at a load of 7-28).
     */
    static final int DEFAULT_ROUNDS = 6;

    static final int WARMUPS = 5;
    static final int ITERATIONS = 10;
    static final double DEFAULT_TOLERANCE = 0.04;

    private static final String USAGE = "usage: bench/run.sh ab [--base-jar JAR] [--rounds 6] [--tolerance 0.04]"
            + " [--statistic cpu-ratio-median|cpu-ratio|store-cpu|wall-ratio-median] [--null-side]"
            + " [--slowdown-share 0.10] [--warmups 5] [--iterations 10] [--out DIR]";

    private AbGate() {}

    /** One side of the session: its label, the classpath its forks run on, and its slowdown. */
    record Side(String label, String classpath, long slowdownNanos) {}

    record Cli(
            Path out,
            Path baseJar,
            int rounds,
            double tolerance,
            AbComparison.Statistic statistic,
            boolean nullSide,
            double slowdownShare,
            int warmups,
            int iterations) {}

    public static void main(String[] args) throws IOException {
        Cli cli;
        try {
            cli = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench ab: " + e.getMessage() + " (" + USAGE + ")");
            System.exit(2);
            return;
        }
        System.exit(run(cli));
    }

    static Cli parse(String[] args) {
        Path out = Path.of("bench/target/ab");
        Path baseJar = null;
        int rounds = DEFAULT_ROUNDS;
        double tolerance = DEFAULT_TOLERANCE;
        AbComparison.Statistic statistic = AbComparison.DEFAULT_STATISTIC;
        boolean nullSide = false;
        double share = 0;
        int warmups = WARMUPS;
        int iterations = ITERATIONS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--null-side")) {
                nullSide = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--base-jar" -> {
                    baseJar = Path.of(v).toAbsolutePath();
                    if (!Files.isRegularFile(baseJar)) {
                        throw new IllegalArgumentException("--base-jar " + v + ": no such file");
                    }
                }
                case "--rounds" -> rounds = whole(a, v, 2, 50);
                case "--tolerance" -> tolerance = BenchMain.tolerance(v);
                case "--statistic" -> statistic = AbComparison.Statistic.of(v);
                case "--slowdown-share" -> {
                    try {
                        share = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        share = Double.NaN;
                    }
                    if (!(share > 0 && share <= 1)) {
                        throw new IllegalArgumentException(
                                "--slowdown-share takes a share above 0 and at most 1 (0.10 is 10 %), was \"" + v
                                        + "\"");
                    }
                }
                case "--warmups" -> warmups = whole(a, v, 1, 30);
                case "--iterations" -> iterations = whole(a, v, 3, 60);
                default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
        }
        if (share > 0 && Long.getLong(StoreStrategy.SLOWDOWN_PROPERTY, 0) > 0) {
            throw new IllegalArgumentException(
                    "--slowdown-share and CAS_BENCH_SLOWDOWN_NANOS both set the candidate's slowdown: give one");
        }
        return new Cli(out, baseJar, rounds, tolerance, statistic, nullSide, share, warmups, iterations);
    }

    private static int whole(String flag, String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    flag + " takes a whole number from " + min + " to " + max + ", was \"" + v + "\"");
        }
        return n;
    }

    /** The sides in their first round's order: base, [same], candidate. */
    static List<Side> sides(Cli cli, String self, long slowdownNanos) {
        String base = cli.baseJar() != null ? cli.baseJar().toString() : self;
        List<Side> sides = new ArrayList<>();
        sides.add(new Side("base", base, 0));
        if (cli.nullSide()) {
            sides.add(new Side("same", base, 0));
        }
        sides.add(new Side("candidate", self, slowdownNanos));
        return List.copyOf(sides);
    }

    /** Round r (from 1) runs the sides rotated by r − 1: A B C, B C A, C A B, … */
    static List<Side> order(List<Side> sides, int round) {
        List<Side> o = new ArrayList<>();
        for (int k = 0; k < sides.size(); k++) {
            o.add(sides.get((k + round - 1) % sides.size()));
        }
        return o;
    }

    static int run(Cli cli) throws IOException {
        Path out = cli.out().toAbsolutePath();
        Files.createDirectories(out);
        System.setProperty("jmh.ignoreLock", "true");
        String self = System.getProperty("java.class.path");
        long slowdown = Long.getLong(StoreStrategy.SLOWDOWN_PROPERTY, 0);
        List<Side> sides = sides(cli, self, slowdown);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jdk", System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("started", java.time.Instant.now().toString().substring(0, 19) + "Z");
        machine.put("loadAtStart", BenchMain.loadAverage());
        ArrayNode sideList = root.putArray("sides");
        for (Side s : sides) {
            sideList.addObject()
                    .put("label", s.label())
                    .put("classpath", s.classpath())
                    .put("slowdownNanos", s.slowdownNanos());
        }
        root.put("rounds", cli.rounds());
        root.put("warmups", cli.warmups());
        root.put("iterations", cli.iterations());
        if (cli.slowdownShare() > 0) {
            root.put("slowdownShare", cli.slowdownShare());
        }
        ArrayNode forks = root.putArray("forks");
        Path log = out.resolve("ab.log");
        Files.deleteIfExists(log);
        long started = System.nanoTime();
        int total = cli.rounds() * sides.size();
        int n = 0;
        List<Double> unslowedStoreCpu = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "# ab: %d rounds of %s, one PairBench fork each (%d x 1 s warm-up + %d x 1 s), candidate slowdown"
                        + " %s, base %s (JMH output: %s)%n",
                cli.rounds(),
                sides.stream().map(Side::label).toList(),
                cli.warmups(),
                cli.iterations(),
                cli.slowdownShare() > 0
                        ? String.format(
                                Locale.ROOT,
                                "%.1f %% of the unslowed sides' store CPU per update so far in this session",
                                cli.slowdownShare() * 100)
                        : slowdown + " ns",
                cli.baseJar() != null ? cli.baseJar() : "this jar",
                log);
        for (int round = 1; round <= cli.rounds(); round++) {
            List<Side> order = order(sides, round);
            for (int pos = 0; pos < order.size(); pos++) {
                Side s = order.get(pos);
                long nanos = s.slowdownNanos();
                if (cli.slowdownShare() > 0 && s.label().equals("candidate")) {
                    // the rotation starts with the base, so at least one unslowed fork has run
                    nanos = Math.round(cli.slowdownShare() * Regression.median(unslowedStoreCpu));
                }
                n++;
                String before = BenchMain.loadAverage();
                long t0 = System.nanoTime();
                Path part = out.resolve("ab.log." + n);
                RunResult r;
                try {
                    r = fork(s, nanos, cli, part);
                } catch (RunnerException | RuntimeException e) {
                    boolean broken =
                            Files.exists(part) && Files.readString(part).contains("BROKEN pair side");
                    BenchMain.appendLog(log, part);
                    System.out.println("[" + n + "/" + total + "] " + s.label() + " round " + round + ": "
                            + (broken ? "check BROKEN" : "run failed: " + e.getMessage()) + " (see " + log + ")");
                    return broken ? 1 : 3;
                }
                BenchMain.appendLog(log, part);
                JsonNode entry = BenchMain.jsonEntry(mapper, r);
                ObjectNode f = forks.addObject();
                f.put("side", s.label());
                f.put("round", round);
                f.put("position", pos);
                f.put("loadAtStart", before);
                f.put("slowdownNanos", nanos);
                f.set("entry", entry);
                double storeCpuNanos = 1e9 / AbComparison.statistic(entry, AbComparison.Statistic.STORE_CPU);
                if (nanos == 0) {
                    unslowedStoreCpu.add(storeCpuNanos);
                }
                System.out.printf(
                        Locale.ROOT,
                        "[%d/%d] round %d %-9s %5.1f s, load %s: store %.2f us CPU per update, CPU ratio %.3f%s%n",
                        n,
                        total,
                        round,
                        s.label(),
                        (System.nanoTime() - t0) / 1e9,
                        before,
                        storeCpuNanos / 1e3,
                        AbComparison.statistic(entry, AbComparison.Statistic.CPU_RATIO_MEDIAN),
                        nanos > 0 ? ", slowdown " + nanos + " ns" : "");
            }
        }
        machine.put("loadAtEnd", BenchMain.loadAverage());
        machine.put("wallSeconds", Math.round((System.nanoTime() - started) / 1e9));
        Path json = out.resolve("ab.json");
        mapper.writeValue(json.toFile(), root);
        List<AbComparison.Comparison> cs = new ArrayList<>();
        for (Side s : sides) {
            if (!s.label().equals("base")) {
                cs.add(AbComparison.compare(root, "base", s.label(), cli.statistic(), cli.tolerance()));
            }
        }
        AbComparison.writeJson(out.resolve("ab-comparison.json"), cli.tolerance(), cs);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "ab check: REGRESSED when the change is below -%.1f %% and its 95 %% bootstrap interval over the"
                        + " %d rounds is below zero%n",
                cli.tolerance() * 100,
                cli.rounds());
        System.out.print(AbComparison.table(cs));
        AbComparison.Comparison candidate = cs.get(cs.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "# ab: %s; %d s wall time, load %s -> %s; %s%n",
                candidate.verdict() == Regression.Verdict.REGRESSED ? "REGRESSED" : "no regression",
                Math.round((System.nanoTime() - started) / 1e9),
                machine.path("loadAtStart").asText(),
                machine.path("loadAtEnd").asText(),
                json);
        return candidate.verdict() == Regression.Verdict.REGRESSED ? 1 : 0;
    }

    /** One PairBench fork of {@code side}: on its classpath (JMH forks with {@code java.class.path}), {@code nanos}. */
    private static RunResult fork(Side side, long nanos, Cli cli, Path log) throws RunnerException {
        String self = System.getProperty("java.class.path");
        System.setProperty("java.class.path", side.classpath());
        try {
            return new Runner(new OptionsBuilder()
                            .include(PairBench.class.getName() + ".pair")
                            .param("backend", "sqlite")
                            .param("strategy", "store")
                            .param("backoff", "adaptive")
                            .forks(1)
                            .warmupIterations(cli.warmups())
                            .warmupTime(TimeValue.seconds(1))
                            .measurementIterations(cli.iterations())
                            .measurementTime(TimeValue.seconds(1))
                            .shouldFailOnError(true)
                            .jvmArgsAppend("-D" + StoreStrategy.SLOWDOWN_PROPERTY + "=" + nanos)
                            .output(log.toString())
                            .build())
                    .run().stream().findFirst().orElseThrow(() -> new RunnerException("no result"));
        } finally {
            System.setProperty("java.class.path", self);
        }
    }
}
