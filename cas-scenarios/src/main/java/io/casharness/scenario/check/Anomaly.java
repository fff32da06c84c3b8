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
 * @param why the explanation as data (reason id, cited values), rendered by {@link #explanation()}
 * @param ops the proof: the operations involved, in the order the explanation names them
 * @param originNanos the run's start (the history's earliest invocation, monotonic nanoseconds): the timeline shows
 *     times relative to it
 */
public record Anomaly(AnomalyType type, String key, Explanation why, List<Op> ops, long originNanos) {
    private static final Comparator<Op> TIME_ORDER = Comparator.comparingLong(Op::invokeNanos)
            .thenComparingLong(Op::completeNanos)
            .thenComparingInt(Op::process)
            .thenComparingLong(Op::seq);

    public Anomaly {
        requireNonNull(type, "type");
        requireNonNull(key, "key");
        requireNonNull(why, "why");
        ops = List.copyOf(ops);
    }

    /** An anomaly whose explanation is a plain sentence. */
    public Anomaly(AnomalyType type, String key, String explanation, List<Op> ops, long originNanos) {
        this(type, key, Explanation.text(requireNonNull(explanation, "explanation")), ops, originNanos);
    }

    /** One or two sentences of plain English naming the versions involved: {@link #why()} rendered. */
    public String explanation() {
        return why.text();
    }

    /** An anomaly whose timeline counts from its own earliest op (when the run's start is not known). */
    public Anomaly(AnomalyType type, String key, String explanation, List<Op> ops) {
        this(type, key, explanation, ops, earliestInvoke(ops));
    }

    private static long earliestInvoke(List<Op> ops) {
        long min = Long.MAX_VALUE;
        for (Op op : ops) {
            min = Math.min(min, op.invokeNanos());
        }
        return ops.isEmpty() ? 0 : min;
    }

    /**
     * The ops involved in time (invocation) order, one line each: {@link Op#describe()} with its times in
     * milliseconds from {@link #originNanos()} ({@code @12.345ms..12.901ms}).
     */
    public List<String> timelineLines() {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(TIME_ORDER);
        List<String> lines = new ArrayList<>(sorted.size());
        for (Op op : sorted) {
            lines.add(describe(op, originNanos));
        }
        return lines;
    }

    /** {@link #timelineLines()}, each indented by two spaces and ended by a newline. */
    public String timeline() {
        StringBuilder b = new StringBuilder();
        for (String line : timelineLines()) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    /** {@code type key: explanation} followed by the timeline. */
    public String describe() {
        return type.id() + " " + key + ": " + explanation() + "\n" + timeline();
    }

    /**
     * {@link Op#describe()} with the invoke and completion times as milliseconds since {@code originNanos}
     * ({@code @12.345ms..12.901ms}; {@code ?} for an op that never completed).
     */
    public static String describe(Op op, long originNanos) {
        String line = op.describe();
        String raw = " @" + op.invokeNanos() + ".."
                + (op.completeNanos() == Long.MAX_VALUE ? "?" : Long.toString(op.completeNanos()));
        String tail = op.error() == null ? "" : " error " + op.error();
        if (!line.endsWith(raw + tail)) {
            return line; // a format this method does not know: keep the raw times rather than guess
        }
        String relative = " @" + millis(op.invokeNanos() - originNanos) + ".."
                + (op.completeNanos() == Long.MAX_VALUE ? "?" : millis(op.completeNanos() - originNanos));
        return line.substring(0, line.length() - raw.length() - tail.length()) + relative + tail;
    }

    /** {@code 12.345ms}: nanoseconds rendered as milliseconds with microsecond precision. */
    static String millis(long nanos) {
        if (nanos < 0) {
            return "-" + millis(-nanos);
        }
        long micros = nanos / 1000;
        long ms = micros / 1000;
        long frac = micros % 1000;
        return ms + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac + "ms";
    }
}
