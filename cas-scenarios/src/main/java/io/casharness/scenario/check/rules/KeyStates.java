package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a key provably was throughout a window of time, for the rules that judge what a list or a by-name read
 * returned: the acknowledged write whose state the key held, or absent, or unknown. Provably means: the last
 * mutation that completed before the window is acknowledged, no mutation that may have taken effect overlaps it
 * without being ordered before it by versions, and none that may have taken effect is in flight during the window.
 * Under linearizability the key then held exactly that state throughout; anything less is unknown, and the rules
 * judge nothing on it (sound, not complete). Also the keys of a kind, by id. Not thread-safe; one per run.
 */
final class KeyStates {
    /** The key held no object throughout the window. */
    static final int ABSENT = -1;
    /** The key's state in the window is not known. */
    static final int UNKNOWN = -2;

    private final HistoryIndex ix;
    private final Map<String, KeyChain> byKey = new HashMap<>();
    private final Map<String, List<KeyChain>> byKind = new HashMap<>();
    private final long[] maxDuration;

    KeyStates(HistoryIndex ix) {
        this.ix = ix;
        this.maxDuration = new long[ix.keys.size()];
        for (KeyChain ks : ix.keys) {
            byKey.put(ks.key(), ks);
            if (!ks.mutations.isEmpty()) {
                byKind.computeIfAbsent(ks.kind, k -> new ArrayList<>()).add(ks);
            }
            long max = 0;
            for (int j = 0; j < ks.mutations.size(); j++) {
                Op m = ix.ops[ks.mutations.get(j)];
                if (m.completeNanos() != Long.MAX_VALUE) {
                    max = Math.max(max, m.completeNanos() - m.invokeNanos());
                }
            }
            maxDuration[ks.index] = max;
        }
        byKind.values().forEach(l -> l.sort(Comparator.comparing((KeyChain k) -> k.id)));
    }

    /** The key {@code kind/id}, or null if no op of the history names it. */
    KeyChain chain(String kind, String id) {
        return byKey.get(kind + "/" + id);
    }

    /** The keys of {@code kind} that some mutation touched, in id order. */
    List<KeyChain> ofKind(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** The keys of {@code kind} that some mutation touched with ids from {@code low} on (all when null), in id order. */
    List<KeyChain> ofKindFrom(String kind, String low) {
        List<KeyChain> all = ofKind(kind);
        if (low == null) {
            return all;
        }
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).id.compareTo(low) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return all.subList(lo, all.size());
    }

    /**
     * The acknowledged write whose state {@code ks} held throughout {@code [from, to]} (an index into the ops),
     * {@link #ABSENT} if it held none, or {@link #UNKNOWN}.
     */
    int throughout(KeyChain ks, long from, long to) {
        if (ix.findMutation(ks, from, to, (d, m) -> m.status() != Status.FAIL) >= 0) {
            return UNKNOWN; // a mutation that may have taken effect was in flight during the window
        }
        int last = lastCompletedBefore(ks, from);
        if (last < 0) {
            return ABSENT; // nothing was ever written before the window
        }
        Op m = ix.ops[last];
        if (m.status() != Status.OK) {
            return UNKNOWN;
        }
        int overlapping = ix.findMutation(
                ks, m.invokeNanos(), m.completeNanos() + 1, (d, x) -> d != last && !orderedBefore(x, m));
        if (overlapping >= 0) {
            return UNKNOWN; // another mutation may have taken effect after it
        }
        if (m.type() == OpType.DELETE) {
            return ABSENT;
        }
        return m.writtenVersion() > 0 ? last : UNKNOWN;
    }

    /**
     * The first time after {@code w} completed at which another mutation of its key may have taken effect:
     * {@code w}'s state holds from its completion until then. {@code Long.MIN_VALUE} if a mutation that overlaps
     * {@code w} may have taken effect after it (the hold is not proved at all).
     */
    long holdEnd(KeyChain ks, int w) {
        Op op = ix.ops[w];
        if (ix.findMutation(
                        ks,
                        op.invokeNanos(),
                        op.completeNanos() + 1,
                        (d, x) -> d != w
                                && x.status() != Status.FAIL
                                && x.invokeNanos() <= op.completeNanos()
                                && !orderedBefore(x, op))
                >= 0) {
            return Long.MIN_VALUE;
        }
        IntList ms = ks.mutations;
        int lo = 0;
        int hi = ms.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ix.ops[ms.get(mid)].invokeNanos() <= op.completeNanos()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int j = lo; j < ms.size(); j++) {
            int d = ms.get(j);
            if (d != w && ix.ops[d].status() != Status.FAIL) {
                return ix.ops[d].invokeNanos();
            }
        }
        return Long.MAX_VALUE;
    }

    /** The mutation of {@code ks} (not failed) with the latest completion before {@code t}, or -1. */
    private int lastCompletedBefore(KeyChain ks, long t) {
        IntList ms = ks.mutations;
        int lo = 0;
        int hi = ms.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ix.ops[ms.get(mid)].invokeNanos() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int best = -1;
        long bestComplete = Long.MIN_VALUE;
        long window = maxDuration[ks.index];
        for (int j = lo - 1; j >= 0; j--) {
            Op m = ix.ops[ms.get(j)];
            if (best >= 0 && m.invokeNanos() < bestComplete - window) {
                break; // every earlier op completed before the best one
            }
            if (m.status() != Status.FAIL && m.completeNanos() < t && m.completeNanos() > bestComplete) {
                best = ms.get(j);
                bestComplete = m.completeNanos();
            }
        }
        return best;
    }

    /** Whether the acknowledged {@code x} provably took effect before the acknowledged {@code m}, by versions. */
    private static boolean orderedBefore(Op x, Op m) {
        if (x.status() != Status.OK || m.status() != Status.OK) {
            return false;
        }
        long mv = Ops.committedVersion(m);
        long xv = Ops.committedVersion(x);
        if (mv <= 0 || xv <= 0) {
            return false;
        }
        if (m.type() == OpType.DELETE) {
            // a delete of v removed the write of v or one after the writes below it
            return x.type() != OpType.DELETE && xv <= mv;
        }
        return xv < mv;
    }
}
