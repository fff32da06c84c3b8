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
 * the reasons a check was withheld (an unresolved indeterminate op could explain it), which make a verdict without
 * anomalies {@code UNKNOWN}. Not thread-safe; one per run.
 */
public final class Findings {
    private final Op[] ops;
    private final int cap;
    private final long origin;
    private final Map<AnomalyType, List<Anomaly>> listed = new EnumMap<>(AnomalyType.class);
    private final long[] totals = new long[AnomalyType.values().length];
    private final Map<String, Integer> withheld = new LinkedHashMap<>();

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

    /** A check withheld because an unresolved indeterminate op could explain it. */
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
        Map<AnomalyType, Long> counts = new EnumMap<>(AnomalyType.class);
        for (AnomalyType t : AnomalyType.values()) {
            if (totals[t.ordinal()] > 0) {
                counts.put(t, totals[t.ordinal()]);
            }
        }
        return counts;
    }

    /** Why checks were withheld, with how often each, in the order first met. */
    public Map<String, Integer> withheld() {
        return Collections.unmodifiableMap(withheld);
    }
}
