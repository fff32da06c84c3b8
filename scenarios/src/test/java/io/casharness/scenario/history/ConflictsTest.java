package io.casharness.scenario.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictsTest {
    private final List<Op> ops = new ArrayList<>();

    private Op add(Op.Builder b) {
        Op op = b.process(ops.size(), 0, ops.size(), 0)
                .times(ops.size(), ops.size() + 1L)
                .build();
        ops.add(op);
        return op;
    }

    @Test
    void lostRacesCountOnceAndAnUpdateCountsEveryAttemptThatLost() {
        Op written = add(
                Op.write("k", "a", Condition.MATCH_VERSION).expectedVersion(1).outcome(Outcome.WRITTEN));
        Op conflict = add(
                Op.write("k", "a", Condition.MATCH_VERSION).expectedVersion(1).conflict(2));
        Op conflictAbsent = add(Op.delete("k", "a", Condition.MATCH_VERSION).outcome(Outcome.CONFLICT_ABSENT));
        Op keyTaken = add(Op.create("k", "a").outcome(Outcome.ALREADY_EXISTS_KEY));
        Op nameTaken = add(Op.create("k", "b").outcome(Outcome.ALREADY_EXISTS_NAME));
        Op notFound = add(Op.delete("k", "c", Condition.UNCONDITIONAL).outcome(Outcome.NOT_FOUND));
        Op error = add(Op.write("k", "a", Condition.MATCH_VERSION).error("TRANSIENT", "busy"));
        Op read = add(Op.read("k", "a").outcome(Outcome.FOUND).readVersion(2));
        Op firstTry = add(Op.update("k", "a").outcome(Outcome.UPDATED).attempts(1));
        Op thirdTry = add(Op.update("k", "a").outcome(Outcome.UPDATED).attempts(3));
        Op exhausted = add(Op.update("k", "a").outcome(Outcome.EXHAUSTED).attempts(5));
        Op goneAtSecond = add(Op.update("k", "a").outcome(Outcome.NOT_FOUND).attempts(2));

        assertThat(List.of(written, notFound, error, read, firstTry))
                .allSatisfy(op -> assertThat(Conflicts.of(op)).as(op.describe()).isZero());
        assertThat(List.of(conflict, conflictAbsent, keyTaken, nameTaken))
                .allSatisfy(op -> assertThat(Conflicts.of(op)).as(op.describe()).isOne());
        assertThat(Conflicts.of(thirdTry)).isEqualTo(2);
        assertThat(Conflicts.of(exhausted)).isEqualTo(5);
        assertThat(Conflicts.of(goneAtSecond)).isEqualTo(1);
        assertThat(Conflicts.count(History.of(ops))).isEqualTo(4 + 2 + 5 + 1);
    }
}
