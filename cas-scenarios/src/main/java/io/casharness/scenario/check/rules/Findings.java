package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one collector every rule reports to: counts each anomaly in full, lists it up to the cap per type, and keeps
 * the reasons a check was withheld (a rule could not decide it), which make a verdict without anomalies
 * {@code UNKNOWN}. Checks that depend on indeterminate ops are not withheld: they are clauses of the
 * {@link InfoAssignment}. Not thread-safe; one per run.
 */
public final class Findings {
    private final Op[] ops;
    private final int cap;
    private final long origin;
    private final Map<AnomalyType, List<Anomaly>> listed = new EnumMap<>(AnomalyType.class);
    private final long[] totals = new long[AnomalyType.values().length];
    private final Map<String, Integer> withheld = new LinkedHashMap<>();
    private final long[] explained = new long[AnomalyType.values().length];
    private Restarts restarts;

    /** Decides which findings a key's version restart explains, so they are counted apart, not reported. */
    interface Restarts {
        /** Whether an anomaly of {@code type} citing {@code proof} is a by-product of a version restart. */
        boolean explains(AnomalyType type, int[] proof);
    }

    Findings(Op[] ops, int cap, long origin) {
        this.ops = ops;
        this.cap = cap;
        this.origin = origin;
    }

    /**
     * Counts an anomaly and, below the cap per type, lists it citing the ops with the given indexes (negative ones
     * are skipped, repeated ones cited once).
     */
    void report(AnomalyType type, String key, Explanation why, int... proof) {
        if (restarts != null && restarts.explains(type, proof)) {
            explained[type.ordinal()]++;
            return;
        }
        reportAlways(type, key, why, proof);
    }

    /** {@link #report}, never explained by a restart: the restart itself and the harm it did. */
    void reportAlways(AnomalyType type, String key, Explanation why, int... proof) {
        totals[type.ordinal()]++;
        List<Anomaly> list = listed.computeIfAbsent(type, t -> new ArrayList<>());
        if (list.size() >= cap) {
            return;
        }
        List<Op> cited = new ArrayList<>(proof.length);
        for (int p : proof) {
            if (p >= 0 && !cited.contains(ops[p])) {
                cited.add(ops[p]);
            }
        }
        list.add(new Anomaly(type, key, why, cited, origin));
    }

    /** Whether an anomaly of {@code type} reported now would be listed (so a rule may spend time on its proof). */
    boolean willList(AnomalyType type) {
        List<Anomaly> list = listed.get(type);
        return list == null || list.size() < cap;
    }

    /** A check withheld because the rule could not decide it. */
    void withhold(String why) {
        withheld.merge(why, 1, Integer::sum);
    }

    /** The anomalies listed, by type (in {@link AnomalyType} order), each type in the order found. */
    public List<Anomaly> anomalies() {
        List<Anomaly> all = new ArrayList<>();
        listed.values().forEach(all::addAll);
        return all;
    }

    /** How many anomalies of each type were found, listed or not (types found only). */
    public Map<AnomalyType, Long> totals() {
        return byType(totals);
    }

    private static Map<AnomalyType, Long> byType(long[] perType) {
        Map<AnomalyType, Long> counts = new EnumMap<>(AnomalyType.class);
        for (AnomalyType t : AnomalyType.values()) {
            if (perType[t.ordinal()] > 0) {
                counts.put(t, perType[t.ordinal()]);
            }
        }
        return counts;
    }

    /** From now on, findings {@code r} explains are counted apart ({@link #explainedByRestarts()}), not reported. */
    void restarts(Restarts r) {
        this.restarts = r;
    }

    /** How many findings of each type a version restart explained, so they were not reported (types found only). */
    public Map<AnomalyType, Long> explainedByRestarts() {
        return byType(explained);
    }

    /** Why checks were withheld, with how often each, in the order first met. */
    public Map<String, Integer> withheld() {
        return Collections.unmodifiableMap(withheld);
    }
}
