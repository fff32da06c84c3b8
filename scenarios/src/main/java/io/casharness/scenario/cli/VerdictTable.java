package io.casharness.scenario.cli;

import io.casharness.scenario.Judgement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The verdict table: one row per run (scenario x store x backend). */
public final class VerdictTable {
    private VerdictTable() {}

    public static String render(List<Judgement> results) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-12s %-22s %-9s %-8s %-11s %7s %9s  %s%n";
        b.append(String.format(
                Locale.ROOT, fmt, "workload", "store", "backend", "verdict", "gate", "ops", "conflicts", "anomalies"));
        b.append("-".repeat(110)).append('\n');
        for (Judgement j : results) {
            b.append(String.format(
                    Locale.ROOT,
                    fmt,
                    j.run().scenario().workload(),
                    j.run().scenario().store(),
                    j.run().scenario().backend(),
                    j.verdict().result(),
                    j.status(),
                    j.run().workerOps(),
                    j.run().conflicts(),
                    anomalies(j) + (j.expected() == null ? "" : " (expects " + j.expected() + ")")));
        }
        return b.toString();
    }

    /** {@code lost-update=3 duplicate-version=1}, or {@code -}. */
    static String anomalies(Judgement j) {
        if (j.verdict().anomalies().isEmpty()) {
            return "-";
        }
        return j.verdict().countsByType().entrySet().stream()
                .map(e -> e.getKey().id() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
