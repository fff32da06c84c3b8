package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * One JMH cell as read from JMH's JSON output: benchmark, threads, parameters, primary score and the secondary
 * metrics (auxiliary counters, percentiles).
 *
 * @param benchmark the fully qualified benchmark method
 * @param mode JMH mode ({@code thrpt}, {@code avgt}, ...)
 * @param threads threads the cell ran with
 * @param params the {@code @Param} values
 * @param score the primary score
 * @param scoreError the primary score's error (99.9% half-width), NaN if JMH gave none
 * @param unit the primary score's unit
 * @param secondary secondary metric name to score
 */
public record JmhResult(
        String benchmark,
        String mode,
        int threads,
        Map<String, String> params,
        double score,
        double scoreError,
        String unit,
        Map<String, Double> secondary) {

    public JmhResult {
        requireNonNull(benchmark, "benchmark");
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** The benchmark's simple name: {@code Class.method}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
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
}
