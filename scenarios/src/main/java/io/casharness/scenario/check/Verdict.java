package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Checker} concluded about one history.
 *
 * <p>Immutable.
 *
 * @param result pass / fail / unknown
 * @param anomalies the anomalies found (possibly capped per type; {@link #notes()} then says how many more)
 * @param contention the contention the history achieved
 * @param opCount the number of ops checked
 * @param notes plain-English remarks: why the result is {@code UNKNOWN}, how many info ops stayed unresolved, how
 *     many anomalies were not listed
 */
public record Verdict(Result result, List<Anomaly> anomalies, Contention contention, long opCount, List<String> notes) {

    /** The overall outcome. */
    public enum Result {
        /** No anomaly, nothing hidden by unresolved info ops, and writers did race. */
        PASS,
        /** At least one anomaly. */
        FAIL,
        /** No anomaly found, but the history cannot prove correctness (see {@link #notes()}). */
        UNKNOWN
    }

    public Verdict {
        requireNonNull(result, "result");
        requireNonNull(contention, "contention");
        anomalies = List.copyOf(anomalies);
        notes = List.copyOf(notes);
        if (result == Result.FAIL && anomalies.isEmpty()) {
            throw new IllegalArgumentException("a FAIL verdict needs at least one anomaly");
        }
        if (result != Result.FAIL && !anomalies.isEmpty()) {
            throw new IllegalArgumentException(result + " verdict cannot carry " + anomalies.size() + " anomalies");
        }
    }

    /** A verdict without notes. */
    public Verdict(Result result, List<Anomaly> anomalies, Contention contention, long opCount) {
        this(result, anomalies, contention, opCount, List.of());
    }

    /** Whether the anomalies include one of {@code type}. */
    public boolean has(AnomalyType type) {
        for (Anomaly a : anomalies) {
            if (a.type() == type) {
                return true;
            }
        }
        return false;
    }

    /** Anomaly count per type, in {@link AnomalyType} order. */
    public Map<AnomalyType, Integer> countsByType() {
        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        for (Anomaly a : anomalies) {
            counts.merge(a.type(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * A few lines for a terminal: the result, op count, contention, anomaly counts by type, the notes, and the first
     * anomaly's explanation and timeline.
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(result).append(": ").append(opCount).append(" ops, ").append(contention);
        if (!anomalies.isEmpty()) {
            b.append("\nanomalies:");
            countsByType()
                    .forEach((t, n) -> b.append(' ').append(t.id()).append('=').append(n));
        }
        for (String note : notes) {
            b.append("\nnote: ").append(note);
        }
        if (!anomalies.isEmpty()) {
            b.append("\nfirst: ").append(anomalies.get(0).describe());
        }
        return b.toString();
    }
}
