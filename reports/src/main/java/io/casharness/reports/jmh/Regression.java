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
 *   <li>the fall is beyond the noise: a one-sided permutation test of the run's paired ratios against the
 *       baseline's gives {@code p < alpha}.
 * </ol>
 *
 * <p>The pairs: for {@code ContentionBench} cells fork i of the cell over fork i of the atomic cell (run in rounds,
 * minutes apart at most), compared by their mean, the ratio being sum over sum; for the regress profile's
 * {@code PairBench} each 1 s iteration of the store side over the same iteration of the atomic side (measured at the
 * same time), as updates per CPU second when the group counted CPU, compared by their median, because on a shared
 * machine a few iterations are hit by a burst and a mean follows them.
 *
 * <p>This is how benchstat reads two samples (a difference is reported only when a rank test says it is not noise)
 * and how Apache Otava (Hunter) treats a change point (significant by a test, and larger than a magnitude
 * threshold): significance alone flags tiny real drifts on a long baseline, a threshold alone flags one noisy run.
 * The permutation test is exact (every split of the pooled fork ratios) up to {@value #EXACT_LIMIT} splits and a
 * seeded Monte Carlo of as many beyond, so a report is the same every time. A cell whose pairs cannot reach
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
     * @param pairRatios this run's paired ratios (per fork, or per iteration for PairBench)
     * @param baselineRatio the same ratio in the baseline (NaN if absent)
     * @param baselineInterval its bootstrap interval
     * @param baselinePairRatios the baseline's
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
            List<Double> pairRatios,
            double baselineRatio,
            Optional<Bootstrap.Interval> baselineInterval,
            List<Double> baselinePairRatios,
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

        /**
         * A warning when the run's load average at start and the baseline's differ by more than a factor of two: the
         * CPU ratio is not load-free (docs/benchmarks.md: the same build measured 1.07 at a load average of 15 and
         * 1.24 at 3), so a verdict across such loads says as much about the machine as about the build.
         */
        public Optional<String> loadWarning() {
            try {
                double now = Double.parseDouble(machine.getOrDefault("loadAtStart", "x"));
                double then = Double.parseDouble(baselineMachine.getOrDefault("loadAtStart", "x"));
                double hi = Math.max(now, then);
                double lo = Math.max(Math.min(now, then), 0.5);
                if (hi / lo > 2) {
                    return Optional.of(String.format(
                            Locale.ROOT,
                            "this run started at a load average of %.1f, the baseline at %.1f: the ratio moves with"
                                    + " the load (docs/benchmarks.md, The regression gate), so read this verdict"
                                    + " with care or record a baseline at this run's load",
                            now,
                            then));
                }
            } catch (NumberFormatException e) {
                // a machine without a recorded load: nothing to compare
            }
            return Optional.empty();
        }

        /** A Markdown table for a person, with the rule and both machines above it. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    Locale.ROOT,
                    "regression check: a cell REGRESSED when its ratio to atomic fell more than %.1f %% below the"
                            + " baseline's and a permutation test of the paired ratios gives p < %.2f%n",
                    tolerance * 100,
                    alpha));
            b.append("run:      ").append(describe(machine)).append('\n');
            b.append("baseline: ").append(describe(baselineMachine)).append('\n');
            loadWarning().ifPresent(w -> b.append("WARNING: ").append(w).append('\n'));
            b.append('\n');
            b.append("| cell | ratio (95 % interval) | baseline (95 % interval) | change | p | pairs | verdict |\n");
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
                        c.pairRatios().size(),
                        c.baselinePairRatios().size(),
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
            root.put("loadWarning", loadWarning().orElse(null));
            List<Map<String, Object>> list = new ArrayList<>();
            for (Cell c : cells) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cell", c.cell());
                m.put("denominator", c.denominator());
                m.put("ratio", finite(c.ratio()));
                m.put("low", c.interval().map(Bootstrap.Interval::low).orElse(null));
                m.put("high", c.interval().map(Bootstrap.Interval::high).orElse(null));
                m.put("pairRatios", c.pairRatios());
                m.put("baselineRatio", finite(c.baselineRatio()));
                m.put(
                        "baselineLow",
                        c.baselineInterval().map(Bootstrap.Interval::low).orElse(null));
                m.put(
                        "baselineHigh",
                        c.baselineInterval().map(Bootstrap.Interval::high).orElse(null));
                m.put("baselinePairRatios", c.baselinePairRatios());
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
        // the machines keep the order the bench wrote them in
        return new Result(
                tolerance,
                alpha,
                List.copyOf(cells),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselineMachine)));
    }

    private static Cell compareCell(
            String name, String denominator, Paired now, Paired base, double tolerance, double alpha) {
        Optional<Bootstrap.Interval> interval = now.medians
                ? bootstrapMedian(now.pairRatios, name.hashCode())
                : Bootstrap.pairedRatio(now.tops, now.bottoms, name.hashCode());
        Optional<Bootstrap.Interval> baseInterval = base.medians
                ? bootstrapMedian(base.pairRatios, name.hashCode())
                : Bootstrap.pairedRatio(base.tops, base.bottoms, name.hashCode());
        double change = now.ratio / base.ratio - 1;
        String problem = now.problem != null ? now.problem : base.problem != null ? "baseline: " + base.problem : null;
        if (problem == null && (now.pairRatios.size() < 2 || base.pairRatios.size() < 2)) {
            problem = "needs two pairs or more on both sides, has " + now.pairRatios.size() + " and "
                    + base.pairRatios.size();
        }
        if (problem == null && 1.0 / splits(now.pairRatios.size(), base.pairRatios.size()) >= alpha) {
            problem = String.format(
                    Locale.ROOT,
                    "%d and %d pairs allow no p below %.3f, alpha is %.3f",
                    now.pairRatios.size(),
                    base.pairRatios.size(),
                    1.0 / splits(now.pairRatios.size(), base.pairRatios.size()),
                    alpha);
        }
        double p = Double.NaN;
        Verdict v = Verdict.UNDECIDED;
        String detail = problem;
        if (problem == null) {
            p = now.medians && base.medians
                    ? permutationMedianP(now.pairRatios, base.pairRatios, name.hashCode())
                    : permutationP(now.pairRatios, base.pairRatios, name.hashCode());
            boolean fell = now.ratio < base.ratio * (1 - tolerance);
            boolean significant = p < alpha;
            detail = String.format(
                    Locale.ROOT,
                    "%.3f vs baseline %.3f (%+.1f %%, tolerance %.1f %%), p = %.3f (alpha %.2f)",
                    now.ratio,
                    base.ratio,
                    change * 100,
                    tolerance * 100,
                    p,
                    alpha);
            v = fell && significant ? Verdict.REGRESSED : Verdict.OK;
            if (v == Verdict.OK && fell) {
                detail += ": fell beyond the tolerance, but not beyond the noise";
            } else if (v == Verdict.OK && significant && change < 0) {
                detail += ": a significant fall, but within the tolerance";
            }
        }
        return new Cell(
                name,
                denominator,
                now.ratio,
                interval,
                now.pairRatios,
                base.ratio,
                baseInterval,
                base.pairRatios,
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

    /**
     * The paired measurements of one side of the comparison.
     *
     * @param ratio the point estimate: sum(tops) / sum(bottoms), or with {@code medians} the median pair ratio
     * @param pairRatios one ratio per pair: per fork (ContentionBench) or per iteration (PairBench)
     * @param medians compare medians (PairBench: many iterations, a few of them hit by a burst of the machine)
     */
    private record Paired(
            double ratio,
            List<Double> tops,
            List<Double> bottoms,
            List<Double> pairRatios,
            String problem,
            boolean medians) {
        Paired(double ratio, List<Double> tops, List<Double> bottoms, List<Double> pairRatios, String problem) {
            this(ratio, tops, bottoms, pairRatios, problem, false);
        }

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
            store = group.metric("store").map(Regression::iterations);
            atomic = group.metric("atomic").map(Regression::iterations);
        }
        if (store.isEmpty()
                || atomic.isEmpty()
                || store.get().size() != atomic.get().size()) {
            return Paired.missing("no store and atomic sides in " + group.cellName());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < store.get().size(); i++) {
            ratios.add(store.get().get(i) / atomic.get().get(i));
        }
        if (ratios.isEmpty()) {
            return Paired.missing("no iterations in " + group.cellName());
        }
        return new Paired(median(ratios), store.get(), atomic.get(), List.copyOf(ratios), null, true);
    }

    private static List<Double> iterations(Metric m) {
        return m.forks().stream().flatMap(List::stream).toList();
    }

    /** Per iteration (every fork's, in order), a side's updates per CPU second: its ops over its CPU nanoseconds. */
    private static Optional<List<Double>> perCpuSecond(JmhResult group, String side) {
        Optional<Metric> ops = group.metric(side + "Ops");
        Optional<Metric> cpu = group.metric(side + "CpuNanos");
        if (ops.isEmpty() || cpu.isEmpty()) {
            return Optional.empty();
        }
        List<Double> o = iterations(ops.get());
        List<Double> c = iterations(cpu.get());
        if (o.size() != c.size()) {
            return Optional.empty();
        }
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < o.size(); i++) {
            if (!(c.get(i) > 0)) {
                return Optional.empty();
            }
            rates.add(o.get(i) / c.get(i) * 1e9);
        }
        return Optional.of(rates);
    }

    public static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** A 95 % percentile bootstrap interval of the median, {@link Bootstrap#RESAMPLES} seeded resamples. */
    static Optional<Bootstrap.Interval> bootstrapMedian(List<Double> values, long seed) {
        int n = values.size();
        if (n < 2) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] medians = new double[Bootstrap.RESAMPLES];
        double[] sample = new double[n];
        for (int r = 0; r < medians.length; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = values.get(random.nextInt(n));
            }
            java.util.Arrays.sort(sample);
            medians[r] = n % 2 == 1 ? sample[n / 2] : (sample[n / 2 - 1] + sample[n / 2]) / 2;
        }
        java.util.Arrays.sort(medians);
        return Optional.of(new Bootstrap.Interval(
                medians[(int) (0.025 * medians.length)], medians[(int) (0.975 * medians.length) - 1], n));
    }

    /**
     * One-sided permutation p of "{@code now}'s median is lower than {@code base}'s": {@link #EXACT_LIMIT} seeded
     * shuffles of the pooled values, the observed split counted once, statistic median(base) − median(now).
     */
    static double permutationMedianP(List<Double> now, List<Double> base, long seed) {
        int n = now.size();
        int total = n + base.size();
        double[] pooled = new double[total];
        for (int i = 0; i < total; i++) {
            pooled[i] = i < n ? now.get(i) : base.get(i - n);
        }
        double observed = median(base) - median(now);
        double eps = 1e-12 * Math.max(1, Math.abs(observed));
        SplittableRandom random = new SplittableRandom(seed);
        int hits = 1;
        double[] a = pooled.clone();
        double[] left = new double[n];
        double[] right = new double[total - n];
        for (int r = 0; r < EXACT_LIMIT; r++) {
            for (int i = 0; i < n; i++) {
                int k = i + random.nextInt(total - i);
                double tmp = a[i];
                a[i] = a[k];
                a[k] = tmp;
            }
            System.arraycopy(a, 0, left, 0, n);
            System.arraycopy(a, n, right, 0, total - n);
            if (sortedMedian(right) - sortedMedian(left) >= observed - eps) {
                hits++;
            }
        }
        return (double) hits / (EXACT_LIMIT + 1);
    }

    private static double sortedMedian(double[] a) {
        java.util.Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
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
