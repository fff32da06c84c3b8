package io.casharness.scenario.fault;

import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's fault timeline as the verdict shows it: per kind, how often it was injected and how much it did; every
 * event with its times in milliseconds from the run's first op and the ops it overlapped; and an anomaly's
 * timeline with each op that ran during a fault marked. Stateless.
 */
public final class FaultSummary {
    private static final Comparator<Op> TIME_ORDER = Comparator.comparingLong(Op::invokeNanos)
            .thenComparingLong(Op::completeNanos)
            .thenComparingInt(Op::process)
            .thenComparingLong(Op::seq);

    private FaultSummary() {}

    /** Per fault kind: injections, the sum of their counts, failed injections, and the skip reason if skipped. */
    public static Map<String, Map<String, Object>> byKind(List<FaultEvent> events) {
        Map<String, Map<String, Object>> kinds = new LinkedHashMap<>();
        for (FaultEvent e : events) {
            Map<String, Object> k = kinds.computeIfAbsent(e.fault(), f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("injections", 0L);
                m.put("count", 0L);
                m.put("failed", 0L);
                return m;
            });
            if (e.action().startsWith("skipped")) {
                k.put("skipped", e.action().substring("skipped: ".length()));
                continue;
            }
            k.merge("injections", 1L, (a, b) -> (Long) a + (Long) b);
            k.merge("count", e.count(), (a, b) -> (Long) a + (Long) b);
            if (e.error() != null) {
                k.merge("failed", 1L, (a, b) -> (Long) a + (Long) b);
            }
        }
        return kinds;
    }

    /**
     * The verdict's {@code faults} object.
     *
     * @param plan the plan as {@link FaultPlan#describe()} gives it, or null
     */
    public static Map<String, Object> json(String plan, List<FaultEvent> events, History history) {
        long origin = history.ops().isEmpty() ? 0 : history.ops().get(0).invokeNanos();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan);
        m.put("byKind", byKind(events));
        List<Object> list = new ArrayList<>();
        int i = 0;
        for (FaultEvent e : events) {
            i++;
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("n", i);
            em.put("fault", e.fault());
            em.put("target", e.target());
            em.put("startMillis", millis(e.startNanos() - origin));
            em.put("endMillis", millis(e.endNanos() - origin));
            em.put("action", e.action());
            em.put("count", e.count());
            em.put("error", e.error());
            em.put("opsOverlapping", overlapping(e, history.ops()));
            list.add(em);
        }
        m.put("events", list);
        return m;
    }

    /** How many of {@code ops} ran (invoked to completed) while {@code e} was in effect. */
    static long overlapping(FaultEvent e, List<Op> ops) {
        if (e.action().startsWith("skipped")) {
            return 0;
        }
        long n = 0;
        for (Op op : ops) {
            if (e.overlaps(op.invokeNanos(), op.completeNanos())) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@link Anomaly#timelineLines()}, each op that overlapped a fault ended by {@code [during kill#2 (terminated 3
     * of 8 connections)]}, #n being the event's number in the verdict's {@code faults.events}.
     */
    public static List<String> timeline(Anomaly a, List<FaultEvent> events) {
        List<Op> sorted = new ArrayList<>(a.ops());
        sorted.sort(TIME_ORDER);
        List<String> lines = new ArrayList<>(sorted.size());
        for (Op op : sorted) {
            String line = Anomaly.describe(op, a.originNanos());
            List<String> during = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                FaultEvent e = events.get(i);
                if (!e.action().startsWith("skipped") && e.overlaps(op.invokeNanos(), op.completeNanos())) {
                    during.add(e.fault() + "#" + (i + 1) + " (" + e.action() + ")");
                }
            }
            lines.add(during.isEmpty() ? line : line + "  [during " + String.join(", ", during) + "]");
        }
        return lines;
    }

    /** For the verdict table: {@code kill 4x/12 pause 3x/7}, a skipped kind as {@code kill skipped}, or {@code -}. */
    public static String cell(List<FaultEvent> events) {
        if (events.isEmpty()) {
            return "-";
        }
        return byKind(events).entrySet().stream()
                .map(k -> k.getValue().containsKey("skipped")
                        ? k.getKey() + " skipped"
                        : String.format(
                                Locale.ROOT,
                                "%s %dx/%d%s",
                                k.getKey(),
                                (Long) k.getValue().get("injections"),
                                (Long) k.getValue().get("count"),
                                (Long) k.getValue().get("failed") > 0
                                        ? " (" + k.getValue().get("failed") + " failed)"
                                        : ""))
                .collect(Collectors.joining(" "));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
