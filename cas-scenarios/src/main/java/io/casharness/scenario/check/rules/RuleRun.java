package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.Contention;
import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the rules over one history: the shared indexes are built once ({@link HistoryIndex}: one pass), the
 * time sweep runs once ({@link Sweep}) handing each op to the rules that judge it then, the per-key rules walk each
 * key's chain, the checks that depend on indeterminate ops are judged by one {@link InfoAssignment}, and every rule
 * reports to one {@link Findings}. What the verdict needs besides the findings (the
 * contention, how indeterminate ops were resolved, the key index for the evidence pass) is read off the run.
 *
 * <p>Not thread-safe; used once.
 */
public final class RuleRun {
    private final HistoryIndex ix;
    private final Findings findings;
    private final long unwitnessedTokens;
    private final InfoAssignment assignment;
    private final List<String> sequenceNotes = new ArrayList<>();
    private long[] infoCounts;

    private RuleRun(Options options, List<Op> history) {
        ix = new HistoryIndex(options, history);
        ix.build();
        findings = new Findings(ix.ops, options.maxAnomaliesPerType(), ix.origin);
        assignment = new InfoAssignment(ix);
        VersionRestartRule restarts = new VersionRestartRule(ix, findings, new Incarnations(ix));
        restarts.find();
        ReadOrderRule readOrder = new ReadOrderRule(ix, findings);
        VersionRegressionRule regressions = new VersionRegressionRule(ix, findings, readOrder);
        AbaRule aba = new AbaRule(ix, findings, readOrder, regressions);
        LostUpdateRule lostUpdates = new LostUpdateRule(ix, findings);
        TornReadRule tornReads = new TornReadRule(ix, findings);
        FalseFailureRule falseFailures = new FalseFailureRule(ix, findings);
        DuplicateVersionRule duplicates = new DuplicateVersionRule(ix, findings);
        UnexplainedVersionRule unexplained = new UnexplainedVersionRule(ix, findings, assignment);
        DoubleCreateRule doubleCreates = new DoubleCreateRule(ix, findings, regressions);
        TransitionRule transitions = new TransitionRule(ix, findings, assignment);
        FinalTokensRule finalTokens = new FinalTokensRule(ix, findings, lostUpdates, regressions, assignment);
        LostEventRule lostEvents = new LostEventRule(ix, findings);
        StatusRegressionRule statusRegressions = new StatusRegressionRule(ix, findings);

        duplicates.judge();
        lostUpdates.fromIndex();
        new Sweep(ix, readOrder, regressions, aba, lostUpdates, tornReads, falseFailures).run();
        for (KeyChain ks : ix.keys) {
            ks.writeVersions.sort();
            ix.sortDeletes(ks);
            readOrder.absentReads(ks);
            falseFailures.judge(ks);
            unexplained.judge(ks);
            regressions.judge(ks);
            doubleCreates.judge(ks);
            transitions.judge(ks);
            lostEvents.judge(ks);
            statusRegressions.judge(ks);
            falseFailures.appliedTokens(ks, finalTokens.judge(ks));
            lostUpdates.infoBases(ks, assignment);
        }
        for (KeyChain ks : ix.keys) {
            aba.judge(ks);
        }
        doubleCreates.judgeNames();
        ListAndNameRules.judge(ix, findings);
        if (!options.revisionKinds().isEmpty()) {
            RevisionIndex revisions = new RevisionIndex(ix);
            new LostRevisionRule(ix, findings).judge(revisions);
            new RevisionGapRule(ix, findings).judge(revisions);
            String note = RevisionGapRule.note(revisions);
            if (note != null) {
                sequenceNotes.add(note);
            }
        }
        assignment.solve();
        restarts.report();
        new StaleMatchRule(ix, findings, restarts).judge();
        lostUpdates.report();
        unwitnessedTokens = finalTokens.unwitnessedTokens();
    }

    /** Checks {@code history} with {@code options}. */
    public static RuleRun check(Options options, List<Op> history) {
        return new RuleRun(options, history);
    }

    /** What the rules of ordered sequences (revisions) proved, as sentences for the verdict's notes. */
    public List<String> sequenceNotes() {
        return List.copyOf(sequenceNotes);
    }

    public Findings findings() {
        return findings;
    }

    /** The contention the history achieved. */
    public Contention contention() {
        return ix.contention.result(ix.infoOps);
    }

    /** Ops whose outcome is indeterminate ({@code info}). */
    public long infoOps() {
        return ix.infoOps;
    }

    /** Indeterminate writes and deletes later evidence showed applied. */
    public long infoApplied() {
        return countInfo(HistoryIndex.INFO_APPLIED);
    }

    /** Indeterminate writes and deletes later evidence showed not applied. */
    public long infoNotApplied() {
        return countInfo(HistoryIndex.INFO_NOT_APPLIED);
    }

    /** Indeterminate writes and deletes nothing resolved. */
    public long infoUnresolved() {
        return countInfo(HistoryIndex.INFO_UNRESOLVED);
    }

    private long countInfo(byte state) {
        if (infoCounts == null) {
            infoCounts = new long[4];
            for (byte s : ix.infoState) {
                infoCounts[s]++;
            }
        }
        return infoCounts[state];
    }

    /** Checks that depended on indeterminate ops, judged jointly by one assignment of their outcomes. */
    public long infoClauses() {
        return assignment.clauses();
    }

    /** Unresolved indeterminate ops the assignment requires not to have taken effect (else an anomaly). */
    public long infoForcedNotApplied() {
        return assignment.forcedNotApplied();
    }

    /** Unresolved indeterminate ops the assignment takes as applied, to explain a check that needs one of them. */
    public long infoChosenApplied() {
        return assignment.chosenApplied();
    }

    /** Acknowledged tokens of accumulating kinds written after the last read of their key. */
    public long unwitnessedTokens() {
        return unwitnessedTokens;
    }

    /** The ops, in history order (shared, not copied: do not change). */
    public Op[] ops() {
        return ix.ops;
    }

    /** The key number of each op (shared, not copied: do not change). */
    public int[] keyOf() {
        return ix.keyOf;
    }

    public int keyCount() {
        return ix.keys.size();
    }

    /** Keys a delete may have removed at some point: those with more than one incarnation. */
    public long deletedKeys() {
        return ix.keys.stream().filter(Incarnations::deleted).count();
    }
}
