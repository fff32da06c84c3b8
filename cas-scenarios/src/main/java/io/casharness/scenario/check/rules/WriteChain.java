package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import java.util.function.Predicate;

/**
 * A key's acknowledged writes walked in version order — the order they took effect in — one incarnation at a time:
 * each step hands a rule the write and the one before it in the same incarnation ({@code -1} at an incarnation's
 * first: after a delete of a version at or above the previous write's, or at the key's first write). Stateless.
 */
final class WriteChain {
    private WriteChain() {}

    /** Judges one step of the chain: {@code prev} (or -1) then {@code cur}, indexes into the history. */
    @FunctionalInterface
    interface Step {
        void judge(int prev, int cur);
    }

    /** Walks the key's acknowledged writes that {@code include} accepts (the others are left out of the chain). */
    static void walk(HistoryIndex ix, KeyChain ks, Predicate<Op> include, Step step) {
        Op[] ops = ix.ops;
        LongList vs = ks.writeVersions;
        int prev = -1;
        int del = 0;
        for (int j = 0; j < vs.size(); j++) {
            long v = vs.get(j);
            if (j > 0 && vs.get(j - 1) == v) {
                continue;
            }
            int cur = ix.versions.producerOf(ks.index, v);
            if (cur < 0 || !include.test(ops[cur])) {
                continue;
            }
            while (del < ks.delVersions.length && ks.delVersions[del] < v) {
                if (prev >= 0 && ks.delVersions[del] >= ops[prev].writtenVersion()) {
                    prev = -1; // deleted since: a new incarnation begins
                }
                del++;
            }
            step.judge(prev, cur);
            prev = cur;
        }
    }
}
