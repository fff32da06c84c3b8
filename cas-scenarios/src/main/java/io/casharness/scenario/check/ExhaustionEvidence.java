package io.casharness.scenario.check;

import io.casharness.scenario.check.rules.Outcomes;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How often the updates of the {@linkplain Checker.Builder#exhaustionKinds exhaustion kinds} ran out of attempts:
 * the power of the checks on the give-up path. Immutable.
 *
 * @param kinds the exhaustion kinds the history has updates of
 * @param updates updates of those kinds
 * @param exhausted of those, the ones answered {@code Exhausted}
 */
record ExhaustionEvidence(Set<String> kinds, long updates, long exhausted) {

    /** Counts the updates of {@code exhaustionKinds} in {@code ops}. */
    static ExhaustionEvidence of(Op[] ops, Set<String> exhaustionKinds) {
        Set<String> seen = new TreeSet<>();
        long updates = 0;
        long exhausted = 0;
        if (!exhaustionKinds.isEmpty()) {
            for (Op op : ops) {
                if (op.type() == OpType.UPDATE && exhaustionKinds.contains(op.kind())) {
                    seen.add(op.kind());
                    updates++;
                    exhausted += Outcomes.isExhausted(op) ? 1 : 0;
                }
            }
        }
        return new ExhaustionEvidence(Set.copyOf(seen), updates, exhausted);
    }

    /** Whether the history has updates of an exhaustion kind at all. */
    boolean applies() {
        return updates > 0;
    }

    /** The verdict note stating the count, e.g. {@code exhaustion: 41 of 452 updates of [exhaustion] ...}. */
    String note() {
        return String.format(
                Locale.ROOT,
                "exhaustion: %d of %d updates of %s ran out of attempts (Exhausted); each must have changed nothing",
                exhausted,
                updates,
                new TreeSet<>(kinds));
    }

    /** Why a pass would prove nothing about the give-up path, or {@code null} when some update was exhausted. */
    String missing() {
        return exhausted > 0
                ? null
                : "no update of " + new TreeSet<>(kinds) + " ran out of attempts (0 of " + updates
                        + " Exhausted), so a pass would prove nothing about the give-up path";
    }
}
