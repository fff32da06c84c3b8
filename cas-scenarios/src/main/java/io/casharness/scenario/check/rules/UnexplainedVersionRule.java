package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code unexplained-version}: a read returned a version of its key that no acknowledged write produced and no
 * indeterminate write invoked before the read completed could have. Resolves an indeterminate write as applied
 * when it is the only one that could have produced the version. Sound: a read version comes from some write, and
 * the history records every write; state older than every recorded write (bootstrap) is exempt.
 */
final class UnexplainedVersionRule {
    private static final Explanation UNEXPLAINED = Explanation.of(
            "unexplained-version.no-writer",
            "a read of {key} returned v{read}, which no acknowledged or indeterminate write of the key produced");

    private final HistoryIndex ix;
    private final Findings out;

    UnexplainedVersionRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(KeyChain ks) {
        Op[] ops = ix.ops;
        for (int c = 0; c < ks.unexplained.size(); c++) {
            int i = ks.unexplained.get(c);
            Op read = ops[i];
            long r = read.readVersion();
            if (ix.versions.producerOf(ks.index, r) >= 0 || r < ks.minWrite) {
                // produced by a resolved info write, or state from before the recorded writes began
                continue;
            }
            int candidate = -1;
            int candidates = 0;
            for (int j = 0; j < ks.infoWrites.size(); j++) {
                int w = ks.infoWrites.get(j);
                if (ops[w].invokeNanos() < read.completeNanos() && ix.infoState[w] != HistoryIndex.INFO_NOT_APPLIED) {
                    candidates++;
                    candidate = w;
                }
            }
            if (candidates > 0) {
                if (candidates == 1) {
                    ix.infoState[candidate] = HistoryIndex.INFO_APPLIED;
                    int slot = ix.versions.slot(ks.index, r);
                    if (ix.versions.producer(slot) < 0) {
                        ix.versions.producer(slot, candidate);
                    }
                }
                continue;
            }
            int below = ks.writeVersions.lowerBound(r) - 1;
            int prior = below >= 0 ? ix.versions.producerOf(ks.index, ks.writeVersions.get(below)) : -1;
            out.report(
                    AnomalyType.UNEXPLAINED_VERSION,
                    ks.key(),
                    UNEXPLAINED.with("key", ks.key()).with("read", r),
                    prior,
                    i);
        }
    }
}
