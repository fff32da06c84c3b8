package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Status;
import java.util.Arrays;

/**
 * Tells a key's incarnations apart by its deletes in time, never by version order: an op lies in incarnation
 * {@code n} of its key (numbered from 0) when exactly {@code n} deletes of the key took effect before it. That
 * number is known for certain when every delete is either acknowledged and completed before the op was invoked
 * (it took effect before the op) or invoked after the op completed (after it): then the op is <em>pinned</em> to
 * incarnation {@code n} = the first count. An op that a delete which may have taken effect (acknowledged or
 * indeterminate) overlapped in time is pinned to none. A delete lies in the incarnation it ends. Built per key on first
 * use; not thread-safe, one per run.
 */
final class Incarnations {
    private final HistoryIndex ix;
    /** Per key: completion times of its acknowledged deletes, sorted. */
    private final long[][] okCompleted;
    /** Per key: invocation times of its deletes that may have taken effect, sorted. */
    private final long[][] invoked;

    Incarnations(HistoryIndex ix) {
        this.ix = ix;
        this.okCompleted = new long[ix.keys.size()][];
        this.invoked = new long[ix.keys.size()][];
    }

    /** Whether a delete of the key may have taken effect at all (else the key has one incarnation). */
    static boolean deleted(KeyChain ks) {
        return !ks.deletes.isEmpty();
    }

    /** The incarnation {@code op} is pinned to, or -1 when a delete of its key may have taken effect while it ran. */
    int of(int op) {
        KeyChain ks = ix.keyOf(op);
        if (!deleted(ks)) {
            return 0;
        }
        load(ks);
        Op o = ix.ops[op];
        int before = countBelow(okCompleted[ks.index], o.invokeNanos());
        int atMost = countBelow(invoked[ks.index], o.completeNanos());
        if (o.type() == Op.OpType.DELETE && o.status() != Status.FAIL) {
            atMost--; // a delete is not among the deletes before itself
        }
        return before == atMost ? before : -1;
    }

    /**
     * Whether the ops of {@code proof} on the key numbered {@code key} (negative entries skipped) are at least two
     * and all pinned to one incarnation.
     */
    boolean oneIncarnation(int key, int[] proof) {
        int at = -2;
        int count = 0;
        for (int p : proof) {
            if (p < 0 || ix.keyOf[p] != key) {
                continue;
            }
            int n = of(p);
            if (n < 0 || (at != -2 && n != at)) {
                return false;
            }
            at = n;
            count++;
        }
        return count >= 2;
    }

    private void load(KeyChain ks) {
        if (invoked[ks.index] != null) {
            return;
        }
        IntList ds = ks.deletes;
        long[] inv = new long[ds.size()];
        long[] done = new long[ds.size()];
        int ok = 0;
        for (int j = 0; j < ds.size(); j++) {
            Op d = ix.ops[ds.get(j)];
            inv[j] = d.invokeNanos();
            if (d.status() == Status.OK) {
                done[ok++] = d.completeNanos();
            }
        }
        done = Arrays.copyOf(done, ok);
        Arrays.sort(inv);
        Arrays.sort(done);
        invoked[ks.index] = inv;
        okCompleted[ks.index] = done;
    }

    /** How many values of sorted {@code a} are below {@code t}. */
    private static int countBelow(long[] a, long t) {
        return Ops.lowerBound(a, t);
    }
}
