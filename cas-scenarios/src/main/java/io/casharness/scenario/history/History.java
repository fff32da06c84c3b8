package io.casharness.scenario.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable history: every recorded operation, ordered by invocation time (ties broken by process and sequence).
 * Produced by {@link HistoryRecorder#history()} or read back from JSON Lines by {@link HistoryIo}.
 */
public record History(List<Op> ops) {
    private static final Comparator<Op> ORDER = Comparator.comparingLong(Op::invokeNanos)
            .thenComparingInt(Op::process)
            .thenComparingLong(Op::seq);

    public History {
        ops = List.copyOf(ops);
    }

    /** Sorts {@code ops} into history order. */
    public static History of(List<Op> ops) {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(ORDER);
        return new History(sorted);
    }

    public int size() {
        return ops.size();
    }
}
