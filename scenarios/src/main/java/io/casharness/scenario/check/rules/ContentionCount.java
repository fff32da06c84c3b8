package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.Contention;
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

    /** Counts one mutation: its attempts, and its conflicts when it lost a race or ran out of attempts. */
    void count(Op op) {
        int attempts = Math.max(1, op.attempts());
        mutationAttempts += attempts;
        if (op.status() == Status.OK) {
            okMutations++;
            if (attempts > 1) {
                conflicts += attempts - 1;
                conflictingPairs += attempts - 1;
            }
        } else if (Outcomes.isExhausted(op)) {
            exhausted++;
            conflicts += attempts;
            conflictingPairs += attempts - 1;
        } else if (op.status() == Status.FAIL && Outcomes.isLostRace(op)) {
            // "Conflict", "Conflict(absent)", "AlreadyExists(KEY)", "AlreadyExists(NAME)"
            conflicts++;
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
