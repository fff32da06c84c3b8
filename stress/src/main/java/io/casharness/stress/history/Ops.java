package io.casharness.stress.history;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the ops the history tests record and checks what a history kept of them. Not instantiable; stateless.
 */
public final class Ops {
    /** Ops each actor records. */
    public static final int PER_ACTOR = 3;

    private Ops() {}

    /** Op number {@code seq} of process {@code process}: a write whose token names both. */
    public static Op op(int process, long seq) {
        long now = System.nanoTime();
        return Op.write("stress", "k", Op.Condition.MATCH_VERSION)
                .process(process, 0, process, seq)
                .expectedVersion(1)
                .outcome(Op.Outcome.WRITTEN)
                .times(now, now + 1)
                .readVersion(1)
                .writtenVersion(2)
                .token("p" + process + "-" + seq)
                .build();
    }

    /**
     * Whether, for every process, the ops of {@code ops} form a prefix {@code 0, 1, ..., k-1} of its sequence in
     * that order, with no token twice; and whether the processes named in {@code complete} have all
     * {@link #PER_ACTOR} ops.
     */
    public static boolean prefixesInOrder(List<Op> ops, int... complete) {
        Map<Integer, Long> next = new HashMap<>();
        Set<String> tokens = new HashSet<>();
        for (Op op : ops) {
            if (op == null || !tokens.add(op.token())) {
                return false;
            }
            long expected = next.getOrDefault(op.process(), 0L);
            if (op.seq() != expected) {
                return false;
            }
            next.put(op.process(), expected + 1);
        }
        for (int p : complete) {
            if (next.getOrDefault(p, 0L) != PER_ACTOR) {
                return false;
            }
        }
        return true;
    }

    /** How many ops of {@code process} a history holds. */
    public static int count(History h, int process) {
        return (int) h.ops().stream().filter(o -> o.process() == process).count();
    }
}
