package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;

/**
 * {@code aba}: a new incarnation reused a version of a deleted one (a write invoked after the delete of {@code d}
 * completed produced a version {@code <= d}), or a match-version op succeeded on a version of a dead incarnation (a
 * delete of {@code d} and a match-version write {@code e -> w}, or a second match-version delete, with
 * {@code e <= d < w}). Sound: versions rise across delete and re-create, so after the delete of {@code d} the key
 * is absent or at a version above {@code d}, and {@code e} can no longer be matched; had the write come first, the
 * delete would have removed a version {@code >= w}. Versions of a regressed create's incarnation are its
 * by-products ({@link VersionRegressionRule}).
 */
final class AbaRule {
    private static final Explanation REUSED = Explanation.of(
            "aba.reused-version",
            "after v{deleted} of {key} was deleted, a write produced v{written}: the new incarnation reuses versions"
                    + " of the old one, so a stale match-version writer could succeed on it");
    private static final Explanation DEAD_DELETE = Explanation.of(
            "aba.dead-delete",
            "a delete of {key} matching v{expected} succeeded although v{deleted} (not older) had already been"
                    + " deleted: it matched a version of a dead incarnation");
    private static final Explanation DEAD_WRITE = Explanation.of(
            "aba.dead-write",
            "a write of {key} matching v{expected} succeeded (-> v{written}) although v{deleted} (not older than"
                    + " v{expected}) was deleted before: it matched a version of a dead incarnation");

    private final HistoryIndex ix;
    private final Findings out;
    private final ReadOrderRule readOrder;
    private final VersionRegressionRule regressions;

    AbaRule(HistoryIndex ix, Findings out, ReadOrderRule readOrder, VersionRegressionRule regressions) {
        this.ix = ix;
        this.out = out;
        this.readOrder = readOrder;
        this.regressions = regressions;
    }

    /** An acknowledged write of a positive version, against the deletes completed before it was invoked. */
    void written(int i, Op op, KeyChain ks) {
        long w = op.writtenVersion();
        if (w <= ks.maxDeleted) {
            int producer = ix.versions.producerOf(ks.index, w);
            out.report(
                    AnomalyType.ABA,
                    ks.key(),
                    REUSED.with("deleted", ks.maxDeleted).with("key", ks.key()).with("written", w),
                    producer == i ? -1 : producer,
                    ks.maxDeletedOp,
                    i);
        }
    }

    /**
     * An ok op that started from (or deleted) a must-create's version {@code <=} a version deleted before it was
     * invoked: like a read of it, evidence that the create's incarnation lived after that delete (the per-key pass
     * judges the op itself).
     */
    void matchedAfterDelete(int i, Op op, KeyChain ks) {
        long b = Ops.seenVersion(op);
        if (b > 0 && b <= ks.maxDeleted) {
            int producer = ix.versions.producerOf(ks.index, b);
            if (producer >= 0 && Ops.isOkCreate(ix.ops[producer])) {
                readOrder.older(ks, ReadOrderRule.MATCHED, i, ks.maxDeletedOp, true);
            }
        }
    }

    /** Every acknowledged match-version op of the key against the key's deletes. */
    void judge(KeyChain ks) {
        if (ks.delVersions.length == 0) {
            return;
        }
        for (int m = 0; m < ks.matchOps.size(); m++) {
            int i = ks.matchOps.get(m);
            long e = ks.matchExpected.get(m);
            long result = ks.matchResult.get(m);
            int j = firstUnexplainedDelete(ks, e, result, i);
            if (j >= ks.delOps.length) {
                continue;
            }
            Op op = ix.ops[i];
            if (op.type() == OpType.DELETE) {
                Op other = ix.ops[ks.delOps[j]];
                if (ks.delVersions[j] == result || other.completeNanos() < op.invokeNanos()) {
                    out.report(
                            AnomalyType.ABA,
                            ks.key(),
                            DEAD_DELETE
                                    .with("key", ks.key())
                                    .with("expected", e)
                                    .with("deleted", ks.delVersions[j]),
                            ks.delOps[j],
                            i);
                }
            } else if (result > 0 && ks.delVersions[j] < result) {
                out.report(
                        AnomalyType.ABA,
                        ks.key(),
                        DEAD_WRITE
                                .with("key", ks.key())
                                .with("expected", e)
                                .with("written", result)
                                .with("deleted", ks.delVersions[j]),
                        ix.versions.producerOf(ks.index, e),
                        ks.delOps[j],
                        i);
            }
        }
    }

    /**
     * The first delete of a version {@code >= e} other than {@code self} (an index into the key's sorted deletes):
     * the ABA witness against a match-version op on {@code e}. When {@code e} is the version of a create that began
     * a new incarnation after deletes up to {@code d}, the deletes above {@code e} up to {@code d} are of the
     * incarnation removed before it — an op on {@code e} "crossing" them worked on the live, regressed incarnation, a
     * by-product of the version-regression — so the first delete above {@code d} is the witness (another delete of
     * {@code e} itself stays one). Conversely a delete of a regressed create's version {@code c > e} is no witness
     * against an op from {@code e} to {@code result <= d}: that op worked on the incarnation deleted before the
     * create, the delete on the one after it.
     */
    private int firstUnexplainedDelete(KeyChain ks, long e, long result, int self) {
        int j = Ops.lowerBound(ks.delVersions, e);
        if (j < ks.delOps.length && ks.delOps[j] == self) {
            j++; // a delete is not its own witness
        }
        if (!regressions.any() || j == ks.delOps.length) {
            return j;
        }
        if (ks.delVersions[j] > e) {
            VersionRegressionRule.Regression g = regressions.of(ix.versions.producerOf(ks.index, e));
            if (g != null) {
                j = Math.max(j, Ops.lowerBound(ks.delVersions, g.maxDeleted + 1));
            }
        }
        while (j < ks.delOps.length) {
            VersionRegressionRule.Regression g = null;
            if (ks.delOps[j] != self && ks.delVersions[j] > e) {
                int producer = ix.versions.producerOf(ks.index, ks.delVersions[j]);
                g = producer >= 0 && ix.ops[producer].writtenVersion() == ks.delVersions[j]
                        ? regressions.of(producer)
                        : null;
            }
            if (ks.delOps[j] != self && (g == null || result > g.maxDeleted)) {
                break;
            }
            j++;
        }
        return j;
    }
}
