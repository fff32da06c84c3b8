package io.casharness.scenario.history;

import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;

/**
 * The one definition of a history's conflicts: store calls that lost a race to another writer. The runner's count,
 * the {@code check} command's, the verdict table's and the checker's {@code contention} all come from here.
 *
 * <p>An op counts
 * <ul>
 *   <li>1 if the store refused it because another writer got there first: {@link Outcome#CONFLICT},
 *       {@link Outcome#CONFLICT_ABSENT}, {@link Outcome#ALREADY_EXISTS_KEY}, {@link Outcome#ALREADY_EXISTS_NAME}
 *       ({@link Outcome#lostRace()}), or an update ran out of attempts ({@link Outcome#EXHAUSTED}: its last attempt
 *       lost too);
 *   <li>plus, for an {@code UPDATE}, every attempt before its last ({@code attempts - 1}): each retry follows an
 *       attempt that lost a race.
 * </ul>
 * So an update acknowledged at its third attempt counts 2, an update exhausted after 5 attempts counts 5, a refused
 * must-create 1, a {@code NotFound}, an error or an acknowledged single-shot write 0.
 *
 * <p>Thread-safe (stateless).
 */
public final class Conflicts {
    private Conflicts() {}

    /** The races {@code op} lost (see the class comment). */
    public static long of(Op op) {
        long n = op.outcome().lostRace() || op.outcome() == Outcome.EXHAUSTED ? 1 : 0;
        if (op.type() == OpType.UPDATE && op.attempts() > 1) {
            n += op.attempts() - 1;
        }
        return n;
    }

    /** The races every op of {@code history} lost. */
    public static long count(History history) {
        long n = 0;
        for (Op op : history.ops()) {
            n += of(op);
        }
        return n;
    }
}
