package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code aba}, the harm a version restart does, judged by incarnations in time rather than by version order: an
 * acknowledged match-version write or delete of {@code e} whose process last observed {@code e} (read it, wrote it,
 * matched it, or was told it by a conflict) in an op that completed before an acknowledged delete of the key was
 * invoked, that delete completing before the write was invoked. The write landed on a newer incarnation with a
 * version of a dead one. Reported once per op, citing that observation, the delete and the op, on the keys whose
 * versions restarted ({@link VersionRestartRule#affected}); elsewhere {@link AbaRule} judges by version order.
 *
 * <p>Sound for either promise: a version observed before a delete cannot be current after it, because versions rise
 * across incarnations, or, where they restart per incarnation, one incarnation's version is never another's. No
 * assumption is made about where the op took its version from: the process's own latest observation only chooses
 * which ops to cite (and spares an op whose process saw {@code e} again in the new incarnation, which on a store
 * that reuses versions is the reuse, not a stale writer). An update is not judged: it reads its own base.
 */
final class StaleMatchRule {
    private static final Explanation STALE = Explanation.of(
            "aba.stale-match",
            "a stale {op} of {key} matching v{expected} succeeded{result}: its process last saw v{expected} before a"
                    + " delete of the key began, and the delete completed before the {op} was invoked, so it landed on"
                    + " a newer incarnation");

    private final HistoryIndex ix;
    private final Findings out;
    private final VersionRestartRule restarts;

    StaleMatchRule(HistoryIndex ix, Findings out, VersionRestartRule restarts) {
        this.ix = ix;
        this.out = out;
        this.restarts = restarts;
    }

    void judge() {
        if (!restarts.any()) {
            return;
        }
        Map<Long, IntList> byProcess = new HashMap<>();
        for (int i = 0; i < ix.n; i++) {
            KeyChain ks = ix.keyOf(i);
            if (ks.deletes.isEmpty() || !restarts.affected(ks)) {
                continue;
            }
            Op op = ix.ops[i];
            IntList mine = byProcess.computeIfAbsent((long) op.process() << 32 | ks.index, p -> new IntList());
            if (judged(op)) {
                int seen = lastObservation(mine, op.expectedVersion());
                if (seen >= 0) {
                    int delete = deleteBetween(ks, ix.ops[seen].completeNanos(), op.invokeNanos());
                    if (delete >= 0) {
                        report(ks, seen, delete, i, op);
                    }
                }
            }
            mine.add(i);
        }
    }

    private static boolean judged(Op op) {
        return op.status() == Status.OK
                && op.condition() == Condition.MATCH_VERSION
                && (op.type() == OpType.WRITE || op.type() == OpType.DELETE)
                && op.expectedVersion() > 0;
    }

    /** The latest of a process's earlier ops on the key that observed version {@code e}, or -1. */
    private int lastObservation(IntList mine, long e) {
        for (int j = mine.size() - 1; j >= 0; j--) {
            int o = mine.get(j);
            if (observed(ix.ops[o], e)) {
                return o;
            }
        }
        return -1;
    }

    private static boolean observed(Op o, long e) {
        if (o.status() == Status.OK) {
            return switch (o.type()) {
                case READ -> o.readVersion() == e;
                case CREATE, WRITE, UPDATE ->
                    o.writtenVersion() == e || (o.condition() == Condition.MATCH_VERSION && o.expectedVersion() == e);
                case DELETE -> o.readVersion() == e || o.expectedVersion() == e;
                case LIST, GET_BY_NAME -> false; // what a list or a read by name saw is not attributed to a key here
            };
        }
        return o.outcome() == Outcome.CONFLICT && o.currentVersion() == e;
    }

    /** An acknowledged delete of the key invoked after {@code after} and completed before {@code before}, or -1. */
    private int deleteBetween(KeyChain ks, long after, long before) {
        IntList ds = ks.deletes; // in invocation order
        int lo = 0;
        int hi = ds.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ix.ops[ds.get(mid)].invokeNanos() <= after) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int j = lo; j < ds.size(); j++) {
            Op d = ix.ops[ds.get(j)];
            if (d.invokeNanos() >= before) {
                break;
            }
            if (d.status() == Status.OK && d.completeNanos() < before) {
                return ds.get(j);
            }
        }
        return -1;
    }

    private void report(KeyChain ks, int seen, int delete, int i, Op op) {
        boolean isDelete = op.type() == OpType.DELETE;
        out.reportAlways(
                AnomalyType.ABA,
                ks.key(),
                STALE.with("op", isDelete ? "delete" : "write")
                        .with("key", ks.key())
                        .with("expected", op.expectedVersion())
                        .with("result", isDelete ? "" : " (-> v" + op.writtenVersion() + ")"),
                seen,
                delete,
                i);
    }
}
