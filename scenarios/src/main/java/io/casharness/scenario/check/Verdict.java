package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Checker} concluded about one history, and what the history proved.
 *
 * <p>Immutable.
 *
 * @param result pass / fail / unknown, or error for a run that broke
 * @param anomalies the anomalies found (possibly capped per type; {@link #notes()} then says how many more)
 * @param contention the contention the history achieved
 * @param opCount the number of ops checked
 * @param notes plain-English remarks: why the result is {@code UNKNOWN} or {@code ERROR}, how many info ops stayed
 *     unresolved, how many anomalies were not listed, the errors the store raised
 * @param evidence what the history proved: acknowledged writes, keys written concurrently, errors by class
 */
public record Verdict(
        Result result,
        List<Anomaly> anomalies,
        Contention contention,
        long opCount,
        List<String> notes,
        Evidence evidence) {

    /** The overall outcome. */
    public enum Result {
        /**
         * No anomaly, nothing hidden by unresolved info ops, and the history holds the stated minimum of evidence:
         * acknowledged writes, keys written concurrently, errors within the bound.
         */
        PASS,
        /** At least one anomaly. */
        FAIL,
        /** No anomaly found, but the history cannot prove correctness (see {@link #notes()}). */
        UNKNOWN,
        /**
         * The run itself broke (setup failed, the backend failed outside the workers, a worker would not stop): its
         * partial history is kept, nothing is concluded.
         */
        ERROR
    }

    public Verdict {
        requireNonNull(result, "result");
        requireNonNull(contention, "contention");
        requireNonNull(evidence, "evidence");
        anomalies = List.copyOf(anomalies);
        notes = List.copyOf(notes);
        if (result == Result.FAIL && anomalies.isEmpty()) {
            throw new IllegalArgumentException("a FAIL verdict needs at least one anomaly");
        }
        if (result != Result.FAIL && !anomalies.isEmpty()) {
            throw new IllegalArgumentException(result + " verdict cannot carry " + anomalies.size() + " anomalies");
        }
    }

    /**
     * The verdict of a run that broke: {@link Result#ERROR}, the cause first in the notes, the evidence of the
     * partial history.
     */
    public static Verdict error(String cause, List<Op> partial) {
        requireNonNull(cause, "cause");
        Evidence evidence = Evidence.of(partial);
        List<String> notes = new ArrayList<>();
        notes.add("error: " + cause);
        if (evidence.errors() > 0) {
            notes.add("errors: " + evidence.errors() + " of " + evidence.storeCalls() + " store calls failed ("
                    + evidence.errorsText() + "); first: " + String.join(" | ", evidence.firstErrors()));
        }
        return new Verdict(Result.ERROR, List.of(), new Contention(0, 0, 0, 0, 0), partial.size(), notes, evidence);
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
        b.append("\nevidence: ").append(evidence.statement());
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
