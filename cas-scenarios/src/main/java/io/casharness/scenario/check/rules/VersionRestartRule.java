package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Status;
import java.util.Arrays;

/**
 * {@code versions-restart}: a key's versions restarted with a new incarnation. Found before any other rule reports,
 * so that what the restart explains is not reported apart ({@link Findings.Restarts}); reported once per key, with
 * how often and the first case.
 *
 * <ul>
 *   <li><b>Versions rise across incarnations</b> (the contract): a write invoked after an acknowledged delete of
 *       {@code d} completed produced a version {@code <= d}. Sound: after the delete the key is absent or holds a
 *       version drawn after it, above {@code d}. The key's other findings whose cited ops do not all lie in one
 *       incarnation ({@link Incarnations}) are by-products of comparing versions of two incarnations.
 *   <li><b>Versions restart per incarnation</b> (declared): two acknowledged writes of the key produced one version
 *       and do not lie in one pinned incarnation: a later incarnation had a version of an earlier one again. Sound:
 *       such a store promises that a version of one incarnation is never one of another. On every key that was
 *       deleted, version order means nothing across incarnations, so findings there whose cited ops do not all lie
 *       in one incarnation are not judged.
 * </ul>
 *
 * In both modes {@link StaleMatchRule} reports the harm on those keys: match-version ops that landed on a newer
 * incarnation.
 */
final class VersionRestartRule implements Findings.Restarts {
    private static final Explanation BELOW_DELETED = Explanation.of(
            "versions-restart.below-deleted",
            "{key}'s versions restart with a new incarnation: after v{deleted} was deleted a write produced"
                    + " v{written} (writes of the key at or below a version deleted before they began: {count}), so a"
                    + " match-version op taken before a delete can match the re-created object");
    private static final Explanation REISSUED = Explanation.of(
            "versions-restart.reissued",
            "{key}'s incarnations reuse versions: v{version} was produced in two incarnations (versions produced"
                    + " again by a later incarnation: {count}), so nothing in a version tells a stale one from a"
                    + " current one and a match-version op taken before a delete can match the re-created object");

    private final HistoryIndex ix;
    private final Findings out;
    private final Incarnations incarnations;
    private final boolean rise;
    /** Per key: how often its versions restarted (0: never). */
    private final int[] count;
    /** Per key: the first case's ops (earlier, later) and its versions. */
    private final int[] firstEarlier;

    private final int[] firstLater;
    private final long[] firstVersion;

    VersionRestartRule(HistoryIndex ix, Findings out, Incarnations incarnations) {
        this.ix = ix;
        this.out = out;
        this.incarnations = incarnations;
        this.rise = ix.options.versionsRiseAcrossIncarnations();
        int keys = ix.keys.size();
        this.count = new int[keys];
        this.firstEarlier = new int[keys];
        this.firstLater = new int[keys];
        this.firstVersion = new long[keys];
    }

    /** Finds the restarts (before the other rules report) and tells the collector what they explain. */
    void find() {
        if (rise) {
            belowDeleted();
        } else {
            reissued();
        }
        if (any()) {
            out.restarts(this);
        }
    }

    /** Whether any key's findings may be by-products of a restart. */
    boolean any() {
        return !rise
                ? ix.keys.stream().anyMatch(Incarnations::deleted)
                : Arrays.stream(count).anyMatch(c -> c > 0);
    }

    /** Whether findings on {@code ks} may be by-products of a restart: the versions StaleMatchRule judges. */
    boolean affected(KeyChain ks) {
        return rise ? count[ks.index] > 0 : Incarnations.deleted(ks);
    }

    @Override
    public boolean explains(AnomalyType type, int[] proof) {
        if (type == AnomalyType.VERSIONS_RESTART || type == AnomalyType.UNEXPLAINED_VERSION) {
            return false;
        }
        for (int p : proof) {
            if (p < 0) {
                continue;
            }
            KeyChain ks = ix.keyOf(p);
            if (affected(ks)) {
                if (!incarnations.oneIncarnation(ks.index, proof)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reports one finding per key whose versions restarted. */
    void report() {
        for (KeyChain ks : ix.keys) {
            int k = ks.index;
            if (count[k] == 0) {
                continue;
            }
            if (rise) {
                int delete = firstEarlier[k];
                int write = firstLater[k];
                long w = ix.ops[write].writtenVersion();
                int producer = ix.versions.producerOf(k, w);
                out.report(
                        AnomalyType.VERSIONS_RESTART,
                        ks.key(),
                        BELOW_DELETED
                                .with("key", ks.key())
                                .with("deleted", firstVersion[k])
                                .with("written", w)
                                .with("count", count[k]),
                        producer == write ? -1 : producer,
                        delete,
                        write);
            } else {
                out.report(
                        AnomalyType.VERSIONS_RESTART,
                        ks.key(),
                        REISSUED.with("key", ks.key())
                                .with("version", firstVersion[k])
                                .with("count", count[k]),
                        firstEarlier[k],
                        firstLater[k]);
            }
        }
    }

    /** Rising mode: writes invoked after an acknowledged delete of a version not below theirs completed. */
    private void belowDeleted() {
        int keys = ix.keys.size();
        long[][] doneAt = new long[keys][];
        long[][] maxDeleted = new long[keys][];
        int[][] maxDeletedOp = new int[keys][];
        for (KeyChain ks : ix.keys) {
            int m = ks.okDeletes.size();
            if (m == 0) {
                continue;
            }
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                order[j] = ks.okDeletes.get(j);
            }
            Arrays.sort(order, (a, b) -> Long.compare(ix.ops[a].completeNanos(), ix.ops[b].completeNanos()));
            long[] t = new long[m];
            long[] max = new long[m];
            int[] maxOp = new int[m];
            for (int j = 0; j < m; j++) {
                Op d = ix.ops[order[j]];
                t[j] = d.completeNanos();
                boolean higher = j == 0 || d.readVersion() > max[j - 1];
                max[j] = higher ? d.readVersion() : max[j - 1];
                maxOp[j] = higher ? order[j] : maxOp[j - 1];
            }
            doneAt[ks.index] = t;
            maxDeleted[ks.index] = max;
            maxDeletedOp[ks.index] = maxOp;
        }
        for (int i = 0; i < ix.n; i++) {
            Op op = ix.ops[i];
            int k = ix.keyOf[i];
            if (doneAt[k] == null || op.status() != Status.OK || !op.isWrite() || op.writtenVersion() <= 0) {
                continue;
            }
            int j = Ops.lowerBound(doneAt[k], op.invokeNanos()) - 1;
            if (j >= 0 && op.writtenVersion() <= maxDeleted[k][j]) {
                found(k, maxDeletedOp[k][j], i, maxDeleted[k][j]);
            }
        }
    }

    /** Per-incarnation mode: one version of a key produced by writes not pinned to one incarnation. */
    private void reissued() {
        IntList d = ix.duplicates;
        for (int j = 0; j < d.size(); j += 3) {
            if (d.get(j + 2) != 0) {
                continue; // two keys: not a restart
            }
            int earlier = d.get(j);
            int later = d.get(j + 1);
            KeyChain ks = ix.keyOf(later);
            if (Incarnations.deleted(ks) && !incarnations.oneIncarnation(ks.index, new int[] {earlier, later})) {
                found(ks.index, earlier, later, ix.ops[later].writtenVersion());
            }
        }
    }

    private void found(int key, int earlier, int later, long version) {
        if (count[key]++ == 0) {
            firstEarlier[key] = earlier;
            firstLater[key] = later;
            firstVersion[key] = version;
        }
    }
}
