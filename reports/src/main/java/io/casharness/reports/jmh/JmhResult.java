package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One JMH cell as read from JMH's JSON output: benchmark, threads, parameters, the primary metric and the secondary
 * ones (auxiliary counters such as {@code goodput}), and, for the bench module's contention cells, the sidecar the
 * cell left ({@link CellCheck}: verdict, latency percentiles). Immutable.
 *
 * @param benchmark the fully qualified benchmark method
 * @param mode JMH mode ({@code thrpt}, {@code avgt}, ...)
 * @param threads threads the cell ran with
 * @param params the {@code @Param} values
 * @param primary the primary score
 * @param secondary secondary metric name to metric
 * @param profile the bench profile the cell was measured in ({@code smoke}, {@code full}, ...), or empty when the
 *     JSON came from a plain JMH run
 * @param check the cell's sidecar, when the bench wrote one
 * @param failed JMH has no result for the cell: its trial threw (as the negative control's check must); scores NaN
 */
public record JmhResult(
        String benchmark,
        String mode,
        int threads,
        Map<String, String> params,
        Metric primary,
        Map<String, Metric> secondary,
        String profile,
        Optional<CellCheck> check,
        boolean failed) {

    public JmhResult {
        requireNonNull(benchmark, "benchmark");
        requireNonNull(primary, "primary");
        requireNonNull(profile, "profile");
        requireNonNull(check, "check");
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** The primary score. */
    public double score() {
        return primary.score();
    }

    /** The primary score's error (99.9 % half-width), NaN if JMH gave none. */
    public double scoreError() {
        return primary.error();
    }

    /** The primary score's unit. */
    public String unit() {
        return primary.unit();
    }

    /**
     * A metric by JMH's name: empty or {@code primary} for the primary score, else a secondary metric.
     *
     * @return empty if the cell has no such metric
     */
    public Optional<Metric> metric(String name) {
        return name.isEmpty() || name.equals("primary")
                ? Optional.of(primary)
                : Optional.ofNullable(secondary.get(name));
    }

    /** A secondary metric's score, NaN if absent. */
    public double secondaryScore(String name) {
        Metric m = secondary.get(name);
        return m == null ? Double.NaN : m.score();
    }

    /** The benchmark's simple name: {@code Class.method}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    /** The cell's name ({@link CellName}). */
    public String cellName() {
        return CellName.of(shortName(), params, threads);
    }

    /** Parameters plus {@code threads}, sorted, as {@code k=v k=v}. */
    public String cellLabel() {
        TreeMap<String, String> all = new TreeMap<>(params);
        all.put("threads", Integer.toString(threads));
        StringBuilder b = new StringBuilder();
        all.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    /** The value of a parameter, or of {@code threads}; null if absent. */
    public String param(String name) {
        return name.equals("threads") ? Integer.toString(threads) : params.get(name);
    }

    /** Whether this is a deliberately broken strategy: a negative control whose check must say BROKEN. */
    public boolean negativeControl() {
        return "blind".equals(params.get("strategy"));
    }
}
