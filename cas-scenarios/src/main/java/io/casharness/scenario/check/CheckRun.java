package io.casharness.scenario.check;

import io.casharness.scenario.check.rules.Findings;
import io.casharness.scenario.check.rules.Options;
import io.casharness.scenario.check.rules.RuleRun;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final List<FaultEvent> faults;

    CheckRun(Checker checker, List<Op> history) {
        this(checker, history, List.of());
    }

    /** A run of {@code history} recorded while {@code faults} were injected (only those that did something count). */
    CheckRun(Checker checker, List<Op> history, List<FaultEvent> faults) {
        this.faults = faults.stream().filter(FaultEvent::bit).toList();
        this.checker = checker;
        this.history = history;
    }

    Verdict run() {
        RuleRun run = RuleRun.check(
                new Options(
                        checker.transitions(),
                        checker.accumulatingKinds(),
                        checker.versionsUniqueAcrossKeys(),
                        checker.versionsRiseAcrossIncarnations(),
                        checker.maxAnomaliesPerType(),
                        checker.statuses(),
                        checker.revisionKinds()),
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
        Map<AnomalyType, Long> explained = findings.explainedByRestarts();
        if (!explained.isEmpty()) {
            StringBuilder b = new StringBuilder();
            explained.forEach((t, k) -> b.append(b.length() == 0 ? "" : ", ")
                    .append(t.id())
                    .append('=')
                    .append(k));
            notes.add("not reported apart: "
                    + explained.values().stream().mapToLong(Long::longValue).sum()
                    + " findings that compare versions of two incarnations of a key whose versions restart (" + b
                    + ")");
        }
        if (!checker.versionsRiseAcrossIncarnations() && run.deletedKeys() > 0) {
            notes.add("versions restart per incarnation (as declared): on the " + run.deletedKeys()
                    + " keys ever deleted, incarnations were told apart by their creates and deletes and versions"
                    + " compared within one incarnation only");
        }
        long applied = run.infoApplied();
        long notApplied = run.infoNotApplied();
        long unresolved = run.infoUnresolved();
        if (applied + notApplied + unresolved > 0) {
            notes.add(run.infoOps() + " info ops; of the indeterminate writes and deletes, " + applied
                    + " were shown applied by later evidence, " + notApplied + " shown not applied, " + unresolved
                    + " stay unresolved (never counted as lost, nor as applied)");
        }
        if (run.infoClauses() > 0) {
            notes.add(run.infoClauses() + " checks depended on indeterminate ops and were judged by one assignment of"
                    + " their outcomes: it has " + run.infoForcedNotApplied() + " of the unresolved ops not applied"
                    + " (had one applied, an anomaly would follow) and takes " + run.infoChosenApplied()
                    + " as applied (a check needs one of them); the other unresolved ops may have gone either way");
        }
        notes.addAll(run.sequenceNotes());
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
        long excused = errorsDuringFaults();
        if (excused > 0) {
            notes.add(excused + " of the " + evidence.errors() + " errors were raised by calls that overlapped a fault"
                    + " injection, or lost a connection a fault that breaks connections broke before the next injection; the bound"
                    + " on errors counts only the others (the fault, not the store, caused these; their ops are"
                    + " judged as recorded: an info op by the assignment above)");
        }
        ExhaustionEvidence exhaustion = ExhaustionEvidence.of(run.ops(), checker.exhaustionKinds());
        if (exhaustion.applies()) {
            notes.add(exhaustion.note());
        }
        if (result == Verdict.Result.PASS && checker.requireEvidence()) {
            List<String> missing = missingEvidence(evidence, excused);
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

    /**
     * Store calls that raised an error the faults explain: one that overlapped an injection that did something, or a
     * {@code CONNECTION_LOST} after an injection whose event says its fault breaks connections
     * ({@link FaultEvent#breaksConnections()}) and before the next injection started: a connection it broke fails on
     * its next use, which may come at any time before the next injection (each injection heals before the next
     * starts).
     */
    private long errorsDuringFaults() {
        if (faults.isEmpty()) {
            return 0;
        }
        List<FaultEvent> byStart = faults.stream()
                .sorted(Comparator.comparingLong(FaultEvent::startNanos))
                .toList();
        return history.stream()
                .filter(op -> op.error() != null)
                .filter(op -> byStart.stream().anyMatch(f -> f.overlaps(op.invokeNanos(), op.completeNanos()))
                        || inAftermath(op, byStart))
                .count();
    }

    private static boolean inAftermath(Op op, List<FaultEvent> byStart) {
        if (!"CONNECTION_LOST".equals(op.errorClass())) {
            return false;
        }
        FaultEvent latest = null;
        for (FaultEvent f : byStart) {
            if (f.startNanos() > op.invokeNanos()) {
                break;
            }
            latest = f;
        }
        return latest != null && latest.breaksConnections();
    }

    /** Why the evidence is below the minimum a PASS needs (see {@link Checker.Builder#requireEvidence}). */
    private List<String> missingEvidence(Evidence e, long excused) {
        List<String> why = new ArrayList<>();
        if (e.acknowledgedWrites() == 0) {
            why.add("no write was acknowledged (" + e.writeCalls() + " write calls, " + e.errors()
                    + " errors), so a pass would prove nothing");
        }
        if (e.keysWrittenConcurrently() == 0) {
            why.add("no key was written concurrently (no two write calls on one key overlapped in time and no"
                    + " write lost a race), so a pass would prove nothing about races");
        }
        long counted = e.errors() - excused;
        double rate = e.storeCalls() == 0 ? 0 : (double) counted / e.storeCalls();
        if (rate > checker.maxErrorRate()) {
            why.add(String.format(
                    Locale.ROOT,
                    "%d of %d store calls (%.1f%%) failed with an error%s, above the bound of %.1f%%: the errors,"
                            + " not the store's concurrency control, shaped this history",
                    counted,
                    e.storeCalls(),
                    100 * rate,
                    counted == e.errors() ? "" : " outside the fault injections",
                    100 * checker.maxErrorRate()));
        }
        return why;
    }
}
