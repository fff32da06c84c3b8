package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A regression check of one run against a committed baseline run, by ratios only: every cell's goodput divided by
 * the atomic update's ({@code strategy=atomic}, same backend, hot set and threads) <em>in the same run</em>, so the
 * machine's speed cancels, compared with the same ratio in the baseline.
 *
 * <p>A cell is {@link Verdict#REGRESSED} when both hold:
 *
 * <ol>
 *   <li>its ratio fell by more than the tolerance: {@code ratio < baseline ratio × (1 − tolerance)}, the smallest
 *       change worth a red build;
 *   <li>the fall is beyond the noise: a one-sided permutation test of the run's per-fork ratios (fork i of the cell
 *       over fork i of the atomic cell, measured next to each other) against the baseline's gives {@code p < alpha}.
 * </ol>
 *
 * <p>This is how benchstat reads two samples (a difference is reported only when a rank test says it is not noise)
 * and how Apache Otava (Hunter) treats a change point (significant by a test, and larger than a magnitude
 * threshold): significance alone flags tiny real drifts on a long baseline, a threshold alone flags one noisy run.
 * The permutation test is exact (every split of the pooled fork ratios) up to {@value #EXACT_LIMIT} splits and a
 * seeded Monte Carlo of as many beyond, so a report is the same every time. A cell whose forks cannot reach
 * {@code alpha} at all (fewer than two on a side, or too few splits) is {@link Verdict#UNDECIDED}, never passed
 * silently. Stateless.
 */
public final class Regression {
    static final int EXACT_LIMIT = 50_000;

    /** The regression gate's own benchmark (bench's {@code PairBench}, group {@code pair}). */
    static final String PAIR_BENCHMARK = "PairBench.pair";

    private Regression() {}

    /** How a cell compares with the baseline. */
    public enum Verdict {
        /** Within the tolerance, or not beyond the noise. */
        OK,
        /** Fell by more than the tolerance, and beyond the noise. */
        REGRESSED,
        /** Cannot be compared: not in the baseline, not OK in either run, or too few forks to reach alpha. */
        UNDECIDED
    }

    /**
     * One cell's comparison.
     *
     * @param cell the cell's name ({@link CellName})
     * @param denominator the atomic cell it is divided by
     * @param ratio goodput ÷ the atomic update's in this run (NaN if undecided before measuring)
     * @param interval the ratio's 95 % bootstrap interval over paired forks in this run
     * @param forkRatios this run's per-fork ratios
     * @param baselineRatio the same ratio in the baseline (NaN if absent)
     * @param baselineInterval its bootstrap interval
     * @param baselineForkRatios the baseline's per-fork ratios
     * @param change ratio ÷ baseline ratio − 1 (−0.1 = 10 % slower relative to the atomic update)
     * @param pValue one-sided permutation p of "this run's fork ratios are lower" (NaN if not computed)
     * @param verdict the verdict
     * @param detail why, in words
     */
    public record Cell(
            String cell,
            String denominator,
            double ratio,
            Optional<Bootstrap.Interval> interval,
            List<Double> forkRatios,
            double baselineRatio,
            Optional<Bootstrap.Interval> baselineInterval,
            List<Double> baselineForkRatios,
            double change,
            double pValue,
            Verdict verdict,
            String detail) {}

    /**
     * The comparison of a run with its baseline.
     *
     * @param tolerance the smallest relative fall flagged (0.05 = 5 %)
     * @param alpha the permutation test's significance level
     * @param cells every comparable cell of the run, in the run's order
     * @param machine the run's machine description (cores, JDK, load), as the bench recorded it
     * @param baselineMachine the baseline's
     */
    public record Result(
            double tolerance,
            double alpha,
            List<Cell> cells,
            Map<String, String> machine,
            Map<String, String> baselineMachine) {

        /** Whether any cell regressed. */
        public boolean regressed() {
            return cells.stream().anyMatch(c -> c.verdict() == Verdict.REGRESSED);
        }

        /** Whether at least one cell was decided (OK or REGRESSED). */
        public boolean decided() {
            return cells.stream().anyMatch(c -> c.verdict() != Verdict.UNDECIDED);
        }

        /** A Markdown table for a person, with the rule and both machines above it. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    Locale.ROOT,
                    "regression check: a cell REGRESSED when its ratio to atomic fell more than %.1f %% below the"
                            + " baseline's and a permutation test of the paired forks gives p < %.2f%n",
                    tolerance * 100,
                    alpha));
            b.append("run:      ").append(describe(machine)).append('\n');
            b.append("baseline: ").append(describe(baselineMachine)).append("\n\n");
            b.append("| cell | ratio (95 % interval) | baseline (95 % interval) | change | p | forks | verdict |\n");
            b.append("|---|---:|---:|---:|---:|---:|---|\n");
            for (Cell c : cells) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %d / %d | %s |%n",
                        c.cell(),
                        ratioText(c.ratio(), c.interval()),
                        ratioText(c.baselineRatio(), c.baselineInterval()),
                        Double.isNaN(c.change()) ? "–" : String.format(Locale.ROOT, "%+.1f %%", c.change() * 100),
                        Double.isNaN(c.pValue()) ? "–" : String.format(Locale.ROOT, "%.3f", c.pValue()),
                        c.forkRatios().size(),
                        c.baselineForkRatios().size(),
                        c.verdict() + (c.verdict() == Verdict.OK ? "" : ": " + c.detail())));
            }
            return b.toString();
        }

        /** The comparison as JSON: the rule, both machines, and per cell every number the table shows. */
        public void writeJson(Path file) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("tolerance", tolerance);
            root.put("alpha", alpha);
            root.put("regressed", regressed());
            root.put("machine", machine);
            root.put("baselineMachine", baselineMachine);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Cell c : cells) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cell", c.cell());
                m.put("denominator", c.denominator());
                m.put("ratio", finite(c.ratio()));
                m.put("low", c.interval().map(Bootstrap.Interval::low).orElse(null));
                m.put("high", c.interval().map(Bootstrap.Interval::high).orElse(null));
                m.put("forkRatios", c.forkRatios());
                m.put("baselineRatio", finite(c.baselineRatio()));
                m.put(
                        "baselineLow",
                        c.baselineInterval().map(Bootstrap.Interval::low).orElse(null));
                m.put(
                        "baselineHigh",
                        c.baselineInterval().map(Bootstrap.Interval::high).orElse(null));
                m.put("baselineForkRatios", c.baselineForkRatios());
                m.put("change", finite(c.change()));
                m.put("p", finite(c.pValue()));
                m.put("verdict", c.verdict().name());
                m.put("detail", c.detail());
                list.add(m);
            }
            root.put("cells", list);
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }

        private static String describe(Map<String, String> m) {
            if (m.isEmpty()) {
                return "(not recorded)";
            }
            StringBuilder b = new StringBuilder();
            m.forEach((k, v) ->
                    b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            return b.toString();
        }

        private static String ratioText(double r, Optional<Bootstrap.Interval> i) {
            if (Double.isNaN(r)) {
                return "–";
            }
            return String.format(Locale.ROOT, "%.3f", r)
                    + i.map(x -> String.format(Locale.ROOT, " (%.3f–%.3f)", x.low(), x.high()))
                            .orElse("");
        }
    }

    /**
     * Compares {@code run} with {@code baseline}, metric {@code goodput}.
     *
     * @param tolerance the smallest relative fall flagged, in (0, 1)
     * @param alpha the significance level, in (0, 1)
     * @throws IllegalArgumentException naming a bound that was broken
     */
    public static Result compare(
            List<JmhResult> run,
            List<JmhResult> baseline,
            double tolerance,
            double alpha,
            Map<String, String> machine,
            Map<String, String> baselineMachine) {
        requireNonNull(run, "run");
        requireNonNull(baseline, "baseline");
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be between 0 and 1 (exclusive), was " + tolerance);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1 (exclusive), was " + alpha);
        }
        List<Cell> cells = new ArrayList<>();
        for (JmhResult top : run) {
            if (top.benchmark().endsWith(PAIR_BENCHMARK)) {
                String name = top.cellName();
                Paired base = baseline.stream()
                        .filter(r -> r.cellName().equals(name))
                        .findFirst()
                        .map(Regression::pairedGroup)
                        .orElse(Paired.missing("not in the baseline"));
                cells.add(compareCell(name, "atomic (same group)", pairedGroup(top), base, tolerance, alpha));
                continue;
            }
            if (!top.benchmark().endsWith("ContentionBench.update")
                    || "atomic".equals(top.param("strategy"))
                    || top.negativeControl()) {
                continue;
            }
            Optional<JmhResult> bottom = atomicFor(run, top);
            if (bottom.isEmpty()) {
                continue;
            }
            String name = top.cellName();
            Optional<JmhResult> baseTop =
                    baseline.stream().filter(r -> r.cellName().equals(name)).findFirst();
            Optional<JmhResult> baseBottom = baseTop.flatMap(t -> atomicFor(baseline, t));
            Paired base = baseTop.isPresent() && baseBottom.isPresent()
                    ? paired(baseTop.get(), baseBottom.get())
                    : Paired.missing("not in the baseline");
            cells.add(compareCell(name, bottom.get().cellName(), paired(top, bottom.get()), base, tolerance, alpha));
        }
        return new Result(tolerance, alpha, List.copyOf(cells), Map.copyOf(machine), Map.copyOf(baselineMachine));
    }

    private static Cell compareCell(
            String name, String denominator, Paired now, Paired base, double tolerance, double alpha) {
        Optional<Bootstrap.Interval> interval = Bootstrap.pairedRatio(now.tops, now.bottoms, name.hashCode());
        Optional<Bootstrap.Interval> baseInterval = Bootstrap.pairedRatio(base.tops, base.bottoms, name.hashCode());
        double change = now.ratio / base.ratio - 1;
        String problem = now.problem != null ? now.problem : base.problem != null ? "baseline: " + base.problem : null;
        if (problem == null && (now.forkRatios.size() < 2 || base.forkRatios.size() < 2)) {
            problem = "needs two forks or more on both sides, has " + now.forkRatios.size() + " and "
                    + base.forkRatios.size();
        }
        if (problem == null && 1.0 / splits(now.forkRatios.size(), base.forkRatios.size()) >= alpha) {
            problem = String.format(
                    Locale.ROOT,
                    "%d and %d forks allow no p below %.3f, alpha is %.3f",
                    now.forkRatios.size(),
                    base.forkRatios.size(),
                    1.0 / splits(now.forkRatios.size(), base.forkRatios.size()),
                    alpha);
        }
        if (problem != null) {
            return new Cell(
                    name,
                    denominator,
                    now.ratio,
                    interval,
                    now.forkRatios,
                    base.ratio,
                    baseInterval,
                    base.forkRatios,
                    change,
                    Double.NaN,
                    Verdict.UNDECIDED,
                    problem);
        }
        double p = permutationP(now.forkRatios, base.forkRatios, name.hashCode());
        boolean fell = now.ratio < base.ratio * (1 - tolerance);
        boolean significant = p < alpha;
        String detail = String.format(
                Locale.ROOT,
                "%.3f vs baseline %.3f (%+.1f %%, tolerance %.1f %%), p = %.3f (alpha %.2f)",
                now.ratio,
                base.ratio,
                change * 100,
                tolerance * 100,
                p,
                alpha);
        Verdict v = fell && significant ? Verdict.REGRESSED : Verdict.OK;
        if (v == Verdict.OK && fell) {
            detail += ": fell beyond the tolerance, but not beyond the noise";
        } else if (v == Verdict.OK && significant && change < 0) {
            detail += ": a significant fall, but within the tolerance";
        }
        return new Cell(
                name,
                denominator,
                now.ratio,
                interval,
                now.forkRatios,
                base.ratio,
                baseInterval,
                base.forkRatios,
                change,
                p,
                v,
                detail);
    }

    /** The atomic cell of {@code run} with the same backend, hot set and threads as {@code cell}. */
    static Optional<JmhResult> atomicFor(List<JmhResult> run, JmhResult cell) {
        return run.stream()
                .filter(r -> r.benchmark().equals(cell.benchmark())
                        && "atomic".equals(r.param("strategy"))
                        && r.threads() == cell.threads()
                        && java.util.Objects.equals(r.param("backend"), cell.param("backend"))
                        && java.util.Objects.equals(r.param("keys"), cell.param("keys")))
                .findFirst();
    }

    private record Paired(
            double ratio, List<Double> tops, List<Double> bottoms, List<Double> forkRatios, String problem) {
        static Paired missing(String problem) {
            return new Paired(Double.NaN, List.of(), List.of(), List.of(), problem);
        }
    }

    /**
     * A {@code PairBench} group: its {@code store} side over its {@code atomic} side, fork by fork, both measured in
     * the same iterations, as updates per CPU second of the side's thread ({@code storeOps / storeCpuNanos} over
     * {@code atomicOps / atomicCpuNanos}, each summed over the fork's iterations) when the group counted CPU time,
     * else as JMH's rates.
     */
    private static Paired pairedGroup(JmhResult group) {
        if (group.failed()) {
            return Paired.missing("cell " + group.cellName() + " failed");
        }
        Optional<List<Double>> store = perCpuSecond(group, "store");
        Optional<List<Double>> atomic = perCpuSecond(group, "atomic");
        if (store.isEmpty() || atomic.isEmpty()) {
            return ratios(group.metric("store"), group.metric("atomic"), group.cellName());
        }
        List<Double> tops = store.get();
        List<Double> bottoms = atomic.get();
        int n = Math.min(tops.size(), bottoms.size());
        if (n == 0) {
            return Paired.missing("no forks in " + group.cellName());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ratios.add(tops.get(i) / bottoms.get(i));
        }
        double top =
                tops.subList(0, n).stream().mapToDouble(Double::doubleValue).sum();
        double bottom =
                bottoms.subList(0, n).stream().mapToDouble(Double::doubleValue).sum();
        return new Paired(top / bottom, tops.subList(0, n), bottoms.subList(0, n), List.copyOf(ratios), null);
    }

    /** Per fork, a side's updates per CPU second: its ops over its CPU nanoseconds, summed over the iterations. */
    private static Optional<List<Double>> perCpuSecond(JmhResult group, String side) {
        Optional<Metric> ops = group.metric(side + "Ops");
        Optional<Metric> cpu = group.metric(side + "CpuNanos");
        if (ops.isEmpty()
                || cpu.isEmpty()
                || ops.get().forks().size() != cpu.get().forks().size()) {
            return Optional.empty();
        }
        List<Double> rates = new ArrayList<>();
        for (int f = 0; f < ops.get().forks().size(); f++) {
            double o = ops.get().forks().get(f).stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            double c = cpu.get().forks().get(f).stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            if (!(c > 0)) {
                return Optional.empty();
            }
            rates.add(o / c * 1e9);
        }
        return Optional.of(rates);
    }

    private static Paired paired(JmhResult top, JmhResult bottom) {
        for (JmhResult c : List.of(top, bottom)) {
            String verdict = c.check().map(CellCheck::verdict).orElse("OK");
            if (c.failed() || !verdict.equals("OK")) {
                return Paired.missing("cell " + c.cellName() + (c.failed() ? " failed" : " checked " + verdict));
            }
        }
        return ratios(top.metric("goodput"), bottom.metric("goodput"), top.cellName());
    }

    private static Paired ratios(Optional<Metric> t, Optional<Metric> b, String cell) {
        if (t.isEmpty() || b.isEmpty() || !(b.get().score() > 0)) {
            return Paired.missing("no metric to divide in " + cell);
        }
        List<Double> tops = t.get().forkMeans();
        List<Double> bottoms = b.get().forkMeans();
        int n = Math.min(tops.size(), bottoms.size());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ratios.add(tops.get(i) / bottoms.get(i));
        }
        return new Paired(
                t.get().score() / b.get().score(),
                tops.subList(0, n),
                bottoms.subList(0, n),
                List.copyOf(ratios),
                null);
    }

    /** The number of ways to split n + m values into groups of n and m (a double: it can be large). */
    static double splits(int n, int m) {
        double c = 1;
        for (int i = 1; i <= n; i++) {
            c = c * (m + i) / i;
        }
        return c;
    }

    /**
     * One-sided permutation p-value of "{@code now} is lower than {@code base}": the share of all splits of the
     * pooled values into groups of their sizes whose mean difference (base − now) is at least the observed one, the
     * observed split included. Exact up to {@link #EXACT_LIMIT} splits, else {@link #EXACT_LIMIT} seeded shuffles.
     */
    static double permutationP(List<Double> now, List<Double> base, long seed) {
        int n = now.size();
        int total = n + base.size();
        double[] pooled = new double[total];
        double sumAll = 0;
        for (int i = 0; i < total; i++) {
            pooled[i] = i < n ? now.get(i) : base.get(i - n);
            sumAll += pooled[i];
        }
        double observed = statistic(sumNow(pooled, n), sumAll, n, total);
        double eps = 1e-12 * Math.max(1, Math.abs(observed));
        if (splits(n, base.size()) <= EXACT_LIMIT) {
            long[] counts = new long[2];
            enumerate(pooled, 0, n, 0.0, sumAll, n, total, observed - eps, counts);
            return (double) counts[0] / counts[1];
        }
        SplittableRandom random = new SplittableRandom(seed);
        int hits = 1;
        double[] a = pooled.clone();
        for (int r = 0; r < EXACT_LIMIT; r++) {
            for (int i = 0; i < n; i++) {
                int k = i + random.nextInt(total - i);
                double tmp = a[i];
                a[i] = a[k];
                a[k] = tmp;
            }
            if (statistic(sumNow(a, n), sumAll, n, total) >= observed - eps) {
                hits++;
            }
        }
        return (double) hits / (EXACT_LIMIT + 1);
    }

    private static double sumNow(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i];
        }
        return s;
    }

    /** mean(base) − mean(now), given the sum of the "now" group. */
    private static double statistic(double sumNow, double sumAll, int n, int total) {
        return (sumAll - sumNow) / (total - n) - sumNow / n;
    }

    /** Every choice of {@code left} more indices from {@code from} on into the "now" group. */
    private static void enumerate(
            double[] pooled,
            int from,
            int left,
            double sumNow,
            double sumAll,
            int n,
            int total,
            double threshold,
            long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (statistic(sumNow, sumAll, n, total) >= threshold) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= total - left; i++) {
            enumerate(pooled, i + 1, left - 1, sumNow + pooled[i], sumAll, n, total, threshold, counts);
        }
    }
}
