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
 * indeterminate writes leave it unknown, when the check is withheld. Sound: the chain of versions is the order the
 * writes took effect in.
 */
final class TransitionRule {
    private static final Explanation ILLEGAL = Explanation.of(
            "illegal-transition.forbidden",
            "a write moved {key} from {from} to {to} (v{version}), which the state machine does not allow");

    private final HistoryIndex ix;
    private final Findings out;

    TransitionRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
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
                } else if (ks.infoWrites.isEmpty()) {
                    from = prev;
                } else {
                    out.withhold("a phase transition of a key with indeterminate writes has no known from-state");
                }
                if (from != -2) {
                    String fromState = from == -1 ? null : ops[from].value();
                    if ((fromState == null || rules.isState(fromState)) && !rules.allows(fromState, to)) {
                        out.report(
                                AnomalyType.ILLEGAL_TRANSITION,
                                ks.key(),
                                ILLEGAL.with("key", ks.key())
                                        .with("from", fromState == null ? "absent" : fromState)
                                        .with("to", to)
                                        .with("version", v),
                                from,
                                cur);
                    }
                }
            }
            prev = cur;
        }
    }
}
