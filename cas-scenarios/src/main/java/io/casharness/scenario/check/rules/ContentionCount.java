package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.Contention;
import io.casharness.scenario.history.Conflicts;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Status;

/**
 * The contention a history achieved, counted during the index pass: one method per op ({@link #count}) and one per
 * write joining a group of writes from one base ({@link #sameBase}). Not thread-safe.
 */
final class ContentionCount {
    private long conflicts;
    private long exhausted;
    private long conflictingPairs;
    private long mutationAttempts;
    private long okMutations;

    /** Counts one mutation: its attempts, and its conflicts as {@link Conflicts#of} defines them. */
    void count(Op op) {
        int attempts = Math.max(1, op.attempts());
        mutationAttempts += attempts;
        conflicts += Conflicts.of(op);
        if (op.status() == Status.OK) {
            okMutations++;
            if (attempts > 1) {
                conflictingPairs += attempts - 1;
            }
        } else if (Outcomes.isExhausted(op)) {
            exhausted++;
            conflictingPairs += attempts - 1;
        }
    }

    /** A mutation joined a group of {@code earlier} recorded mutations from the same base: that many more pairs. */
    void sameBase(long earlier) {
        conflictingPairs += earlier;
    }

    Contention result(long infoOps) {
        return new Contention(
                conflicts,
                exhausted,
                conflictingPairs,
                okMutations == 0 ? 0 : (double) mutationAttempts / okMutations,
                infoOps);
    }
}
