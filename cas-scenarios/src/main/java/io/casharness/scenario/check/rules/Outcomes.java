package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;

/**
 * Every test of an op's outcome the checker makes, in one place, over the history's {@link Outcome}. Stateless.
 */
public final class Outcomes {
    private Outcomes() {}

    /** An update that ran out of attempts, every one conflicted. */
    public static boolean isExhausted(Op op) {
        return op.outcome() == Outcome.EXHAUSTED;
    }

    /** {@code NotFound}: the store found no object. */
    public static boolean isNotFound(Op op) {
        return op.outcome() == Outcome.NOT_FOUND;
    }

    /** {@code Conflict(absent)}: a match-version op found no object. */
    public static boolean isConflictAbsent(Op op) {
        return op.outcome() == Outcome.CONFLICT_ABSENT;
    }

    /** A plain {@code Conflict}: a match-version op found the object at another version. */
    public static boolean isConflictPresent(Op op) {
        return op.outcome() == Outcome.CONFLICT;
    }

    /** {@code AlreadyExists(KEY)}: a must-create found its key taken (not its unique name). */
    public static boolean isKeyTaken(Op op) {
        return op.outcome() == Outcome.ALREADY_EXISTS_KEY;
    }

    /** A lost race: any {@code Conflict…} or {@code AlreadyExists…}. */
    public static boolean isLostRace(Op op) {
        return op.outcome().lostRace();
    }

    /**
     * Whether the store answered a mutation with a refusal ({@code Conflict…}, {@code AlreadyExists…},
     * {@code NotFound}, {@code Exhausted}): nothing of it took effect. Every other mutation (acknowledged,
     * indeterminate, failed with an error) may have changed its key.
     */
    public static boolean isRefused(Op op) {
        return op.status() == Status.FAIL && op.outcome().refusal();
    }

    /** A refusal claiming the key absent: {@code NotFound} or {@code Conflict(absent)}. */
    public static boolean claimsAbsent(Op op) {
        return isNotFound(op) || isConflictAbsent(op);
    }
}
