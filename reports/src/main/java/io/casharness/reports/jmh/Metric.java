package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One JMH metric of a cell (the primary score, or a secondary one such as {@code goodput}), as JMH's JSON gives it.
 * Immutable.
 *
 * @param score the mean over every measured iteration of every fork
 * @param error JMH's 99.9 % confidence half-width; NaN when JMH gives none (a single iteration)
 * @param unit for example {@code ops/s}
 * @param forks the raw iteration scores, one list per fork ({@code rawData}); empty if JMH wrote none
 */
public record Metric(double score, double error, String unit, List<List<Double>> forks) {

    public Metric {
        requireNonNull(unit, "unit");
        forks = forks.stream().map(List::copyOf).toList();
    }

    /** A metric with no raw data. */
    public static Metric of(double score, double error, String unit) {
        return new Metric(score, error, unit, List.of());
    }

    /** The mean of each fork's iterations, in fork order (what a fork-level bootstrap resamples). */
    public List<Double> forkMeans() {
        return forks.stream()
                .filter(f -> !f.isEmpty())
                .map(f -> f.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toList();
    }
}
