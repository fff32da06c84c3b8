package io.casharness.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.casharness.reports.FileTrees;
import io.casharness.reports.jmh.RatioGate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The targets profile ({@code bench/run.sh targets}): every gate of bench/gates.txt measured by
 * {@link AlternatingBench}, both sides in one fork, alternating every slice; the gate's ratio and 95 % interval from
 * the slice pairs of all its forks ({@link Alternation}); a gate is MET when the interval's lower bound is at least
 * its bound. Writes {@code DIR/targets-summary.md}, {@code DIR/targets/gates.json} (one object per gate, for tools)
 * and each fork's slices in {@code DIR/targets/forks/}. Exit 0 every gate met, 1 a gate not met, undefined or a side
 * BROKEN. Stateless.
 */
final class AlternatingTargets {

    /**
     * How long each gate runs ({@link BenchMain#targetsTiming}: by default 2 forks of 5 s warm-up + 24 s alternating
     * in 500 ms slices, 23 whole pairs a fork).
     *
     * @param forks forks per gate (0: in this JVM, for tests)
     * @param warmupSeconds the warm-up iteration, alternating too, not recorded
     * @param seconds the measured iteration
     * @param sliceMillis one slice
     */
    record Timing(int forks, int warmupSeconds, int seconds, int sliceMillis) {
        Timing {
            if (forks < 0 || warmupSeconds < 0 || seconds < 1 || sliceMillis < 10) {
                throw new IllegalArgumentException("timing needs forks >= 0, warm-up >= 0 s, >= 1 s measured and"
                        + " slices >= 10 ms, was " + forks + " forks, " + warmupSeconds + " s, " + seconds + " s, "
                        + sliceMillis + " ms");
            }
        }

        /** Whole slice pairs a fork records (AlternatingBench drops the last slice). */
        int pairsPerFork() {
            return (int) ((seconds * 1000L / sliceMillis - 1) / 2);
        }
    }

    /**
     * What one gate measures: both sides on one backend at one thread count.
     *
     * @param gate the rule from bench/gates.txt
     */
    record Plan(
            RatioGate gate,
            String backend,
            String keys,
            int threads,
            String top,
            String topBackoff,
            int topAttempts,
            String bottom,
            String bottomBackoff,
            int bottomAttempts) {

        /**
         * The plan of a gate: each selector's backend, strategy, keys and threads, its backoff ({@code none} when
         * left out) and maxAttempts (10 when left out), as {@link BenchMain#gateGroups} reads them.
         *
         * @throws IllegalArgumentException naming the gate when a selector lacks a dimension or the two sides differ
         *     in backend, hot set or threads (one fork runs both on the same threads and server)
         */
        static Plan of(RatioGate g) {
            Map<String, String> t = g.numerator().params();
            Map<String, String> b = g.denominator().params();
            for (Map<String, String> p : List.of(t, b)) {
                for (String required : List.of("backend", "strategy", "keys", "threads")) {
                    if (!p.containsKey(required)) {
                        throw new IllegalArgumentException("gate " + g.name() + ": a selector names no " + required
                                + ", so it cannot be measured");
                    }
                }
            }
            for (String same : List.of("backend", "keys", "threads")) {
                if (!t.get(same).equals(b.get(same))) {
                    throw new IllegalArgumentException("gate " + g.name() + ": its two sides run in one fork and must"
                            + " share " + same + ", were " + t.get(same) + " and " + b.get(same));
                }
            }
            return new Plan(
                    g,
                    t.get("backend"),
                    t.get("keys"),
                    Integer.parseInt(t.get("threads")),
                    t.get("strategy"),
                    t.getOrDefault("backoff", "none"),
                    Integer.parseInt(t.getOrDefault("maxAttempts", "10")),
                    b.get("strategy"),
                    b.getOrDefault("backoff", "none"),
                    Integer.parseInt(b.getOrDefault("maxAttempts", "10")));
        }
    }

    /** The plans of the gates on {@code backends}, restricted to {@code names} unless it is empty. */
    static List<Plan> plans(List<RatioGate> gates, List<String> backends, List<String> names) {
        for (String n : names) {
            if (gates.stream().noneMatch(g -> g.name().equals(n))) {
                throw new IllegalArgumentException("--gates: no gate \"" + n + "\" in bench/gates.txt");
            }
        }
        return gates.stream()
                .filter(g -> names.isEmpty() || names.contains(g.name()))
                .map(Plan::of)
                .filter(p -> backends.contains(p.backend()))
                .toList();
    }

    /**
     * A gate's outcome.
     *
     * @param estimate the ratio and interval, empty when the forks left fewer than two pairs
     * @param verdicts each side's worst check over the forks ({@code OK}, {@code UNKNOWN}, {@code BROKEN}, or
     *     {@code NO-REPORT} when a fork left no file)
     */
    record Outcome(
            Plan plan,
            Optional<Alternation.Estimate> estimate,
            int forks,
            Map<String, String> verdicts,
            Map<String, Long> totals,
            String loadAtStart,
            String loadAtEnd,
            double seconds) {

        /** MET when the lower bound is at least the bound and both checks passed. */
        String status() {
            if (verdicts.containsValue("BROKEN")) {
                return "BROKEN";
            }
            if (estimate.isEmpty() || verdicts.containsValue("NO-REPORT")) {
                return "UNDEFINED";
            }
            return estimate.get().low() >= plan.gate().minRatio() ? "MET" : "NOT MET";
        }
    }

    private AlternatingTargets() {}

    /** Runs the gates, writes the summary and JSON, prints the summary; returns the exit status. */
    static int run(Path outDir, List<Plan> plans, Timing timing, String[] extraJvmArgs) throws IOException {
        requireNonNull(plans, "plans");
        Path out = outDir.toAbsolutePath();
        Path dir = out.resolve("targets");
        Path forks = dir.resolve("forks");
        FileTrees.delete(forks);
        Files.createDirectories(forks);
        System.setProperty("jmh.ignoreLock", "true");
        long started = System.nanoTime();
        String loadAtStart = BenchMain.loadAverage();
        EmbeddedPostgres embedded = null;
        String pgUrl = BenchDatabase.externalPostgresUrl();
        if (pgUrl == null && plans.stream().anyMatch(p -> p.backend().equals("postgres"))) {
            embedded = BenchDatabase.startEmbedded();
            pgUrl = embedded.getJdbcUrl("postgres", "postgres");
            System.out.println("# PostgreSQL: embedded on port " + embedded.getPort() + ", durable="
                    + System.getProperty("cas.bench.pg.durable", "true"));
        }
        if (timing.forks() == 0 && pgUrl != null) {
            // in this JVM the sides find the server by the property, as a fork does
            System.setProperty(BenchDatabase.PG_URL_PROPERTY, pgUrl);
        }
        List<Outcome> outcomes = new ArrayList<>();
        Path log = out.resolve("targets.log");
        Files.deleteIfExists(log);
        try {
            int n = 0;
            for (Plan p : plans) {
                n++;
                System.out.printf(
                        Locale.ROOT,
                        "[%d/%d] %s: %s/%s vs %s, %s, %d threads, %d fork(s) of %d s + %d s in %d ms slices ... ",
                        n,
                        plans.size(),
                        p.gate().name(),
                        p.top(),
                        p.topBackoff(),
                        p.bottom(),
                        p.backend(),
                        p.threads(),
                        timing.forks(),
                        timing.warmupSeconds(),
                        timing.seconds(),
                        timing.sliceMillis());
                System.out.flush();
                outcomes.add(measure(p, timing, forks, log, jvmArgs(extraJvmArgs, pgUrl, embedded != null)));
                Outcome o = outcomes.get(outcomes.size() - 1);
                System.out.println(o.estimate()
                        .map(e -> String.format(
                                Locale.ROOT,
                                "ratio %.3f [%.3f, %.3f] over %d pairs, %s",
                                e.ratio(),
                                e.low(),
                                e.high(),
                                e.pairs(),
                                o.status()))
                        .orElse(o.status() + " " + o.verdicts()));
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("jdk", System.getProperty("java.vm.version"));
        machine.put(
                "started",
                java.time.Instant.now().minusNanos((long) (seconds * 1e9)).toString());
        machine.put("loadAtStart", loadAtStart);
        machine.put("loadAtEnd", BenchMain.loadAverage());
        machine.put("wallSeconds", String.format(Locale.ROOT, "%.0f", seconds));
        writeJson(dir.resolve("gates.json"), outcomes, timing, machine);
        String summary = summary(outcomes, timing, machine);
        Path md = out.resolve("targets-summary.md");
        Files.writeString(md, summary);
        System.out.println();
        System.out.print(summary);
        System.out.println("# gates JSON: " + dir.resolve("gates.json"));
        System.out.println("# summary: " + md);
        System.out.println("# JMH output: " + log);
        return outcomes.stream().allMatch(o -> o.status().equals("MET")) ? 0 : 1;
    }

    private static String[] jvmArgs(String[] extra, String pgUrl, boolean embedded) {
        List<String> a = new ArrayList<>(List.of(extra));
        if (pgUrl != null) {
            a.add("-D" + BenchDatabase.PG_URL_PROPERTY + "=" + pgUrl);
        }
        if (embedded) {
            a.add("-D" + BenchDatabase.EMBEDDED_ORIGIN_PROPERTY + "=embedded, started by BenchMain for this run,"
                    + " durable=" + System.getProperty("cas.bench.pg.durable", "true"));
        }
        return a.toArray(String[]::new);
    }

    /** One gate: its forks, then their files read back and pooled. */
    static Outcome measure(Plan p, Timing timing, Path forks, Path log, String[] jvmArgs) throws IOException {
        String load = BenchMain.loadAverage();
        long started = System.nanoTime();
        String label = p.gate().name();
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(AlternatingBench.class.getName() + ".alternate")
                .param("backend", p.backend())
                .param("top", p.top())
                .param("topBackoff", p.topBackoff())
                .param("topAttempts", String.valueOf(p.topAttempts()))
                .param("bottom", p.bottom())
                .param("bottomBackoff", p.bottomBackoff())
                .param("bottomAttempts", String.valueOf(p.bottomAttempts()))
                .param("keys", p.keys())
                .param("sliceMillis", String.valueOf(timing.sliceMillis()))
                .param("out", forks.toString())
                .param("label", label)
                .threads(p.threads())
                .syncIterations(false) // as ContentionBench: every thread runs on its own clock
                .forks(timing.forks())
                .warmupIterations(timing.warmupSeconds() > 0 ? 1 : 0)
                .warmupTime(TimeValue.seconds(Math.max(1, timing.warmupSeconds())))
                .measurementIterations(1)
                .measurementTime(TimeValue.seconds(timing.seconds()))
                .jvmArgsAppend(jvmArgs)
                .output(log.toString() + ".part");
        try {
            new Runner(o.build()).run();
        } catch (RunnerException e) {
            // a side that checked BROKEN throws in its teardown; its file says so and the outcome shows it
        }
        BenchMain.appendLog(log, Path.of(log.toString() + ".part"));
        return read(
                p,
                forks,
                Math.max(1, timing.forks()),
                load,
                BenchMain.loadAverage(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The gate's fork files in {@code forks}, pooled: every fork's pairs in one list. */
    static Outcome read(Plan p, Path forks, int expectedForks, String loadAtStart, String loadAtEnd, double seconds)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Alternation.Pair> pairs = new ArrayList<>();
        Map<String, String> verdicts = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        int files = 0;
        List<Path> mine;
        try (Stream<Path> s = Files.list(forks)) {
            mine = s.filter(f -> f.getFileName()
                            .toString()
                            .matches(java.util.regex.Pattern.quote(p.gate().name()) + "-\\d+\\.json"))
                    .sorted()
                    .toList();
        }
        for (Path f : mine) {
            JsonNode j = mapper.readTree(f.toFile());
            files++;
            for (String role : List.of("top", "bottom")) {
                String v = j.path("checks").path(role).path("verdict").asText("NO-REPORT");
                verdicts.merge(role, v, AlternatingTargets::worse);
            }
            List<Alternation.Slice> slices = new ArrayList<>();
            for (JsonNode s : j.path("slices")) {
                boolean top = s.path("side").asText().equals("top");
                Alternation.Slice slice = new Alternation.Slice(
                        s.path("index").asInt(),
                        top,
                        s.path("successes").asLong(),
                        s.path("attempts").asLong(),
                        s.path("giveUps").asLong(),
                        s.path("errors").asLong(),
                        s.path("nanos").asLong());
                slices.add(slice);
                String side = top ? "top" : "bottom";
                totals.merge(side + "Successes", slice.successes(), Long::sum);
                totals.merge(side + "Attempts", slice.attempts(), Long::sum);
                totals.merge(side + "GiveUps", slice.giveUps(), Long::sum);
                totals.merge(side + "Errors", slice.errors(), Long::sum);
                totals.merge(side + "Nanos", slice.nanos(), Long::sum);
            }
            pairs.addAll(Alternation.pairs(slices));
        }
        if (files < expectedForks) {
            verdicts.merge("top", "NO-REPORT", AlternatingTargets::worse);
        }
        return new Outcome(
                p, Alternation.estimate(pairs, 42), files, verdicts, totals, loadAtStart, loadAtEnd, seconds);
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("OK", "UNKNOWN", "NO-REPORT", "BROKEN");
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    static void writeJson(Path file, List<Outcome> outcomes, Timing timing, Map<String, String> machine)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("method", "alternating slices within one fork (AlternatingBench)");
        ObjectNode t = root.putObject("timing");
        t.put("forks", timing.forks());
        t.put("warmupSeconds", timing.warmupSeconds());
        t.put("seconds", timing.seconds());
        t.put("sliceMillis", timing.sliceMillis());
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        ArrayNode gates = root.putArray("gates");
        for (Outcome o : outcomes) {
            ObjectNode g = gates.addObject();
            g.put("name", o.plan().gate().name());
            g.put("numerator", o.plan().gate().numerator().toString());
            g.put("denominator", o.plan().gate().denominator().toString());
            g.put("bound", o.plan().gate().minRatio());
            o.estimate().ifPresent(e -> {
                g.put("ratio", e.ratio());
                g.put("low", e.low());
                g.put("high", e.high());
                g.put("pairs", e.pairs());
            });
            g.put("forks", o.forks());
            g.put("status", o.status());
            ObjectNode v = g.putObject("checks");
            o.verdicts().forEach(v::put);
            ObjectNode c = g.putObject("totals");
            o.totals().forEach(c::put);
            g.put("loadAtStart", o.loadAtStart());
            g.put("loadAtEnd", o.loadAtEnd());
            g.put("seconds", Math.round(o.seconds()));
        }
        Files.createDirectories(file.getParent());
        mapper.writeValue(file.toFile(), root);
    }

    /** The markdown summary: one row per gate. */
    static String summary(List<Outcome> outcomes, Timing timing, Map<String, String> machine) {
        StringBuilder s = new StringBuilder();
        s.append("# Targets, alternating within one fork\n\n");
        s.append(String.format(
                Locale.ROOT,
                "%d gate(s), %d fork(s) each of %d s warm-up + %d s alternating in %d ms slices; %s s wall time;"
                        + " load average %s at the start, %s at the end, %d cores. A gate is MET when the lower bound"
                        + " of its 95 %% bootstrap interval over the slice pairs is at least its bound.\n\n",
                outcomes.size(),
                timing.forks(),
                timing.warmupSeconds(),
                timing.seconds(),
                timing.sliceMillis(),
                machine.get("wallSeconds"),
                machine.get("loadAtStart"),
                machine.get("loadAtEnd"),
                Runtime.getRuntime().availableProcessors()));
        s.append(
                "| gate | needs | ratio | 95 % interval | slice pairs | forks | lower bound | by the lower bound | checks | load"
                        + " (start → end) | top goodput/s | bottom goodput/s | top give-ups |\n");
        s.append("|---|---:|---:|---|---:|---:|---:|---|---|---|---:|---:|---:|\n");
        for (Outcome o : outcomes) {
            Optional<Alternation.Estimate> e = o.estimate();
            Map<String, Long> t = o.totals();
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | ≥ %s | %s | %s | %d | %d | %s | **%s** | %s | %s → %s | %.0f | %.0f | %d |\n",
                    o.plan().gate().name(),
                    o.plan().gate().minRatio(),
                    e.map(x -> String.format(Locale.ROOT, "%.3f", x.ratio())).orElse("–"),
                    e.map(x -> String.format(Locale.ROOT, "%.3f–%.3f", x.low(), x.high()))
                            .orElse("–"),
                    e.map(Alternation.Estimate::pairs).orElse(0),
                    o.forks(),
                    e.map(x -> String.format(Locale.ROOT, "%.3f", x.low())).orElse("–"),
                    o.status(),
                    o.verdicts().getOrDefault("top", "–") + "/" + o.verdicts().getOrDefault("bottom", "–"),
                    o.loadAtStart(),
                    o.loadAtEnd(),
                    rate(t, "top"),
                    rate(t, "bottom"),
                    t.getOrDefault("topGiveUps", 0L)));
        }
        return s.toString();
    }

    private static double rate(Map<String, Long> totals, String side) {
        long nanos = totals.getOrDefault(side + "Nanos", 0L);
        return nanos == 0 ? Double.NaN : totals.getOrDefault(side + "Successes", 0L) * 1e9 / nanos;
    }
}
