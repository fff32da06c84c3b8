package io.casharness.reports.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The regression gate within one session: a base build and a candidate measured alternately ({@code bench/run.sh
 * ab}: one {@code PairBench} fork of each side per round, the order rotated every round), compared round by round,
 * so the two forks of a pair share whatever the shared machine did in that minute and no baseline from another time
 * is involved.
 *
 * <p>Per fork one {@link Statistic} (higher = faster); per round the candidate's over the base's; the change is
 * {@code exp(mean(log pair ratios)) − 1}, with a 95 % percentile bootstrap interval over the rounds
 * ({@value Bootstrap#RESAMPLES} seeded resamples). A candidate is {@link Regression.Verdict#REGRESSED} when the change
 * is below {@code −tolerance} <em>and</em> the interval lies below zero (the fall is beyond the fork-to-fork noise);
 * with fewer than two rounds it is UNDECIDED. Stateless.
 */
public final class AbComparison {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AbComparison() {}

    /** What one fork is summarised by. Every one is "higher is faster". */
    public enum Statistic {
        /** The median over iterations of (store updates per CPU second) ÷ (atomic updates per CPU second). */
        CPU_RATIO_MEDIAN,
        /** The same ratio over the fork's sums (every iteration's ops and CPU added up). */
        CPU_RATIO,
        /** The store side's updates per CPU second alone, not normalised by the atomic side. */
        STORE_CPU,
        /** The median over iterations of store ÷ atomic by JMH's wall-clock rates. */
        WALL_RATIO_MEDIAN;

        /** The statistic's name on the command line and in JSON: lower case, dashes. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The statistic named {@code label}. */
        public static Statistic of(String label) {
            for (Statistic s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("statistic must be one of "
                    + Arrays.stream(values()).map(Statistic::label).toList() + ", was \"" + label + "\"");
        }
    }

    /** The statistic the gate decides on (the lowest fork-to-fork noise measured: docs/benchmarks.md). */
    public static final Statistic DEFAULT_STATISTIC = Statistic.CPU_RATIO_MEDIAN;

    /**
     * One candidate against the base.
     *
     * @param candidate the candidate side's label
     * @param base the base side's label
     * @param statistic what each fork was summarised by
     * @param pairChanges per round, candidate ÷ base − 1
     * @param change exp(mean log pair ratio) − 1
     * @param interval its 95 % bootstrap interval over rounds (empty with fewer than two)
     * @param verdict REGRESSED, OK or UNDECIDED
     * @param detail why, in words
     */
    public record Comparison(
            String candidate,
            String base,
            Statistic statistic,
            List<Double> pairChanges,
            double change,
            Optional<Bootstrap.Interval> interval,
            Regression.Verdict verdict,
            String detail) {}

    /**
     * The statistic of one fork's JMH JSON entry ({@code PairBench.pair}), NaN if its metrics are missing.
     *
     * @param entry a JMH JSON entry with the {@code storeOps, storeCpuNanos, atomicOps, atomicCpuNanos} counters
     */
    public static double statistic(JsonNode entry, Statistic s) {
        JsonNode m = entry.path("secondaryMetrics");
        double[] so = iterations(m.path("storeOps"));
        double[] sc = iterations(m.path("storeCpuNanos"));
        double[] ao = iterations(m.path("atomicOps"));
        double[] ac = iterations(m.path("atomicCpuNanos"));
        return switch (s) {
            case CPU_RATIO_MEDIAN -> {
                int n = Math.min(Math.min(so.length, sc.length), Math.min(ao.length, ac.length));
                List<Double> r = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (sc[i] > 0 && ac[i] > 0 && ao[i] > 0) {
                        r.add((so[i] / sc[i]) / (ao[i] / ac[i]));
                    }
                }
                yield r.isEmpty() ? Double.NaN : Regression.median(r);
            }
            case CPU_RATIO -> (sum(so) / sum(sc)) / (sum(ao) / sum(ac));
            case STORE_CPU -> sum(so) / sum(sc) * 1e9;
            case WALL_RATIO_MEDIAN -> {
                double[] s1 = iterations(m.path("store"));
                double[] a1 = iterations(m.path("atomic"));
                int n = Math.min(s1.length, a1.length);
                List<Double> r = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (a1[i] > 0) {
                        r.add(s1[i] / a1[i]);
                    }
                }
                yield r.isEmpty() ? Double.NaN : Regression.median(r);
            }
        };
    }

    /**
     * Compares side {@code candidate} with side {@code base} of a session file ({@code ab.json}: {@code forks}, each
     * with {@code side}, {@code round} and the JMH {@code entry}).
     *
     * @param tolerance the smallest relative fall flagged, in (0, 1)
     * @throws IllegalArgumentException on a tolerance out of bounds or an unknown side
     */
    public static Comparison compare(
            JsonNode session, String base, String candidate, Statistic statistic, double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be between 0 and 1 (exclusive), was " + tolerance);
        }
        Map<Integer, Double> b = perRound(session, base, statistic);
        Map<Integer, Double> c = perRound(session, candidate, statistic);
        if (b.isEmpty() || c.isEmpty()) {
            throw new IllegalArgumentException(
                    "the session has no fork of side \"" + (b.isEmpty() ? base : candidate) + "\"");
        }
        List<Double> logs = new ArrayList<>();
        List<Double> changes = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : b.entrySet()) {
            Double cv = c.get(e.getKey());
            if (cv != null && cv > 0 && e.getValue() > 0) {
                logs.add(Math.log(cv / e.getValue()));
                changes.add(cv / e.getValue() - 1);
            }
        }
        if (logs.size() < 2) {
            return new Comparison(
                    candidate,
                    base,
                    statistic,
                    List.copyOf(changes),
                    logs.isEmpty() ? Double.NaN : Math.expm1(logs.get(0)),
                    Optional.empty(),
                    Regression.Verdict.UNDECIDED,
                    "needs two paired rounds or more, has " + logs.size());
        }
        double change = Math.expm1(mean(logs));
        Bootstrap.Interval i = bootstrapMean(logs, 0x5eed_ab);
        Bootstrap.Interval interval = new Bootstrap.Interval(Math.expm1(i.low()), Math.expm1(i.high()), i.pairs());
        boolean fell = fell(logs, tolerance);
        boolean beyondNoise = interval.high() < 0;
        String detail = String.format(
                Locale.ROOT,
                "%s vs %s: %+.1f %% (95 %% interval %+.1f to %+.1f %%, %d rounds), tolerance %.1f %%",
                candidate,
                base,
                change * 100,
                interval.low() * 100,
                interval.high() * 100,
                logs.size(),
                tolerance * 100);
        Regression.Verdict v = fell && beyondNoise ? Regression.Verdict.REGRESSED : Regression.Verdict.OK;
        if (v == Regression.Verdict.OK && fell) {
            detail += ": fell beyond the tolerance, but the interval reaches zero";
        } else if (v == Regression.Verdict.OK && beyondNoise) {
            detail += ": a fall beyond the noise, but within the tolerance";
        }
        return new Comparison(
                candidate, base, statistic, List.copyOf(changes), change, Optional.of(interval), v, detail);
    }

    /** The first half of the rule: the change, {@code exp(mean(logs)) − 1}, is below {@code −tolerance}. */
    static boolean fell(List<Double> logs, double tolerance) {
        return Math.expm1(mean(logs)) < -tolerance;
    }

    /**
     * The whole rule on the per-round log changes of one session, as {@link #compare} applies it: the change is below
     * {@code −tolerance} and the upper end of its 95 % bootstrap interval is below zero (two rounds or more).
     */
    public static boolean regressed(List<Double> logs, double tolerance) {
        return logs.size() >= 2
                && fell(logs, tolerance)
                && bootstrapMean(logs, 0x5eed_ab).high() < 0;
    }

    /** The comparison as a table row: side, change, interval, per-round changes, verdict. */
    public static String table(List<Comparison> comparisons) {
        StringBuilder b = new StringBuilder();
        b.append("| candidate | vs | statistic | change | 95 % interval | per round | verdict |\n");
        b.append("|---|---|---|---:|---|---|---|\n");
        for (Comparison c : comparisons) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    c.candidate(),
                    c.base(),
                    c.statistic().label(),
                    Double.isNaN(c.change()) ? "–" : String.format(Locale.ROOT, "%+.1f %%", c.change() * 100),
                    c.interval()
                            .map(i -> String.format(Locale.ROOT, "%+.1f to %+.1f %%", i.low() * 100, i.high() * 100))
                            .orElse("–"),
                    String.join(
                            " ",
                            c.pairChanges().stream()
                                    .map(x -> String.format(Locale.ROOT, "%+.1f", x * 100))
                                    .toList()),
                    c.verdict() + (c.verdict() == Regression.Verdict.OK ? "" : ": " + c.detail())));
        }
        return b.toString();
    }

    /** Writes the comparisons (and the rule) as JSON. */
    public static void writeJson(Path file, double tolerance, List<Comparison> comparisons) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tolerance", tolerance);
        root.put("rule", "REGRESSED when change < -tolerance and the 95 % bootstrap interval over rounds is below 0");
        root.put("regressed", comparisons.stream().anyMatch(c -> c.verdict() == Regression.Verdict.REGRESSED));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidate", c.candidate());
            m.put("base", c.base());
            m.put("statistic", c.statistic().label());
            m.put("change", Double.isFinite(c.change()) ? c.change() : null);
            m.put("low", c.interval().map(Bootstrap.Interval::low).orElse(null));
            m.put("high", c.interval().map(Bootstrap.Interval::high).orElse(null));
            m.put("pairChanges", c.pairChanges());
            m.put("verdict", c.verdict().name());
            m.put("detail", c.detail());
            list.add(m);
        }
        root.put("comparisons", list);
        try {
            MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Per round, the statistic of {@code side}'s fork in it (a round without that side is left out). */
    static Map<Integer, Double> perRound(JsonNode session, String side, Statistic statistic) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (JsonNode f : session.path("forks")) {
            if (side.equals(f.path("side").asText())) {
                double v = statistic(f.path("entry"), statistic);
                if (Double.isFinite(v)) {
                    m.put(f.path("round").asInt(), v);
                }
            }
        }
        return m;
    }

    /** A 95 % percentile bootstrap interval of the mean, over {@code values} resampled with replacement. */
    static Bootstrap.Interval bootstrapMean(List<Double> values, long seed) {
        int n = values.size();
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[Bootstrap.RESAMPLES];
        for (int r = 0; r < means.length; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += values.get(random.nextInt(n));
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new Bootstrap.Interval(means[(int) (0.025 * means.length)], means[(int) (0.975 * means.length) - 1], n);
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double[] iterations(JsonNode metric) {
        List<Double> v = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode x : fork) {
                v.add(x.asDouble());
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
