package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code version-regression}: a write produced a version below one its key had committed before the write was
 * invoked; or a must-create in flight across a delete began a new incarnation at a version its key already had
 * (drawn before it took effect). Sound: a version drawn after another was committed is larger (versions rise, across
 * incarnations too); for the second form, an ok op invoked after an ok delete of {@code d} completed cannot see a
 * version {@code c <= d} on a correct store (see {@code docs/checker.md}). The second form absorbs its by-products
 * — the resurrection, stale and non-monotonic reads, ABA and double create of the same ops on the same key — which
 * the other rules ask about through {@link #of} before they report.
 */
final class VersionRegressionRule {
    /** How far back a regression check walks a deleted incarnation's chain of bases before it gives up. */
    private static final int WALK_LIMIT = 4096;

    private static final int NOT_NEW = Integer.MIN_VALUE;
    private static final Explanation AFTER_COMMIT = Explanation.of(
            "version-regression.after-commit",
            "a write of {key} produced v{written} although v{committed} was already committed before it was invoked");
    private static final String NEW_INCARNATION_TEXT = "after the delete of v{deleted} of {key}, a must-create of"
            + " {key} that was in flight across that delete produced v{created}, not above v{deleted}: {proof}"
            + " invoked after the delete completed {saw} v{created}, so a new incarnation began after the delete at a"
            + " version its key already had (drawn before the create took effect)";
    private static final Explanation NEW_INCARNATION =
            Explanation.of("version-regression.new-incarnation", NEW_INCARNATION_TEXT);
    private static final Explanation NEW_INCARNATION_BESIDE_CREATE = Explanation.of(
            "version-regression.new-incarnation",
            NEW_INCARNATION_TEXT + ", and it and the create of v{partner} are no double create");

    private final HistoryIndex ix;
    private final Findings out;
    private final ReadOrderRule readOrder;
    /** Must-create op -> the earliest completion of a read of its version. */
    private final Map<Integer, Long> createReadSeen = new HashMap<>();
    /** Must-create op -> the earliest completion of any op that saw its version (filled when first needed). */
    private final Map<Integer, Long> createSeen = new HashMap<>();
    /** Must-creates that began a new incarnation at a version their key already had. */
    private final Map<Integer, Regression> regressed = new HashMap<>();

    VersionRegressionRule(HistoryIndex ix, Findings out, ReadOrderRule readOrder) {
        this.ix = ix;
        this.out = out;
        this.readOrder = readOrder;
    }

    /** A must-create that began a new incarnation at a version its key already had. */
    static final class Regression {
        /** The first delete it came after, and the read that shows it. */
        final int delete;

        final int proof;
        /** The create the deleted incarnation began with, or -1. */
        final int partner;
        /** The highest version deleted before it, over every read it explains. */
        long maxDeleted;

        Regression(int delete, int proof, int partner) {
            this.delete = delete;
            this.proof = proof;
            this.partner = partner;
        }
    }

    /** The regression of a must-create op, or {@code null}. */
    Regression of(int create) {
        return regressed.isEmpty() ? null : regressed.get(create);
    }

    boolean any() {
        return !regressed.isEmpty();
    }

    // ---------------------------------------------------------------- in the sweep

    /** An acknowledged write (of a positive version), against what was committed before it was invoked. */
    void written(int i, Op op, KeyChain ks) {
        long w = op.writtenVersion();
        if (w < ks.maxCommitted) {
            out.report(
                    AnomalyType.VERSION_REGRESSION,
                    ks.key(),
                    AFTER_COMMIT.with("key", ks.key()).with("written", w).with("committed", ks.maxCommitted),
                    ks.maxCommittedOp,
                    i);
        }
    }

    /** A read of a must-create's version completed at {@code completeNanos}. */
    void createRead(int create, long completeNanos) {
        createReadSeen.merge(create, completeNanos, Math::min);
    }

    // ---------------------------------------------------------------- per key

    /**
     * Judges the reads the sweep deferred: reads of a must-create's version {@code c} that came after the key had
     * been deleted at {@code d >= c} (or after newer versions were seen). When the create began a new incarnation
     * after that delete ({@link #newIncarnationAfter}), that is one version-regression, and the resurrection, stale
     * and non-monotonic reads it causes on those versions are its by-products; any other is reported as a read
     * anomaly.
     */
    void judge(KeyChain ks) {
        IntList q = ks.deferred;
        for (int j = 0; j < q.size(); j += 3) {
            int read = q.get(j);
            int rule = q.get(j + 1);
            int delete = q.get(j + 2);
            if (rule != ReadOrderRule.RESURRECTED && rule != ReadOrderRule.MATCHED) {
                continue;
            }
            int create = ix.versions.producerOf(ks.index, Ops.seenVersion(ix.ops[read]));
            int partner = newIncarnationAfter(ks, create, delete);
            if (partner == NOT_NEW) {
                if (rule == ReadOrderRule.RESURRECTED) {
                    readOrder.report(ks, ReadOrderRule.RESURRECTED, read, delete);
                }
                continue;
            }
            Regression g = regressed.get(create);
            if (g == null) {
                g = new Regression(delete, read, partner);
                regressed.put(create, g);
                report(ks, create, g);
            }
            g.maxDeleted = Math.max(g.maxDeleted, ix.ops[delete].readVersion());
        }
        for (int j = 0; j < q.size(); j += 3) {
            int read = q.get(j);
            int rule = q.get(j + 1);
            int witness = q.get(j + 2);
            if (rule == ReadOrderRule.RESURRECTED || rule == ReadOrderRule.MATCHED) {
                continue;
            }
            int create = ix.versions.producerOf(ks.index, ix.ops[read].readVersion());
            Regression g = regressed.get(create);
            long seen = Ops.committedVersion(ix.ops[witness]);
            // the newer version belongs to the incarnation deleted before the create, and the read may have come
            // after that delete: the regression explains why it looks older
            boolean explained = g != null
                    && seen > ix.ops[create].writtenVersion()
                    && seen <= g.maxDeleted
                    && ix.ops[read].completeNanos() > ix.ops[g.delete].invokeNanos();
            if (!explained) {
                readOrder.report(ks, rule, read, witness);
            }
        }
    }

    /**
     * Whether the ok must-create {@code create} (version {@code c}) began a new incarnation after the ok delete
     * {@code delete} of {@code d >= c}, so that its version is one its key already had. Requires, beyond a read of
     * {@code c} invoked after the delete completed (the caller's evidence):
     * <ol>
     *   <li>the create overlapped the delete (it may have taken effect after it; one invoked after the delete
     *       completed is the sweep's to judge);
     *   <li>nothing saw {@code c} before the delete was invoked (else the create took effect before the delete);
     *   <li>the incarnation the delete removed does not descend from {@code c}: walking its bases down from
     *       {@code d}, the chain passes below {@code c} without meeting it, or starts at a must-create above
     *       {@code c};
     *   <li>in version order the create's incarnation overlaps another — the chain above passed below {@code c}
     *       (an incarnation was live across {@code c}), or the next must-create above {@code c} came with no delete
     *       between them that could have ended the create's incarnation first (an acknowledged delete of a version
     *       in between invoked before that create completed, or a delete of unknown version while they ran) — so
     *       without the regression the history needs a double create and a resurrection, with it only this.
     * </ol>
     *
     * @return the next must-create above {@code c}, -1 if an incarnation was live across {@code c}, or {@link
     *     #NOT_NEW}
     */
    private int newIncarnationAfter(KeyChain ks, int create, int delete) {
        Op[] ops = ix.ops;
        Op c = ops[create];
        Op del = ops[delete];
        long cv = c.writtenVersion();
        if (c.completeNanos() <= del.invokeNanos() || c.invokeNanos() >= del.completeNanos()) {
            return NOT_NEW;
        }
        if (firstSeen(ks, create) <= del.invokeNanos()) {
            return NOT_NEW;
        }
        long v = del.readVersion();
        Op deletedChainStart;
        for (int steps = 0; ; steps++) {
            if (v == cv || steps == WALK_LIMIT) {
                return NOT_NEW;
            }
            if (v < cv) {
                return -1;
            }
            int w = ix.versions.producerOf(ks.index, v);
            if (w < 0) {
                return NOT_NEW; // where the deleted chain began is unknown
            }
            deletedChainStart = ops[w];
            if (deletedChainStart.condition() == Condition.MUST_CREATE) {
                break;
            }
            long b = Ops.versionBase(deletedChainStart);
            if (b <= 0 || b >= v) {
                return NOT_NEW;
            }
            v = b;
        }
        int[] cs = ix.createsByVersion(ks);
        int at = 0;
        for (int hi = cs.length; at < hi; ) { // the first create above cv
            int mid = (at + hi) >>> 1;
            if (ops[cs[mid]].writtenVersion() <= cv) {
                at = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (at == cs.length) {
            return NOT_NEW;
        }
        Op next = ops[cs[at]];
        // Had the create taken effect before the delete, a delete of its incarnation (a version below the next
        // create's) must have ended it before the next incarnation and the deleted one began: such a delete puts
        // the versions in order, and the read of c is then a plain resurrection. A deleted version whose chain of
        // bases passes below c without meeting it belongs to another incarnation and ended nothing of c's.
        long endedBy = Math.min(next.completeNanos(), deletedChainStart.completeNanos());
        for (int d = Ops.lowerBound(ks.delVersions, cv);
                d < ks.delVersions.length && ks.delVersions[d] < next.writtenVersion();
                d++) {
            if (ops[ks.delOps[d]].invokeNanos() < endedBy && mayDescend(ks, ks.delVersions[d], cv)) {
                return NOT_NEW;
            }
        }
        return ix.unknownDelete(ks, c.invokeNanos(), endedBy) >= 0 ? NOT_NEW : cs[at];
    }

    /**
     * Whether version {@code v} of the key may belong to the incarnation that began at {@code cv}: its chain of bases
     * meets {@code cv}, or cannot be followed (a version without a known writer, a write without a known base, a
     * chain longer than the walk limit). Not when the chain passes below {@code cv} or starts at another must-create.
     */
    private boolean mayDescend(KeyChain ks, long v, long cv) {
        for (int steps = 0; steps < WALK_LIMIT; steps++) {
            if (v == cv) {
                return true;
            }
            if (v < cv) {
                return false;
            }
            int w = ix.versions.producerOf(ks.index, v);
            if (w < 0) {
                return true;
            }
            Op write = ix.ops[w];
            if (write.condition() == Condition.MUST_CREATE) {
                return false;
            }
            long b = Ops.versionBase(write);
            if (b <= 0 || b >= v) {
                return true;
            }
            v = b;
        }
        return true;
    }

    /**
     * The earliest completion of an op that saw the create's version: the create itself, a read, a match-version
     * op from it, a delete of it.
     */
    private long firstSeen(KeyChain ks, int create) {
        Long known = createSeen.get(create);
        if (known != null) {
            return known;
        }
        Op c = ix.ops[create];
        long cv = c.writtenVersion();
        long t = Math.min(c.completeNanos(), createReadSeen.getOrDefault(create, Long.MAX_VALUE));
        for (int m = 0; m < ks.matchOps.size(); m++) {
            if (ks.matchExpected.get(m) == cv) {
                t = Math.min(t, ix.ops[ks.matchOps.get(m)].completeNanos());
            }
        }
        for (int d = Ops.lowerBound(ks.delVersions, cv); d < ks.delVersions.length && ks.delVersions[d] == cv; d++) {
            t = Math.min(t, ix.ops[ks.delOps[d]].completeNanos());
        }
        createSeen.put(create, t);
        return t;
    }

    private void report(KeyChain ks, int create, Regression g) {
        Op c = ix.ops[create];
        Op del = ix.ops[g.delete];
        Op proof = ix.ops[g.proof];
        String saw = switch (proof.type()) {
            case READ -> "returned";
            case DELETE -> "deleted";
            default -> "matched";
        };
        Explanation why = (g.partner >= 0 ? NEW_INCARNATION_BESIDE_CREATE : NEW_INCARNATION)
                .with("deleted", del.readVersion())
                .with("key", ks.key())
                .with("created", c.writtenVersion())
                .with("proof", Ops.aVerb(proof))
                .with("saw", saw);
        if (g.partner >= 0) {
            why = why.with("partner", ix.ops[g.partner].writtenVersion());
        }
        out.report(AnomalyType.VERSION_REGRESSION, ks.key(), why, g.delete, create, g.proof);
    }
}
