package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import java.util.Arrays;

/**
 * {@code stale-read}, {@code non-monotonic-read}, {@code resurrection}: a read invoked after some state of its key
 * was established returned an older one — older than a write acknowledged before it, than another process's read
 * completed before it, than this process's own previous read, or a version a completed delete had removed; or it
 * found the key absent although a version no delete could have removed was committed before it. Sound: an op
 * completed before another was invoked took effect first, and a key's versions rise, so the later read observes
 * that state or a later one. A read of a must-create's version is deferred to {@link VersionRegressionRule}, which
 * decides whether a regressed new incarnation explains it.
 */
final class ReadOrderRule {
    // why the sweep deferred a read of a must-create's version
    static final int RESURRECTED = 0;
    static final int STALE_AFTER_WRITE = 1;
    static final int STALE_AFTER_READ = 2;
    static final int BACKWARDS = 3;
    /** Not a read: an op that matched the version (judged by the ABA rule unless a regression explains it). */
    static final int MATCHED = 4;

    private static final Explanation BACKWARDS_READ = Explanation.of(
            "non-monotonic-read.backwards", "process p{process} read v{seen} of {key} and then the older v{read}");
    private static final Explanation RESURRECTION = Explanation.of(
            "resurrection.after-delete",
            "a read of {key} invoked after the delete of v{deleted} had completed returned v{read}, a state from"
                    + " before that delete");
    private static final Explanation AFTER_WRITE = Explanation.of(
            "stale-read.after-write",
            "a read of {key} invoked after the write of v{seen} was acknowledged returned the older v{read}");
    private static final Explanation AFTER_READ = Explanation.of(
            "stale-read.after-read",
            "a read of {key} invoked after another process's read of v{seen} had completed returned the older"
                    + " v{read}");
    private static final Explanation ABSENT = Explanation.of(
            "stale-read.absent",
            "a read of {key} invoked after v{committed} was committed and acknowledged found the key absent, and no"
                    + " delete of v{committed} or later was invoked before the read completed");

    private final HistoryIndex ix;
    private final Findings out;
    /** (key, process) -> a slot of lastReadVersion / lastReadOp: the process's last read of the key. */
    private final PairMap lastReads = new PairMap(1024);

    private long[] lastReadVersion = new long[256];
    private int[] lastReadOp = new int[256];
    private int lastReadSlots;

    ReadOrderRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    /** An ok read of a version (not absent), judged against what was committed before it was invoked. */
    void read(int i, Op op, KeyChain ks, boolean ofCreate) {
        long r = op.readVersion();
        int last = (int) lastReads.putIfAbsent(ks.index, op.process(), lastReadSlots, -1);
        if (last < 0) {
            last = lastReadSlots++;
            if (last == lastReadVersion.length) {
                lastReadVersion = Arrays.copyOf(lastReadVersion, last * 2);
                lastReadOp = Arrays.copyOf(lastReadOp, last * 2);
            }
        } else if (r < lastReadVersion[last]) {
            older(ks, BACKWARDS, i, lastReadOp[last], ofCreate);
        }
        lastReadVersion[last] = r;
        lastReadOp[last] = i;
        if (r <= ks.maxDeleted) {
            older(ks, RESURRECTED, i, ks.maxDeletedOp, ofCreate);
        } else if (r < ks.maxWritten) {
            older(ks, STALE_AFTER_WRITE, i, ks.maxWrittenOp, ofCreate);
        } else if (r < ks.maxRead && ix.ops[ks.maxReadOp].process() != op.process()) {
            // the same process going backwards is a non-monotonic read, judged above
            older(ks, STALE_AFTER_READ, i, ks.maxReadOp, ofCreate);
        }
    }

    /**
     * A read (or matching op) that saw a version older than {@code witness} established before it was invoked:
     * reported now, or, when the version is a must-create's, deferred to the key's regression judgement.
     */
    void older(KeyChain ks, int rule, int read, int witness, boolean defer) {
        if (defer) {
            ks.deferred.add(read);
            ks.deferred.add(rule);
            ks.deferred.add(witness);
        } else {
            report(ks, rule, read, witness);
        }
    }

    void report(KeyChain ks, int rule, int i, int witness) {
        Op op = ix.ops[i];
        long r = op.readVersion();
        long seen = Ops.committedVersion(ix.ops[witness]);
        String key = ks.key();
        switch (rule) {
            case BACKWARDS ->
                out.report(
                        AnomalyType.NON_MONOTONIC_READ,
                        key,
                        BACKWARDS_READ
                                .with("process", op.process())
                                .with("seen", seen)
                                .with("key", key)
                                .with("read", r),
                        witness,
                        i);
            case RESURRECTED ->
                out.report(
                        AnomalyType.RESURRECTION,
                        key,
                        RESURRECTION.with("key", key).with("deleted", seen).with("read", r),
                        ix.versions.producerOf(ks.index, r),
                        witness,
                        i);
            case STALE_AFTER_WRITE ->
                out.report(
                        AnomalyType.STALE_READ,
                        key,
                        AFTER_WRITE.with("key", key).with("seen", seen).with("read", r),
                        witness,
                        i);
            default ->
                out.report(
                        AnomalyType.STALE_READ,
                        key,
                        AFTER_READ.with("key", key).with("seen", seen).with("read", r),
                        witness,
                        i);
        }
    }

    /**
     * Absent reads invoked after a version was committed: fine only if some delete may have removed it. A delete
     * that completed before the op establishing that version was invoked cannot have (it took effect earlier).
     * Judged once every delete is known, so a delete invoked while the read was in flight still explains it.
     */
    void absentReads(KeyChain ks) {
        for (int c = 0; c < ks.absentReads.size(); c++) {
            int i = ks.absentReads.get(c);
            Op read = ix.ops[i];
            if (read.type() != OpType.READ) {
                continue; // a refusal's claim: FalseFailureRule
            }
            long bound = ks.absentBound.get(c);
            int boundOp = ks.absentBoundOp.get(c);
            if (ix.absenceExplained(ks, bound, boundOp, read.completeNanos())) {
                continue;
            }
            out.report(
                    AnomalyType.STALE_READ,
                    ks.key(),
                    ABSENT.with("key", ks.key()).with("committed", bound),
                    boundOp,
                    i);
        }
    }
}
