package io.casharness.scenario.suite;

import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.check.Evidence;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.fault.FaultSummary;
import io.casharness.scenario.zoo.Zoo;
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
    private VerdictTable() {}

    public static String render(List<Judgement> results) {
        // as wide as the longest store and backend name, so a user's backend keeps the columns straight
        int store = Math.max(
                22,
                results.stream()
                        .mapToInt(j -> j.run().scenario().store().length())
                        .max()
                        .orElse(0));
        int backend = Math.max(
                9,
                results.stream()
                        .mapToInt(j -> j.run().scenario().backend().length())
                        .max()
                        .orElse(0));
        // a faults column (kind, injections/count) only when a run injected or skipped one
        boolean faulted = results.stream().anyMatch(j -> !j.run().faultEvents().isEmpty());
        String format = "%-10s %-16s %-" + store + "s %-" + backend + "s %-8s %7s %9s %9s %6s  "
                + (faulted ? "%-24s " : "%s") + "%s%n";
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                format,
                "gate",
                "workload",
                "store",
                "backend",
                "verdict",
                "acked",
                "conc.keys",
                "conflicts",
                "errors",
                faulted ? "faults (n x/count)" : "",
                "findings"));
        b.append("-".repeat(120 + store - 22 + backend - 9 + (faulted ? 25 : 0)))
                .append('\n');
        for (Judgement j : results) {
            Evidence e = j.verdict().evidence();
            b.append(String.format(
                    Locale.ROOT,
                    format,
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
                    faulted ? FaultSummary.cell(j.run().faultEvents()) : "",
                    findings(j)));
        }
        return b.toString();
    }

    /**
     * Per backend, what the gate saw there: its own store's runs that passed, and the negative controls (zoo
     * members) run over that same backend that were caught — on a user's backend, the proof that the gate bites on
     * that database — with the selected members that do not apply to it (SQL written for another backend).
     */
    public static String byBackend(Suite.Plan plan, List<Judgement> results) {
        int width = Math.max(
                12, plan.backends().stream().mapToInt(String::length).max().orElse(0));
        String format = "%-" + width + "s %-" + Math.max(16, width) + "s %-14s %-24s %s%n";
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                format,
                "backend",
                "store under test",
                "passed",
                "negative controls caught",
                "zoo members that do not apply here"));
        List<Scenario> planned = plan.scenarios();
        for (String backend : plan.backends()) {
            String own = Suite.ownStore(backend);
            long ownPlanned = planned.stream()
                    .filter(s -> s.backend().equals(backend) && s.store().equals(own))
                    .count();
            long controlsPlanned = planned.stream()
                    .filter(s -> s.backend().equals(backend) && !s.store().equals(own))
                    .count();
            long passed = results.stream()
                    .filter(j -> j.run().scenario().backend().equals(backend) && j.gate() == Judgement.Gate.PASS)
                    .count();
            long caught = results.stream()
                    .filter(j -> j.run().scenario().backend().equals(backend) && j.gate() == Judgement.Gate.CAUGHT)
                    .count();
            String notHere = plan.stores().stream()
                    .filter(Zoo.names()::contains)
                    .map(Zoo::byName)
                    .filter(m -> !m.appliesTo(backend))
                    .map(m -> m.name() + " (" + m.where() + ")")
                    .collect(Collectors.joining(", "));
            b.append(String.format(
                    Locale.ROOT,
                    format,
                    backend,
                    ownPlanned == 0 ? "-" : own,
                    ownPlanned == 0 ? "-" : passed + " of " + ownPlanned + " runs",
                    controlsPlanned == 0 ? "none run" : caught + " of " + controlsPlanned,
                    notHere.isEmpty() ? "-" : notHere));
        }
        return b.toString();
    }

    /**
     * What the run found, in a few words: {@code lost-update=3 duplicate-version=1 (expects lost-update)}, the reason
     * for an UNKNOWN or ERROR, or {@code -}.
     */
    public static String findings(Judgement j) {
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
