package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code duplicate-name}: two keys held one unique name of a kind at the same time — both provably held it over a
 * common window ({@link NameHolds}): a create or rename onto a taken name that the store let through (a uniqueness
 * check done in the application before the write instead of by the write). Covers names passed on by renames, which
 * {@code double-create} does not: two must-creates on keys that were never renamed are that rule's to report, so one
 * clash is one anomaly. Sound: a name is unique per kind at every instant.
 */
final class DuplicateNameRule {
    private static final Explanation BOTH = Explanation.of(
            "duplicate-name.held-twice",
            "name {name} of kind {kind} was held by {firstKey} (its {firstVerb} of v{first}) and by {secondKey} (its"
                    + " {secondVerb} of v{second}) at the same time");

    private final HistoryIndex ix;
    private final Findings out;

    DuplicateNameRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(NameHolds holds) {
        for (NameHolds.OfName of : holds.all()) {
            NameHolds.Hold best = null; // the hold with the furthest end so far
            NameHolds.Hold other = null; // the furthest end so far among holds of other keys than best's
            for (NameHolds.Hold h : of.holds()) {
                NameHolds.Hold against = best != null && best.ks() != h.ks() ? best : other;
                if (against != null && against.end() > h.start()) {
                    report(against, h);
                }
                if (best == null || h.end() > best.end()) {
                    if (best != null && best.ks() != h.ks()) {
                        other = best;
                    }
                    best = h;
                } else if (h.ks() != best.ks() && (other == null || h.end() > other.end())) {
                    other = h;
                }
            }
        }
    }

    private void report(NameHolds.Hold a, NameHolds.Hold b) {
        Op first = ix.ops[a.op()];
        Op second = ix.ops[b.op()];
        if (Ops.isOkCreate(first) && Ops.isOkCreate(second) && !a.ks().renamed && !b.ks().renamed) {
            return; // DoubleCreateRule judges the creates of a name on keys never renamed
        }
        out.report(
                AnomalyType.DUPLICATE_NAME,
                second.kind() + "/name:" + second.name(),
                BOTH.with("name", second.name())
                        .with("kind", second.kind())
                        .with("firstKey", first.key())
                        .with("firstVerb", Ops.verb(first))
                        .with("first", first.writtenVersion())
                        .with("secondKey", second.key())
                        .with("secondVerb", Ops.verb(second))
                        .with("second", second.writtenVersion()),
                a.op(),
                b.op());
    }
}
