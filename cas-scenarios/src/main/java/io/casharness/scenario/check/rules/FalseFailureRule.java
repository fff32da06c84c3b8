package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import java.util.List;
import java.util.Set;

/**
 * {@code false-failure}: the store refused a mutation with a claim about its key that the history disproves, or
 * said it changed nothing when it did.
 * <ul>
 *   <li>{@code NotFound} / {@code Conflict(absent)} although a version was committed before the op was invoked and no
 *       delete that could have removed it ran before the op completed: the key existed throughout;
 *   <li>{@code Conflict} on a match-version write or delete of {@code e} although {@code e} was the newest version
 *       committed before the op was invoked and no other mutation of the key ran until it completed: {@code e} was
 *       current throughout;
 *   <li>{@code AlreadyExists(KEY)} on a must-create invoked after an acknowledged delete of the key completed, with
 *       no other mutation of the key running from that delete's invocation to the create's completion: the key was
 *       absent throughout;
 *   <li>a refused write ({@code Exhausted}, {@code Conflict…}, {@code AlreadyExists…}) whose unique token is in the
 *       key's last read: its mutation took effect.
 * </ul>
 * Sound: a refused op took effect nowhere, but the store answered it from the key's state at one instant in its
 * interval; for that state to differ from the one the history shows, a mutation must take effect between, and every
 * mutation that may have (acknowledged, indeterminate, blind, failed with an error: all but refusals) excuses the
 * claim. A token is written by one op only, and a value holds it only if that op's mutation, or a later one that
 * read it, took effect.
 */
final class FalseFailureRule {
    private static final Explanation EXISTED = Explanation.of(
            "false-failure.key-existed",
            "{op} of {key} failed with {outcome} although v{committed} was committed and acknowledged before it was"
                    + " invoked, and no delete of v{committed} or later (or of unknown version) was invoked before it"
                    + " completed: the key existed throughout");
    private static final Explanation WAS_CURRENT = Explanation.of(
            "false-failure.version-current",
            "a {verb} of {key} matching v{expected} failed with Conflict although v{expected} was committed and"
                    + " acknowledged before it was invoked and no other write or delete of the key ran until it"
                    + " completed: v{expected} was current throughout");
    private static final Explanation WAS_ABSENT = Explanation.of(
            "false-failure.key-absent",
            "a must-create of {key} failed with {outcome} although the delete of v{deleted} completed before it was"
                    + " invoked and no other write or delete of the key ran from that delete's invocation until the"
                    + " create completed: the key was absent throughout");
    private static final Explanation APPLIED = Explanation.of(
            "false-failure.refused-but-applied",
            "{op} of {key} failed with {outcome}, so it changed nothing, yet its token {token} is in {key} at"
                    + " v{readVersion} (the key's last read): its mutation took effect");

    private final HistoryIndex ix;
    private final Findings out;

    FalseFailureRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    /**
     * In the sweep: a refused (or failed) mutation's claim about its key, noted with what was committed before it
     * was invoked, to be judged once every delete and write of the key is known.
     */
    void refused(int i, Op op, KeyChain ks) {
        if (Outcomes.claimsAbsent(op)) {
            Sweep.noteAbsence(i, ks);
        } else if (Outcomes.isConflictPresent(op)
                && op.condition() == Condition.MATCH_VERSION
                && (op.type() == OpType.WRITE || op.type() == OpType.DELETE)) {
            long e = op.expectedVersion();
            if (e > 0 && e == ks.maxCommitted && e > ks.maxDeleted) {
                ks.conflictClaims.add(i);
                ks.conflictClaimOp.add(ks.maxCommittedOp);
            }
        } else if (Outcomes.isKeyTaken(op)
                && op.condition() == Condition.MUST_CREATE
                && ks.maxDeletedOp >= 0
                && ks.maxDeleted >= ks.maxCommitted) {
            ks.takenClaims.add(i);
            ks.takenClaimDelete.add(ks.maxDeletedOp);
        }
    }

    void judge(KeyChain ks) {
        absence(ks);
        conflicts(ks);
        taken(ks);
    }

    private void absence(KeyChain ks) {
        for (int c = 0; c < ks.absentReads.size(); c++) {
            int i = ks.absentReads.get(c);
            Op op = ix.ops[i];
            if (op.type() == OpType.READ) {
                continue; // an absent read: ReadOrderRule
            }
            long bound = ks.absentBound.get(c);
            int boundOp = ks.absentBoundOp.get(c);
            if (ix.absenceExplained(ks, bound, boundOp, op.completeNanos())) {
                continue;
            }
            out.report(
                    AnomalyType.FALSE_FAILURE,
                    ks.key(),
                    EXISTED.with("op", Ops.aVerb(op))
                            .with("key", ks.key())
                            .with("outcome", op.outcomeName())
                            .with("committed", bound),
                    boundOp,
                    i);
        }
    }

    private void conflicts(KeyChain ks) {
        for (int c = 0; c < ks.conflictClaims.size(); c++) {
            int i = ks.conflictClaims.get(c);
            Op op = ix.ops[i];
            long e = op.expectedVersion();
            int boundOp = ks.conflictClaimOp.get(c);
            int producer = ix.versions.producerOf(ks.index, e);
            int other = ix.findMutation(
                    ks, ix.ops[boundOp].invokeNanos(), op.completeNanos(), (j, m) -> j != producer && j != i);
            if (other >= 0) {
                continue;
            }
            out.report(
                    AnomalyType.FALSE_FAILURE,
                    ks.key(),
                    WAS_CURRENT.with("verb", Ops.verb(op)).with("key", ks.key()).with("expected", e),
                    boundOp,
                    i);
        }
    }

    private void taken(KeyChain ks) {
        for (int c = 0; c < ks.takenClaims.size(); c++) {
            int i = ks.takenClaims.get(c);
            int d = ks.takenClaimDelete.get(c);
            Op op = ix.ops[i];
            int other = ix.findMutation(ks, ix.ops[d].invokeNanos(), op.completeNanos(), (j, m) -> j != d && j != i);
            if (other >= 0) {
                continue;
            }
            out.report(
                    AnomalyType.FALSE_FAILURE,
                    ks.key(),
                    WAS_ABSENT
                            .with("key", ks.key())
                            .with("outcome", op.outcomeName())
                            .with("deleted", ix.ops[d].readVersion()),
                    d,
                    i);
        }
    }

    /**
     * Refused writes whose token is in the key's last read; {@code tokens} is that read's tokens as a set when a rule
     * already built one (accumulating kinds), else {@code null}.
     */
    void appliedTokens(KeyChain ks, Set<String> tokens) {
        if (ks.refusedWrites.isEmpty() || ks.witness < 0) {
            return;
        }
        Op witness = ix.ops[ks.witness];
        List<String> observed = witness.observed();
        if (observed.isEmpty()) {
            return;
        }
        for (int c = 0; c < ks.refusedWrites.size(); c++) {
            int i = ks.refusedWrites.get(c);
            Op op = ix.ops[i];
            if (!(tokens != null ? tokens.contains(op.token()) : observed.contains(op.token()))) {
                continue;
            }
            out.report(
                    AnomalyType.FALSE_FAILURE,
                    ks.key(),
                    APPLIED.with("op", Ops.aVerb(op))
                            .with("key", ks.key())
                            .with("outcome", op.outcomeName())
                            .with("token", op.token())
                            .with("readVersion", witness.readVersion()),
                    i,
                    ks.witness);
        }
    }
}
