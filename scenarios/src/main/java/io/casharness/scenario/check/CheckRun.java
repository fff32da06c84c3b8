package io.casharness.scenario.check;

import io.casharness.scenario.history.Op;
import java.util.List;

/** One run of the checker over one history. Not thread-safe; used once. */
final class CheckRun {
    private final Checker checker;
    private final List<Op> ops;

    CheckRun(Checker checker, List<Op> ops) {
        this.checker = checker;
        this.ops = ops;
    }

    Verdict run() {
        // implementation lands in the next commit
        return new Verdict(
                Verdict.Result.UNKNOWN,
                List.of(),
                new Contention(0, 0, 0, 0, 0),
                ops.size(),
                List.of("checker not implemented yet (" + checker.maxAnomaliesPerType() + ")"));
    }
}
