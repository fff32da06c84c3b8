package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ratio between two cells of ONE run — the only comparison that survives a noisy, shared machine — held against a
 * bound: {@code pg-hot-16 | ContentionBench.update:goodput backend=postgres keys=1 threads=16 |
 * ContentionBench.update:goodput backend=postgres strategy=atomic keys=1 threads=16 | >= 0.5}.
 *
 * <p>A selector is a benchmark name matched as a suffix of the fully qualified name ({@code Class.method} or
 * {@code method}), optionally followed by {@code :metric} to compare a secondary metric (JMH's own spelling,
 * {@code ContentionBench.update:goodput}) instead of the primary score, then {@code key=value} pairs matched against
 * the cell's parameters and {@code threads}. A selector must match exactly one cell. Immutable.
 *
 * @param name a short id for the rule
 * @param numerator the selector of the cell on top
 * @param denominator the selector of the cell below
 * @param minRatio the ratio must be at least this
 */
public record RatioGate(String name, Selector numerator, Selector denominator, double minRatio) {

    public RatioGate {
        requireNonNull(name, "name");
        requireNonNull(numerator, "numerator");
        requireNonNull(denominator, "denominator");
        if (!(minRatio > 0) || Double.isInfinite(minRatio)) {
            throw new IllegalArgumentException(
                    "gate " + name + ": min ratio must be a finite number > 0, was " + minRatio);
        }
    }

    /** How a gate stands. */
    public enum Status {
        MET,
        NOT_MET,
        /** A selector matched no cell, or several, or the denominator scored 0. */
        UNDEFINED,
        /**
         * The run is not one to decide the gate on (the smoke profile: cells too short, most gated cells not
         * measured): shown with its ratio if there is one, never failed.
         */
        NOT_GATED,
        /** Met or not, the ratio fell by more than the allowed drop against the baseline run. */
        REGRESSED
    }

    /**
     * The result of evaluating a gate.
     *
     * @param gate the rule
     * @param ratio the ratio in this run (NaN if undefined)
     * @param baselineRatio the ratio in the baseline run, if one was given and it is defined
     * @param status the standing
     * @param detail why, in words
     * @param interval the ratio's 95 % bootstrap interval over paired forks, when both cells ran two forks or more
     */
    public record Evaluation(
            RatioGate gate,
            double ratio,
            Optional<Double> baselineRatio,
            Status status,
            String detail,
            Optional<Bootstrap.Interval> interval) {

        /** This evaluation, shown but not gated, for {@code why} ({@code "smoke"}). */
        public Evaluation notGated(String why) {
            return new Evaluation(
                    gate, ratio, baselineRatio, Status.NOT_GATED, "not gated (" + why + "): " + detail, interval);
        }
    }

    /**
     * A benchmark name suffix, the metric to read (empty: the primary score), and parameter constraints.
     *
     * @param benchmark {@code Class.method} or {@code method}
     * @param metric a secondary metric's name, or empty for the primary score
     * @param params parameter (and {@code threads}) values the cell must have
     */
    public record Selector(String benchmark, String metric, Map<String, String> params) {
        public Selector {
            requireNonNull(benchmark, "benchmark");
            requireNonNull(metric, "metric");
            // keep the order the rule was written in, so messages quote the selector as written
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /**
         * Parses {@code Class.method[:metric] k=v k=v}.
         *
         * @throws IllegalArgumentException naming the text if it is empty or a pair lacks '='
         */
        public static Selector parse(String text) {
            String[] parts = text.trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("empty cell selector");
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "selector \"" + text.trim() + "\": expected key=value, found \"" + parts[i] + "\"");
                }
                params.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            int colon = parts[0].indexOf(':');
            return colon < 0
                    ? new Selector(parts[0], "", params)
                    : new Selector(parts[0].substring(0, colon), parts[0].substring(colon + 1), params);
        }

        public boolean matches(JmhResult r) {
            String b = r.benchmark();
            if (!(b.equals(benchmark) || b.endsWith("." + benchmark))) {
                return false;
            }
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!e.getValue().equals(r.param(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(benchmark);
            if (!metric.isEmpty()) {
                b.append(':').append(metric);
            }
            params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            return b.toString();
        }
    }

    /**
     * Parses gate rules, one per line: {@code name | numerator | denominator | >= ratio}; '#' starts a comment.
     *
     * @throws IllegalArgumentException naming the line number and the text of a malformed line
     */
    public static List<RatioGate> parseRules(List<String> lines) {
        List<RatioGate> gates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (body.isEmpty()) {
                continue;
            }
            String[] f = body.split("\\|");
            if (f.length != 4 || !f[3].trim().startsWith(">=")) {
                throw new IllegalArgumentException("gate line " + (i + 1)
                        + ": expected 'name | numerator | denominator | >= ratio', found \"" + body + "\"");
            }
            double min;
            try {
                min = Double.parseDouble(f[3].trim().substring(2).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "gate line " + (i + 1) + ": ratio is not a number in \"" + body + "\"");
            }
            gates.add(new RatioGate(f[0].trim(), Selector.parse(f[1]), Selector.parse(f[2]), min));
        }
        return gates;
    }

    /**
     * Evaluates this gate on {@code run}, and against {@code baseline} when given: a ratio that fell by more than
     * {@code maxDrop} (0.2 = 20%) relative to the baseline's is {@link Status#REGRESSED}.
     */
    public Evaluation evaluate(List<JmhResult> run, Optional<List<JmhResult>> baseline, double maxDrop) {
        Ratio now = ratio(run);
        if (now.problem != null) {
            return new Evaluation(this, Double.NaN, Optional.empty(), Status.UNDEFINED, now.problem, Optional.empty());
        }
        Optional<Double> base =
                baseline.map(this::ratio).filter(r -> r.problem == null).map(r -> r.value);
        Optional<Bootstrap.Interval> interval = Bootstrap.pairedRatio(now.topForks, now.bottomForks, name.hashCode());
        String detail = String.format(
                        java.util.Locale.ROOT,
                        "%.3f = %.4g / %.4g (needs >= %.2f)",
                        now.value,
                        now.top,
                        now.bottom,
                        minRatio)
                + interval.map(i -> String.format(
                                java.util.Locale.ROOT,
                                "; 95%% interval %.3f-%.3f over %d paired forks",
                                i.low(),
                                i.high(),
                                i.pairs()))
                        .orElse("");
        if (base.isPresent() && now.value < base.get() * (1 - maxDrop)) {
            return new Evaluation(
                    this,
                    now.value,
                    base,
                    Status.REGRESSED,
                    detail
                            + String.format(
                                    java.util.Locale.ROOT,
                                    "; baseline %.3f, fell more than %.0f%%",
                                    base.get(),
                                    maxDrop * 100),
                    interval);
        }
        return new Evaluation(
                this, now.value, base, now.value >= minRatio ? Status.MET : Status.NOT_MET, detail, interval);
    }

    private record Ratio(
            double value, double top, double bottom, List<Double> topForks, List<Double> bottomForks, String problem) {
        static Ratio undefined(String problem) {
            return new Ratio(Double.NaN, 0, 0, List.of(), List.of(), problem);
        }
    }

    private Ratio ratio(List<JmhResult> run) {
        List<JmhResult> tops = run.stream().filter(numerator::matches).toList();
        List<JmhResult> bottoms = run.stream().filter(denominator::matches).toList();
        if (tops.size() != 1) {
            return Ratio.undefined("numerator \"" + numerator + "\" matched " + tops.size() + " cells");
        }
        if (bottoms.size() != 1) {
            return Ratio.undefined("denominator \"" + denominator + "\" matched " + bottoms.size() + " cells");
        }
        for (JmhResult cell : List.of(tops.get(0), bottoms.get(0))) {
            String verdict = cell.check().map(CellCheck::verdict).orElse("OK");
            if (!verdict.equals("OK")) {
                // a BROKEN cell's goodput counts updates that were lost: no ratio means anything with it
                return Ratio.undefined("cell " + cell.cellName() + " checked " + verdict);
            }
        }
        Optional<Metric> top = tops.get(0).metric(numerator.metric());
        Optional<Metric> bottom = bottoms.get(0).metric(denominator.metric());
        if (top.isEmpty() || bottom.isEmpty()) {
            return Ratio.undefined("no metric \"" + (top.isEmpty() ? numerator : denominator).metric() + "\" in "
                    + (top.isEmpty() ? tops : bottoms).get(0).cellName());
        }
        double t = top.get().score();
        double b = bottom.get().score();
        if (!(b > 0) || Double.isNaN(t)) {
            return Ratio.undefined("denominator scored " + b + ", numerator " + t);
        }
        return new Ratio(t / b, t, b, top.get().forkMeans(), bottom.get().forkMeans(), null);
    }
}
