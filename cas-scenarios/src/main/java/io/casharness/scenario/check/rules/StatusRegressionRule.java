package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.check.TransitionRules;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Status;

/**
 * {@code status-regression}: along a status key's versions, a write moved the phase back in the phase order of the
 * checker's status rules ({@link TransitionRules#precedes}) from the write before it. An unconditional write (a
 * bootstrap upsert) may begin a new life of the object, so its phase is not compared with the life before; when
 * an indeterminate unconditional write of the key could sit between the two, the check is withheld.
 *
 * <p>Sound: a correct reconciler's match-version writes replace a status of an earlier event of the same life, and
 * the phase of a life's events only moves forward.
 */
final class StatusRegressionRule {
    private static final Explanation REGRESSED = Explanation.of(
            "status-regression.backwards",
            "a write moved {key} back from {from} to {to} (v{fromVersion} -> v{version}), against the phase order");

    private final HistoryIndex ix;
    private final Findings out;

    StatusRegressionRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(KeyChain ks) {
        TransitionRules order = ix.options.statuses();
        if (!order.appliesTo(ks.kind)) {
            return;
        }
        Op[] ops = ix.ops;
        boolean infoUpsert = false;
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            Op w = ops[ks.infoWrites.get(j)];
            infoUpsert |= w.status() == Status.INFO && w.condition() == Condition.UNCONDITIONAL;
        }
        boolean unresolved = infoUpsert;
        WriteChain.walk(ix, ks, w -> w.revision() > 0, (prev, cur) -> {
            Op w = ops[cur];
            if (prev < 0 || w.condition() == Condition.UNCONDITIONAL || !order.precedes(w.value(), ops[prev].value())) {
                return;
            }
            if (unresolved) {
                out.withhold("a status regression of a key with an indeterminate bootstrap upsert may be a new life");
                return;
            }
            out.report(
                    AnomalyType.STATUS_REGRESSION,
                    ks.key(),
                    REGRESSED
                            .with("key", ks.key())
                            .with("from", ops[prev].value())
                            .with("to", w.value())
                            .with("fromVersion", ops[prev].writtenVersion())
                            .with("version", w.writtenVersion()),
                    prev,
                    cur);
        });
    }
}
