package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code lost-event}: along a status key's versions, a write stored the state of an earlier watch event than the
 * write before it (its {@code revision}, the event position, fell). The later event's effect is gone from the
 * status. Reported once per backwards step, citing the overwritten write and the one that overwrote it.
 *
 * <p>Sound: a correct reconciler writes event {@code e} only with {@code MatchVersion} of a status it holds whose
 * position is below {@code e}, so the write it replaces is that status, and positions rise along the versions; a
 * bootstrap upsert writes the first position of a new life of the object, above every position of the lives
 * before it. Indeterminate writes change nothing of this: each one that applied sits in the chain under the same
 * rule.
 */
final class LostEventRule {
    private static final Explanation LOST = Explanation.of(
            "lost-event.overwritten",
            "a write of {key} stored watch event {event} (v{version}) over the state of the later event {lost}"
                    + " (v{lostVersion}): the effect of event {lost} is lost");

    private final HistoryIndex ix;
    private final Findings out;

    LostEventRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(KeyChain ks) {
        if (!ix.options.statuses().appliesTo(ks.kind)) {
            return;
        }
        Op[] ops = ix.ops;
        WriteChain.walk(ix, ks, w -> w.revision() > 0, (prev, cur) -> {
            if (prev >= 0 && ops[cur].revision() < ops[prev].revision()) {
                out.report(
                        AnomalyType.LOST_EVENT,
                        ks.key(),
                        LOST.with("key", ks.key())
                                .with("event", ops[cur].revision())
                                .with("version", ops[cur].writtenVersion())
                                .with("lost", ops[prev].revision())
                                .with("lostVersion", ops[prev].writtenVersion()),
                        prev,
                        cur);
            }
        });
    }
}
