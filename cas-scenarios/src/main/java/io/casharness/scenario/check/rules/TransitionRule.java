package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.check.TransitionRules;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;

/**
 * {@code illegal-transition}: walking a key's acknowledged writes in version order, a write moved the workload's
 * state machine along a transition the {@link TransitionRules} forbid. The from-state is the write's own base (the
 * value of the version it matched), absent for a must-create or a new incarnation, else the previous write — unless
 * indeterminate writes leave it unknown: then the write's from-state is the previous write's or that of an
 * indeterminate write or delete that took effect between, and when only the latter allow the transition one of them
 * must have taken effect (a clause of the {@link InfoAssignment}). Sound: the chain of versions is the order the
 * writes took effect in, and every write is recorded.
 */
final class TransitionRule {
    private static final Explanation ILLEGAL = Explanation.of(
            "illegal-transition.forbidden",
            "a write moved {key} from {from} to {to} (v{version}), which the state machine does not allow");

    private final HistoryIndex ix;
    private final Findings out;
    private final InfoAssignment assignment;

    TransitionRule(HistoryIndex ix, Findings out, InfoAssignment assignment) {
        this.ix = ix;
        this.out = out;
        this.assignment = assignment;
    }

    private void report(KeyChain ks, int from, int cur, long v) {
        Op[] ops = ix.ops;
        String fromState = from == -1 ? null : ops[from].value();
        out.report(
                AnomalyType.ILLEGAL_TRANSITION,
                ks.key(),
                ILLEGAL.with("key", ks.key())
                        .with("from", fromState == null ? "absent" : fromState)
                        .with("to", ops[cur].value())
                        .with("version", v),
                from,
                cur);
    }

    /** Whether the rules allow {@code to} from {@code fromState} (a value that is no state is not judged). */
    private static boolean allowedFrom(TransitionRules rules, String fromState, String to) {
        return (fromState != null && !rules.isState(fromState)) || rules.allows(fromState, to);
    }

    /**
     * Whether an op of unknown place in the version order that may have taken effect before {@code cur} completed
     * certainly allows the transition to {@code to}: an acknowledged delete of unknown version (from absent).
     * Otherwise collects in {@code between} the indeterminate writes and deletes whose state would allow it.
     */
    private boolean infoCouldPrecede(KeyChain ks, int cur, TransitionRules rules, String to, IntList between) {
        Op[] ops = ix.ops;
        long before = ops[cur].completeNanos();
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            Op info = ops[w];
            if (info.invokeNanos() < before
                    && ix.infoState[w] != HistoryIndex.INFO_NOT_APPLIED
                    && (info.value() == null || allowedFrom(rules, info.value(), to))) {
                between.add(w);
            }
        }
        boolean fromAbsent = rules.allows(null, to);
        for (int j = 0; j < ks.deletes.size() && fromAbsent; j++) {
            int d = ks.deletes.get(j);
            Op del = ops[d];
            if (del.invokeNanos() >= before || !Ops.versionUnknown(del)) {
                continue;
            }
            if (del.status() != Op.Status.INFO) {
                return true;
            }
            if (ix.infoState[d] != HistoryIndex.INFO_NOT_APPLIED) {
                between.add(d);
            }
        }
        return false;
    }

    void judge(KeyChain ks) {
        if (!ks.hasPhaseValues) {
            return;
        }
        Op[] ops = ix.ops;
        TransitionRules rules = ix.options.transitions();
        LongList vs = ks.writeVersions;
        int prev = -1;
        int del = 0;
        for (int j = 0; j < vs.size(); j++) {
            long v = vs.get(j);
            if (j > 0 && vs.get(j - 1) == v) {
                continue;
            }
            int cur = ix.versions.producerOf(ks.index, v);
            if (cur < 0) {
                continue;
            }
            Op w = ops[cur];
            boolean newIncarnation = prev < 0;
            while (del < ks.delVersions.length && ks.delVersions[del] < v) {
                if (prev >= 0 && ks.delVersions[del] >= ops[prev].writtenVersion()) {
                    newIncarnation = true;
                }
                del++;
            }
            String to = w.value();
            if (rules.isState(to)) {
                long b = Ops.versionBase(w);
                int from = -2; // -2 unknown, -1 absent
                if (w.condition() == Condition.MUST_CREATE) {
                    from = -1;
                } else if (b > 0) {
                    int q = ix.versions.producerOf(ks.index, b);
                    from = q >= 0 ? q : -2;
                } else if (newIncarnation) {
                    from = -1;
                } else if (ks.infoWrites.isEmpty() || allowedFrom(rules, ops[prev].value(), to)) {
                    from = prev;
                } else {
                    // the from-state is prev's, or that of an indeterminate write or delete that took effect between
                    IntList between = new IntList();
                    if (!infoCouldPrecede(ks, cur, rules, to, between)) {
                        int p = prev;
                        assignment.oneApplied(between, forced -> report(ks, p, cur, v));
                    }
                }
                if (from != -2) {
                    String fromState = from == -1 ? null : ops[from].value();
                    if ((fromState == null || rules.isState(fromState)) && !rules.allows(fromState, to)) {
                        report(ks, from, cur, v);
                    }
                }
            }
            prev = cur;
        }
    }
}
