package io.casharness.reports.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The regression gate measured: how often it flags a build with a known slowdown (power) and an unchanged build
 * (false alarms), from the runs {@code bench/gate-power.sh} leaves.
 *
 * <pre>
 * GatePower calibrate BASELINE.json SHARE    prints SHARE x the store side's CPU nanoseconds per update
 * GatePower summarize DIR                    reads DIR/unchanged-N/ and DIR/slowed-N/ regress-regression.json
 * GatePower summarize-ab DIR TOLERANCE       reads DIR/session-N/ab.json (bench/run.sh ab --null-side)
 * </pre>
 *
 * <p>{@code summarize-ab} counts, per statistic ({@link AbComparison.Statistic}), how often the same build
 * ({@code same} vs {@code base}) and the slowed build ({@code candidate} vs {@code base}) were flagged at the given
 * tolerance and at others, and the spread of the per-round changes of the unchanged pairs (the noise a tolerance must
 * clear); it writes {@code DIR/gate-power-ab.json}.
 *
 * <p>{@code summarize} prints a table (runs, flagged, rate with its 95 % Wilson interval, per way) at the runs'
 * own tolerance and, from the same runs' changes and p values, at other tolerances (what the measured noise
 * supports), and writes {@code DIR/gate-power.json}. Exit 0, or 2 on bad arguments or no runs. Stateless.
 */
public final class GatePower {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GatePower() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 3 && args[0].equals("calibrate")) {
                double share = Double.parseDouble(args[2]);
                if (!(share > 0 && share < 1)) {
                    throw new IllegalArgumentException("SHARE must be between 0 and 1 (exclusive), was " + args[2]);
                }
                out.println(Math.round(share * storeCpuNanosPerUpdate(Path.of(args[1]))));
                return 0;
            }
            if (args.length == 3 && args[0].equals("summarize-ab")) {
                out.print(summarizeAb(Path.of(args[1]), Double.parseDouble(args[2])));
                return 0;
            }
            if (args.length == 2 && args[0].equals("summarize")) {
                out.print(summarize(Path.of(args[1])));
                return 0;
            }
            throw new IllegalArgumentException(
                    "expected calibrate BASELINE.json SHARE, summarize DIR or summarize-ab DIR TOLERANCE");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("GatePower: " + e.getMessage()
                    + " (usage: GatePower calibrate BASELINE.json SHARE | GatePower summarize DIR | GatePower summarize-ab DIR"
                    + " TOLERANCE)");
            return 2;
        }
    }

    /** A proportion with its 95 % Wilson score interval. */
    public record Rate(int hits, int runs, double low, double high) {
        public double value() {
            return runs == 0 ? Double.NaN : (double) hits / runs;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d / %d = %.0f %% (95 %% Wilson %.0f–%.0f %%)",
                    hits,
                    runs,
                    value() * 100,
                    low * 100,
                    high * 100);
        }
    }

    /** The Wilson score interval (z = 1.96) of {@code hits} in {@code runs}. */
    public static Rate wilson(int hits, int runs) {
        if (runs <= 0 || hits < 0 || hits > runs) {
            throw new IllegalArgumentException("need 0 <= hits <= runs and runs > 0, was " + hits + " of " + runs);
        }
        double z = 1.959964;
        double p = (double) hits / runs;
        double d = 1 + z * z / runs;
        double centre = (p + z * z / (2 * runs)) / d;
        double half = z / d * Math.sqrt(p * (1 - p) / runs + z * z / (4.0 * runs * runs));
        return new Rate(hits, runs, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The exact (Clopper–Pearson) one-sided 95 % bound of a rate from {@code hits} in {@code runs}: the lower bound when
     * {@code lower} (the power the runs show at least), else the upper bound (the false-alarm rate they show at most).
     * With every run a hit, the lower bound is 0.05^(1/runs): 59 runs are the fewest that show 95 %.
     */
    public static double exactBound(int hits, int runs, boolean lower) {
        if (runs <= 0 || hits < 0 || hits > runs) {
            throw new IllegalArgumentException("need 0 <= hits <= runs and runs > 0, was " + hits + " of " + runs);
        }
        if (lower && hits == 0) {
            return 0;
        }
        if (!lower && hits == runs) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 100; i++) {
            double p = (lo + hi) / 2;
            if (lower) {
                // the smallest p with P(X >= hits) >= 0.05; that tail grows with p
                if (1 - cdf(hits - 1, runs, p) < 0.05) {
                    lo = p;
                } else {
                    hi = p;
                }
            } else if (cdf(hits, runs, p) > 0.05) {
                // the largest p with P(X <= hits) >= 0.05; that tail shrinks as p grows
                lo = p;
            } else {
                hi = p;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(X <= k) for X ~ Binomial(n, p). */
    static double cdf(int k, int n, double p) {
        if (k < 0) {
            return 0;
        }
        if (k >= n) {
            return 1;
        }
        double sum = 0;
        double logChoose = 0;
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logChoose += Math.log((double) (n - i + 1) / i);
            }
            sum += Math.exp(logChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
        }
        return Math.min(1, sum);
    }

    /**
     * The slowdown a null-side session realised: the median store CPU per update of its candidate forks over the median
     * of its unslowed forks (base and same), minus one; NaN when either is missing.
     */
    static double realisedSlowdown(JsonNode session) {
        List<Double> slowed = new ArrayList<>();
        List<Double> unslowed = new ArrayList<>();
        for (JsonNode f : session.path("forks")) {
            double perUpdate = 1 / AbComparison.statistic(f.path("entry"), AbComparison.Statistic.STORE_CPU);
            if (!Double.isFinite(perUpdate)) {
                continue;
            }
            (f.path("side").asText().equals("candidate") ? slowed : unslowed).add(perUpdate);
        }
        if (slowed.isEmpty() || unslowed.isEmpty()) {
            return Double.NaN;
        }
        return Regression.median(slowed) / Regression.median(unslowed) - 1;
    }

    /**
     * How often the gate's rule flags a session of {@code rounds} rounds drawn with replacement from {@code roundLogs}
     * (measured per-round log changes, pooled over sessions): {@code sessions} synthetic sessions, seeded. It assumes
     * the rounds are independent; {@link #sessionSpread} says whether the sessions' own means spread more than that.
     */
    static double resampledRate(List<Double> roundLogs, int rounds, double tolerance, int sessions, long seed) {
        if (roundLogs.isEmpty() || rounds < 2) {
            return Double.NaN;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int hits = 0;
        List<Double> draw = new ArrayList<>(rounds);
        for (int k = 0; k < sessions; k++) {
            draw.clear();
            for (int r = 0; r < rounds; r++) {
                draw.add(roundLogs.get(random.nextInt(roundLogs.size())));
            }
            if (AbComparison.regressed(draw, tolerance)) {
                hits++;
            }
        }
        return (double) hits / sessions;
    }

    /**
     * The spread of the sessions' mean log changes, and what it would be if rounds were independent (the pooled
     * per-round sd over the root of the rounds a session has): {@code [observed, expected]}.
     */
    static double[] sessionSpread(List<List<Double>> sessions) {
        List<Double> means = new ArrayList<>();
        List<Double> centred = new ArrayList<>();
        double rounds = 0;
        for (List<Double> s : sessions) {
            if (s.size() < 2) {
                continue;
            }
            double m = AbComparison.mean(s);
            means.add(m);
            rounds += s.size();
            for (double x : s) {
                centred.add(x - m);
            }
        }
        if (means.size() < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double grand = AbComparison.mean(means);
        double between = Math.sqrt(
                means.stream().mapToDouble(m -> (m - grand) * (m - grand)).sum() / (means.size() - 1));
        double within = Math.sqrt(centred.stream().mapToDouble(x -> x * x).sum() / (centred.size() - means.size()));
        return new double[] {between, within / Math.sqrt(rounds / means.size())};
    }

    /** The store side's CPU nanoseconds per update in a regress run (summed over every fork and iteration). */
    static double storeCpuNanosPerUpdate(Path run) {
        for (JsonNode e : read(run)) {
            JsonNode m = e.path("secondaryMetrics");
            double ops = sum(m.path("storeOps").path("rawData"));
            double cpu = sum(m.path("storeCpuNanos").path("rawData"));
            if (ops > 0 && cpu > 0) {
                return cpu / ops;
            }
        }
        throw new IllegalArgumentException(run + " holds no PairBench result with storeOps and storeCpuNanos");
    }

    /** One gate run: its way (unchanged / slowed), verdict, change, p, tolerance and load. */
    record GateRun(String way, String dir, boolean flagged, double change, double p, double tolerance, String load) {}

    static String summarize(Path dir) {
        List<GateRun> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.sorted().toList()) {
                String name = d.getFileName().toString();
                Path json = d.resolve("regress-regression.json");
                if (!Files.isRegularFile(json) || !(name.startsWith("unchanged-") || name.startsWith("slowed-"))) {
                    continue;
                }
                JsonNode root = read(json);
                JsonNode cell = root.path("cells").path(0);
                runs.add(new GateRun(
                        name.substring(0, name.indexOf('-')),
                        name,
                        root.path("regressed").asBoolean(),
                        cell.path("change").asDouble(Double.NaN),
                        cell.path("p").asDouble(Double.NaN),
                        root.path("tolerance").asDouble(),
                        root.path("machine").path("loadAtStart").asText("?")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no unchanged-N/ or slowed-N/ regress run");
        }
        double tolerance = runs.get(0).tolerance();
        double alpha = 0.05;
        StringBuilder b = new StringBuilder();
        b.append("| build | runs | flagged (the gate's verdict) | changes of the ratio: min / median / max |\n");
        b.append("|---|---:|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        for (String way : List.of("unchanged", "slowed")) {
            List<GateRun> mine = runs.stream().filter(r -> r.way().equals(way)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Rate rate = wilson((int) mine.stream().filter(GateRun::flagged).count(), mine.size());
            List<Double> changes = mine.stream()
                    .map(GateRun::change)
                    .filter(Double::isFinite)
                    .sorted()
                    .toList();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s |%n",
                    way,
                    mine.size(),
                    rate,
                    changes.isEmpty()
                            ? "–"
                            : String.format(
                                    Locale.ROOT,
                                    "%+.1f / %+.1f / %+.1f %%",
                                    changes.get(0) * 100,
                                    changes.get(changes.size() / 2) * 100,
                                    changes.get(changes.size() - 1) * 100)));
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("runs", mine.size());
            w.put("flagged", rate.hits());
            w.put("wilsonLow", rate.low());
            w.put("wilsonHigh", rate.high());
            w.put("changes", changes);
            w.put("p", mine.stream().map(GateRun::p).toList());
            w.put("loads", mine.stream().map(GateRun::load).toList());
            json.put(way, w);
        }
        b.append(String.format(
                Locale.ROOT,
                "%nthe same runs at other tolerances (flagged = change below -tolerance and p < %.2f):%n%n",
                alpha));
        b.append("| tolerance | unchanged flagged | slowed flagged |\n|---:|---|---|\n");
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double t : new double[] {0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08}) {
            Optional<Rate> u = rateAt(runs, "unchanged", t, alpha);
            Optional<Rate> s = rateAt(runs, "slowed", t, alpha);
            b.append(String.format(
                    Locale.ROOT,
                    "| %.0f %%%s | %s | %s |%n",
                    t * 100,
                    Math.abs(t - tolerance) < 1e-9 ? " (the runs')" : "",
                    u.map(Rate::toString).orElse("–"),
                    s.map(Rate::toString).orElse("–")));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tolerance", t);
            u.ifPresent(r -> row.put("unchangedFlagged", r.hits()));
            s.ifPresent(r -> row.put("slowedFlagged", r.hits()));
            sweep.add(row);
        }
        json.put("tolerance", tolerance);
        json.put("sweep", sweep);
        try {
            MAPPER.copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("gate-power.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("gate-power.json"), e);
        }
        return b.toString();
    }

    /**
     * The within-session gate measured: sessions of {@code bench/run.sh ab --null-side} in {@code DIR/session-N/},
     * each giving one unchanged comparison (same vs base) and one slowed one (candidate vs base).
     */
    static String summarizeAb(Path dir, double tolerance) {
        List<JsonNode> sessions = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.sorted().toList()) {
                Path json = d.resolve("ab.json");
                if (d.getFileName().toString().startsWith("session-") && Files.isRegularFile(json)) {
                    JsonNode root = read(json);
                    sessions.add(root);
                    loads.add(root.path("machine").path("loadAtStart").asText("?") + "→"
                            + root.path("machine").path("loadAtEnd").asText("?"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no session-N/ab.json (bench/gate-power.sh ab)");
        }
        StringBuilder b = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sessions", sessions.size());
        json.put("tolerance", tolerance);
        json.put("loads", loads);
        b.append(String.format(
                Locale.ROOT, "%d sessions; loads (start→end) %s%n", sessions.size(), String.join(", ", loads)));
        List<Double> realised = sessions.stream()
                .map(GatePower::realisedSlowdown)
                .filter(Double::isFinite)
                .sorted()
                .toList();
        json.put("realisedSlowdowns", realised);
        if (!realised.isEmpty()) {
            b.append(String.format(
                    Locale.ROOT,
                    "slowdown realised (the candidate's store CPU per update over the unslowed sides', per session):"
                            + " min / median / max %+.1f / %+.1f / %+.1f %%%n",
                    realised.get(0) * 100,
                    realised.get(realised.size() / 2) * 100,
                    realised.get(realised.size() - 1) * 100));
        }
        b.append('\n');
        b.append("| statistic | unchanged flagged | slowed flagged | unchanged per-round sd | unchanged change"
                + " min / median / max | slowed change min / median / max |\n");
        b.append("|---|---|---|---:|---|---|\n");
        List<Map<String, Object>> stats = new ArrayList<>();
        for (AbComparison.Statistic st : AbComparison.Statistic.values()) {
            List<AbComparison.Comparison> same = new ArrayList<>();
            List<AbComparison.Comparison> slowed = new ArrayList<>();
            for (JsonNode s : sessions) {
                same.add(AbComparison.compare(s, "base", "same", st, tolerance));
                slowed.add(AbComparison.compare(s, "base", "candidate", st, tolerance));
            }
            List<Double> roundLogs = same.stream()
                    .flatMap(c -> c.pairChanges().stream())
                    .map(Math::log1p)
                    .toList();
            double m = AbComparison.mean(roundLogs);
            double sd = Math.sqrt(
                    roundLogs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, roundLogs.size() - 1));
            Rate u = wilson(flagged(same), same.size());
            Rate sl = wilson(flagged(slowed), slowed.size());
            b.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %s | %s | %.1f %% | %s | %s |%n",
                    st.label(),
                    st == AbComparison.DEFAULT_STATISTIC ? " (the gate's)" : "",
                    u,
                    sl,
                    sd * 100,
                    spread(same),
                    spread(slowed)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("statistic", st.label());
            row.put("unchangedFlagged", u.hits());
            row.put("slowedFlagged", sl.hits());
            row.put("falseAlarmRateAtMost", exactBound(u.hits(), u.runs(), false));
            row.put("powerAtLeast", exactBound(sl.hits(), sl.runs(), true));
            row.put("unchangedRoundSd", sd);
            row.put(
                    "unchangedChanges",
                    same.stream().map(AbComparison.Comparison::change).toList());
            row.put(
                    "slowedChanges",
                    slowed.stream().map(AbComparison.Comparison::change).toList());
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (double t : new double[] {0.02, 0.03, 0.04, 0.05, 0.06, 0.07}) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("tolerance", t);
                r.put("unchangedFlagged", flaggedAt(sessions, "same", st, t));
                r.put("slowedFlagged", flaggedAt(sessions, "candidate", st, t));
                sweep.add(r);
            }
            row.put("sweep", sweep);
            stats.add(row);
        }
        json.put("statistics", stats);
        appendResampled(b, json, sessions, tolerance);
        for (Map<String, Object> row : stats) {
            if (row.get("statistic").equals(AbComparison.DEFAULT_STATISTIC.label())) {
                b.append(String.format(
                        Locale.ROOT,
                        "%nthe gate's statistic, exact one-sided 95 %% bounds (Clopper–Pearson): power at least %.1f %%,"
                                + " false alarms at most %.1f %% (goal: >= 95 %% and <= 5 %%; %s)%n",
                        (double) row.get("powerAtLeast") * 100,
                        (double) row.get("falseAlarmRateAtMost") * 100,
                        (double) row.get("powerAtLeast") >= 0.95 && (double) row.get("falseAlarmRateAtMost") <= 0.05
                                ? "shown"
                                : "not shown by these sessions"));
            }
        }
        b.append(String.format(
                Locale.ROOT,
                "%nat other tolerances (of %d sessions: unchanged flagged / slowed flagged):%n%n",
                sessions.size()));
        b.append("| statistic | 2 % | 3 % | 4 % | 5 % | 6 % | 7 % |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : stats) {
            b.append("| ").append(row.get("statistic"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sweep = (List<Map<String, Object>>) row.get("sweep");
            for (Map<String, Object> r : sweep) {
                b.append(" | ").append(r.get("unchangedFlagged")).append(" / ").append(r.get("slowedFlagged"));
            }
            b.append(" |\n");
        }
        try {
            MAPPER.copy()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("gate-power-ab.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("gate-power-ab.json"), e);
        }
        return b.toString();
    }

    /** Synthetic sessions drawn from the measured rounds: the rates the rounds imply, and a check of independence. */
    private static void appendResampled(
            StringBuilder b, Map<String, Object> json, List<JsonNode> sessions, double tolerance) {
        AbComparison.Statistic st = AbComparison.DEFAULT_STATISTIC;
        int rounds = sessions.get(0).path("rounds").asInt(0);
        Map<String, Object> r = new LinkedHashMap<>();
        for (String side : List.of("same", "candidate")) {
            List<List<Double>> perSession = new ArrayList<>();
            for (JsonNode s : sessions) {
                perSession.add(AbComparison.compare(s, "base", side, st, tolerance).pairChanges().stream()
                        .map(Math::log1p)
                        .toList());
            }
            List<Double> pool = perSession.stream().flatMap(List::stream).toList();
            if (rounds < 2) {
                rounds = perSession.get(0).size();
            }
            double rate = resampledRate(pool, rounds, tolerance, RESAMPLED_SESSIONS, 0x5e55_1011L);
            double[] spread = sessionSpread(perSession);
            String way = side.equals("same") ? "unchanged" : "slowed";
            r.put(way + "Rate", rate);
            r.put(way + "Rounds", pool.size());
            r.put(way + "SessionMeanSd", spread[0]);
            r.put(way + "SessionMeanSdIfIndependent", spread[1]);
            b.append(String.format(
                    Locale.ROOT,
                    "%nresampled (%s, %,d sessions of %d rounds drawn from the %d measured %s rounds): flagged %.2f %%;"
                            + " the measured sessions' mean changes spread %.1f %% (sd), %.1f %% if rounds were"
                            + " independent%n",
                    st.label(),
                    RESAMPLED_SESSIONS,
                    rounds,
                    pool.size(),
                    way,
                    rate * 100,
                    spread[0] * 100,
                    spread[1] * 100));
        }
        r.put("sessions", RESAMPLED_SESSIONS);
        r.put("rounds", rounds);
        json.put("resampled", r);
    }

    private static final int RESAMPLED_SESSIONS = 4_000;

    private static int flagged(List<AbComparison.Comparison> cs) {
        return (int) cs.stream()
                .filter(c -> c.verdict() == Regression.Verdict.REGRESSED)
                .count();
    }

    private static int flaggedAt(List<JsonNode> sessions, String side, AbComparison.Statistic st, double t) {
        return flagged(sessions.stream()
                .map(s -> AbComparison.compare(s, "base", side, st, t))
                .toList());
    }

    private static String spread(List<AbComparison.Comparison> cs) {
        List<Double> v = cs.stream()
                .map(AbComparison.Comparison::change)
                .filter(Double::isFinite)
                .sorted()
                .toList();
        return v.isEmpty()
                ? "–"
                : String.format(
                        Locale.ROOT,
                        "%+.1f / %+.1f / %+.1f %%",
                        v.get(0) * 100,
                        v.get(v.size() / 2) * 100,
                        v.get(v.size() - 1) * 100);
    }

    private static Optional<Rate> rateAt(List<GateRun> runs, String way, double tolerance, double alpha) {
        List<GateRun> mine = runs.stream().filter(r -> r.way().equals(way)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        // the rule Regression applies: ratio < baseline x (1 - tolerance), i.e. change < -tolerance, and p < alpha
        int hits = (int) mine.stream()
                .filter(r -> r.change() < -tolerance && r.p() < alpha)
                .count();
        return Optional.of(wilson(hits, mine.size()));
    }

    private static double sum(JsonNode rawData) {
        double s = 0;
        for (JsonNode fork : rawData) {
            for (JsonNode v : fork) {
                s += v.asDouble();
            }
        }
        return s;
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
