package io.casharness.reports.jmh;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a benchmark cell reported beside its JMH scores (the bench module's per-cell sidecar, carried in the JMH JSON
 * under {@code "cas"}): the correctness verdict and whole-operation latency, every attempt and backoff included.
 * Immutable.
 *
 * @param verdict {@code OK}, {@code UNKNOWN}, {@code BROKEN}, or {@code NO-REPORT} when the cell left no sidecar
 * @param database the database the cell ran on, as the bench described it (product, version, source)
 * @param successes updates reported applied, warm-up included
 * @param applied increments found in the database after the trial
 * @param p50us median latency in µs (NaN if not measured)
 * @param p99us 99th percentile in µs
 * @param p999us 99.9th percentile in µs
 * @param maxus the slowest operation in µs
 * @param errors database errors by SQLState or SQLite code
 */
public record CellCheck(
        String verdict,
        String database,
        long successes,
        long applied,
        double p50us,
        double p99us,
        double p999us,
        double maxus,
        Map<String, Long> errors) {

    public CellCheck {
        requireNonNull(verdict, "verdict");
        requireNonNull(database, "database");
        errors = Map.copyOf(errors);
    }

    /**
     * The database without what differs per cell (the temp file, the schema): {@code sqlite (SQLite 3.54.1)},
     * {@code postgres (external PostgreSQL 17.6 at jdbc:postgresql://localhost:44087/postgres?user=postgres)}.
     */
    public String databaseKind() {
        return database.replaceAll(", schema \\w+", "").replaceAll("file /\\S+, ", "");
    }

    /** A cell whose sidecar is missing: nothing was checked. */
    public static CellCheck missing() {
        return new CellCheck("NO-REPORT", "", 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of());
    }
}
