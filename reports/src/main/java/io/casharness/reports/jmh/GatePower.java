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
                Locale.ROOT, "%d sessions; loads (start→end) %s%n%n", sessions.size(), String.join(", ", loads)));
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
