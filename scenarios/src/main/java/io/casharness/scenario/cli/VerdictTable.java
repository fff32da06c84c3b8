package io.casharness.scenario.cli;

import io.casharness.scenario.Judgement;
import io.casharness.scenario.check.Evidence;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.zoo.ZooMember;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The verdict table: one row per run (scenario x store x backend). The first column is what the run means for the
 * gate ({@link Judgement.Gate}); then the checker's verdict and what the run proved: acknowledged writes, keys written
 * concurrently of the keys written, conflicts, errors; last, the findings (anomalies by type, the reason for an
 * UNKNOWN or ERROR, what a zoo member is expected to be caught by).
 */
public final class VerdictTable {
    private static final String FORMAT = "%-10s %-12s %-22s %-9s %-8s %7s %9s %9s %6s  %s%n";

    private VerdictTable() {}

    public static String render(List<Judgement> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                FORMAT,
                "gate",
                "workload",
                "store",
                "backend",
                "verdict",
                "acked",
                "conc.keys",
                "conflicts",
                "errors",
                "findings"));
        b.append("-".repeat(120)).append('\n');
        for (Judgement j : results) {
            Evidence e = j.verdict().evidence();
            b.append(String.format(
                    Locale.ROOT,
                    FORMAT,
                    j.status(),
                    j.run().scenario().workload(),
                    j.run().scenario().store(),
                    j.run().scenario().backend(),
                    j.expectsRefusal() && j.ok()
                            ? "REFUSED"
                            : j.verdict().result().name(),
                    e.acknowledgedWrites(),
                    e.keysWrittenConcurrently() + "/" + e.keysWritten(),
                    j.run().conflicts(),
                    e.errors(),
                    findings(j)));
        }
        return b.toString();
    }

    /**
     * What the run found, in a few words: {@code lost-update=3 duplicate-version=1 (expects lost-update)}, the reason
     * for an UNKNOWN or ERROR, or {@code -}.
     */
    static String findings(Judgement j) {
        Verdict v = j.verdict();
        String expects = j.expected() == null ? "" : " (expects " + j.expected() + ")";
        if (v.result() == Verdict.Result.ERROR) {
            return firstNote(v, "error:") + expects;
        }
        if (j.expectsRefusal()) {
            String marker = j.expected().substring(ZooMember.ERRORS_PREFIX.length());
            long refused = Judgement.refusals(j.run(), marker);
            return refused + " writes refused with " + marker + (v.anomalies().isEmpty() ? ", no anomaly" : "")
                    + " (expects the database to refuse the race)"
                    + (v.anomalies().isEmpty() ? "" : "; anomalies: " + anomalies(j));
        }
        if (v.result() == Verdict.Result.UNKNOWN) {
            return firstNote(v, "unknown:") + expects;
        }
        return anomalies(j) + expects;
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

    private static String firstNote(Verdict v, String prefix) {
        return v.notes().stream()
                .filter(n -> n.startsWith(prefix))
                .findFirst()
                .map(n -> n.substring(prefix.length()).strip())
                .orElse(v.result().name());
    }
}
