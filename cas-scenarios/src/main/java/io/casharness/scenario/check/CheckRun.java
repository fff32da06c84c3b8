package io.casharness.scenario.check;

import io.casharness.scenario.check.rules.Findings;
import io.casharness.scenario.check.rules.Options;
import io.casharness.scenario.check.rules.RuleRun;
import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check of one history: runs the rules ({@link RuleRun}: the shared indexes, the sweep, the rule classes, one
 * collector), counts the evidence on the rules' key index, and assembles the verdict and its notes. Not
 * thread-safe; used once.
 */
final class CheckRun {
    private final Checker checker;
    private final List<Op> history;

    CheckRun(Checker checker, List<Op> history) {
        this.checker = checker;
        this.history = history;
    }

    Verdict run() {
        RuleRun run = RuleRun.check(
                new Options(
                        checker.transitions(),
                        checker.accumulatingKinds(),
                        checker.versionsUniqueAcrossKeys(),
                        checker.maxAnomaliesPerType()),
                history);
        Findings findings = run.findings();
        List<Anomaly> anomalies = findings.anomalies();
        Map<AnomalyType, Long> totals = findings.totals();
        List<String> notes = new ArrayList<>();
        Map<AnomalyType, Long> listed = Verdict.listedByType(anomalies);
        totals.forEach((t, total) -> {
            long shown = listed.getOrDefault(t, 0L);
            if (shown < total) {
                notes.add(t.id() + ": " + shown + " listed of " + total + " found (maxAnomaliesPerType "
                        + checker.maxAnomaliesPerType() + ")");
            }
        });
        long applied = run.infoApplied();
        long notApplied = run.infoNotApplied();
        long unresolved = run.infoUnresolved();
        if (applied + notApplied + unresolved > 0) {
            notes.add(run.infoOps() + " info ops; of the indeterminate writes and deletes, " + applied
                    + " were shown applied by later evidence, " + notApplied + " shown not applied, " + unresolved
                    + " stay unresolved (never counted as lost, nor as applied)");
        }
        if (run.unwitnessedTokens() > 0) {
            notes.add(run.unwitnessedTokens() + " acknowledged tokens of accumulating kinds were written after the"
                    + " last read of their key, so no read could confirm them (read every key once the workers stop)");
        }
        Verdict.Result result;
        if (!anomalies.isEmpty()) {
            result = Verdict.Result.FAIL;
        } else if (!findings.withheld().isEmpty()) {
            result = Verdict.Result.UNKNOWN;
            findings.withheld().forEach((why, k) -> notes.add("unknown: " + k + " x " + why));
        } else {
            result = Verdict.Result.PASS;
        }
        Evidence evidence = Evidence.of(run.ops(), run.keyOf(), run.keyCount());
        if (evidence.errors() > 0) {
            notes.add(evidence.errorsNote());
        }
        ExhaustionEvidence exhaustion = ExhaustionEvidence.of(run.ops(), checker.exhaustionKinds());
        if (exhaustion.applies()) {
            notes.add(exhaustion.note());
        }
        if (result == Verdict.Result.PASS && checker.requireEvidence()) {
            List<String> missing = missingEvidence(evidence);
            if (exhaustion.applies() && exhaustion.missing() != null) {
                missing.add(exhaustion.missing());
            }
            if (!missing.isEmpty()) {
                result = Verdict.Result.UNKNOWN;
                missing.forEach(why -> notes.add("unknown: " + why));
            }
        }
        return new Verdict(result, anomalies, run.contention(), history.size(), notes, totals, evidence);
    }

    /** Why the evidence is below the minimum a PASS needs (see {@link Checker.Builder#requireEvidence}). */
    private List<String> missingEvidence(Evidence e) {
        List<String> why = new ArrayList<>();
        if (e.acknowledgedWrites() == 0) {
            why.add("no write was acknowledged (" + e.writeCalls() + " write calls, " + e.errors()
                    + " errors), so a pass would prove nothing");
        }
        if (e.keysWrittenConcurrently() == 0) {
            why.add("no key was written concurrently (no two write calls on one key overlapped in time and no"
                    + " write lost a race), so a pass would prove nothing about races");
        }
        if (e.errorRate() > checker.maxErrorRate()) {
            why.add(String.format(
                    Locale.ROOT,
                    "%d of %d store calls (%.1f%%) failed with an error, above the bound of %.1f%%: the errors,"
                            + " not the store's concurrency control, shaped this history",
                    e.errors(),
                    e.storeCalls(),
                    100 * e.errorRate(),
                    100 * checker.maxErrorRate()));
        }
        return why;
    }
}
