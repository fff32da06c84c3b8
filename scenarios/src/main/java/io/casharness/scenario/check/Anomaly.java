package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One anomaly found by the {@link Checker}: what kind, on which key, a short plain-English explanation, and the
 * operations that prove it.
 *
 * <p>Immutable.
 *
 * @param type the kind of anomaly
 * @param key the key ({@code kind/id}) it concerns; for a name clash, {@code kind/name:<name>}; for a version shared
 *     across keys, both keys joined by {@code " & "}
 * @param explanation one or two sentences of plain English naming the versions involved
 * @param ops the proof: the operations involved, in the order the explanation names them
 */
public record Anomaly(AnomalyType type, String key, String explanation, List<Op> ops) {
    private static final Comparator<Op> TIME_ORDER = Comparator.comparingLong(Op::invokeNanos)
            .thenComparingLong(Op::completeNanos)
            .thenComparingInt(Op::process)
            .thenComparingLong(Op::seq);

    public Anomaly {
        requireNonNull(type, "type");
        requireNonNull(key, "key");
        requireNonNull(explanation, "explanation");
        ops = List.copyOf(ops);
    }

    /** The ops involved in time (invocation) order, one {@link Op#describe()} line each. */
    public String timeline() {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(TIME_ORDER);
        StringBuilder b = new StringBuilder();
        for (Op op : sorted) {
            b.append("  ").append(op.describe()).append('\n');
        }
        return b.toString();
    }

    /** {@code type key: explanation} followed by the timeline. */
    public String describe() {
        return type.id() + " " + key + ": " + explanation + "\n" + timeline();
    }
}
