package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Checker} concluded about one history, and what the history proved.
 *
 * <p>Immutable.
 *
 * @param result pass / fail / unknown, or error for a run that broke
 * @param anomalies the anomalies listed (capped per type by {@link Checker.Builder#maxAnomaliesPerType}; {@link
 *     #totals()} has the true counts)
 * @param contention the contention the history achieved
 * @param opCount the number of ops checked
 * @param notes plain-English remarks: why the result is {@code UNKNOWN} or {@code ERROR}, how many info ops stayed
 *     unresolved, how many anomalies of a type were found when fewer are listed, the errors the store raised
 * @param totals how many anomalies of each type were found, listed or not (only types found appear; each at least
 *     the number listed)
 * @param evidence what the history proved: acknowledged writes, keys written concurrently, errors by class
 */
public record Verdict(
        Result result,
        List<Anomaly> anomalies,
        Contention contention,
        long opCount,
        List<String> notes,
        Map<AnomalyType, Long> totals,
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
        Map<AnomalyType, Long> t = new EnumMap<>(AnomalyType.class);
        t.putAll(requireNonNull(totals, "totals"));
        Map<AnomalyType, Long> listed = listedByType(anomalies);
        listed.forEach((type, n) -> {
            if (t.getOrDefault(type, 0L) < n) {
                throw new IllegalArgumentException(
                        "totals." + type.id() + " must be >= the " + n + " listed, was " + t.get(type));
            }
        });
        t.forEach((type, n) -> {
            if (n < 1 || !listed.containsKey(type)) {
                throw new IllegalArgumentException("totals." + type.id() + " = " + n
                        + " needs at least one listed anomaly of that type, found " + listed.getOrDefault(type, 0L));
            }
        });
        totals = Collections.unmodifiableMap(t);
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
            notes.add(evidence.errorsNote());
        }
        return new Verdict(
                Result.ERROR, List.of(), new Contention(0, 0, 0, 0, 0), partial.size(), notes, Map.of(), evidence);
    }

    static Map<AnomalyType, Long> listedByType(List<Anomaly> anomalies) {
        Map<AnomalyType, Long> counts = new EnumMap<>(AnomalyType.class);
        for (Anomaly a : anomalies) {
            counts.merge(a.type(), 1L, Long::sum);
        }
        return counts;
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

    /**
     * How many anomalies of each type were found, listed or not (the same as {@link #totals()}), in {@link
     * AnomalyType} order.
     */
    public Map<AnomalyType, Integer> countsByType() {
        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        totals.forEach((t, n) -> counts.put(t, Math.toIntExact(n)));
        return counts;
    }

    /** How many anomalies of each type are in {@link #anomalies()} (at most the cap per type). */
    public Map<AnomalyType, Long> listedByType() {
        return listedByType(anomalies);
    }

    /**
     * A few lines for a terminal: the result, op count, contention, anomaly counts by type ({@code lost-update=4000
     * (100 listed)} when the listing was capped), the notes, and the first anomaly's explanation and timeline.
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(result).append(": ").append(opCount).append(" ops, ").append(contention);
        b.append("\nevidence: ").append(evidence.statement());
        if (!anomalies.isEmpty()) {
            b.append("\nanomalies:");
            Map<AnomalyType, Long> listed = listedByType();
            totals.forEach((t, n) -> {
                b.append(' ').append(t.id()).append('=').append(n);
                long shown = listed.getOrDefault(t, 0L);
                if (shown < n) {
                    b.append(" (").append(shown).append(" listed)");
                }
            });
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
