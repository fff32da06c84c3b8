package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.Arrays;

/**
 * The one pass in time: ops in invocation order, completions released from a binary heap ordered by completion time
 * (its size is the number of ops in flight), so at each op every {@link KeyChain}'s sweep state holds exactly what
 * was committed (acknowledged or read) before that op was invoked. Hands each op to the rules that judge it then;
 * the rule calls are direct, so the pass stays one loop over primitive arrays. Not thread-safe; one per run.
 */
final class Sweep {
    private final HistoryIndex ix;
    private final ReadOrderRule readOrder;
    private final VersionRegressionRule regressions;
    private final AbaRule aba;
    private final LostUpdateRule lostUpdates;
    private final TornReadRule tornReads;
    private final FalseFailureRule falseFailures;

    Sweep(
            HistoryIndex ix,
            ReadOrderRule readOrder,
            VersionRegressionRule regressions,
            AbaRule aba,
            LostUpdateRule lostUpdates,
            TornReadRule tornReads,
            FalseFailureRule falseFailures) {
        this.ix = ix;
        this.readOrder = readOrder;
        this.regressions = regressions;
        this.aba = aba;
        this.lostUpdates = lostUpdates;
        this.tornReads = tornReads;
        this.falseFailures = falseFailures;
    }

    void run() {
        Op[] ops = ix.ops;
        int[] heap = new int[64];
        int heapSize = 0;
        for (int i = 0; i < ix.n; i++) {
            Op op = ops[i];
            long now = op.invokeNanos();
            while (heapSize > 0 && ops[heap[0]].completeNanos() < now) {
                int done = heap[0];
                heap[0] = heap[--heapSize];
                siftDown(heap, heapSize);
                complete(done);
            }
            KeyChain ks = ix.keys.get(ix.keyOf[i]);
            boolean effect = false;
            if (op.status() == Status.OK) {
                switch (op.type()) {
                    case READ -> effect = read(i, op, ks);
                    case CREATE, WRITE, UPDATE -> effect = write(i, op, ks);
                    case DELETE -> {
                        aba.matchedAfterDelete(i, op, ks);
                        effect = op.readVersion() > 0;
                    }
                    case LIST, GET_BY_NAME -> {}
                }
            } else if (op.status() == Status.FAIL && (op.isWrite() || op.type() == OpType.DELETE)) {
                falseFailures.refused(i, op, ks);
            }
            if (effect && op.completeNanos() != Long.MAX_VALUE) {
                if (heapSize == heap.length) {
                    heap = Arrays.copyOf(heap, heapSize * 2);
                }
                heap[heapSize] = i;
                siftUp(heap, heapSize++);
            }
        }
    }

    private boolean write(int i, Op op, KeyChain ks) {
        aba.matchedAfterDelete(i, op, ks);
        if (op.writtenVersion() <= 0) {
            return false;
        }
        regressions.written(i, op, ks);
        return true;
    }

    private boolean read(int i, Op op, KeyChain ks) {
        if (!ix.infoByToken.isEmpty()) {
            ix.resolveTokens(op, ks);
        }
        if (op.readVersion() <= 0) {
            noteAbsence(i, ks);
            return false;
        }
        int producer = ix.versions.producerOf(ks.index, op.readVersion());
        // a create's version read below the key's past may be a new incarnation that regressed: judged per key
        boolean ofCreate = producer >= 0 && Ops.isOkCreate(ix.ops[producer]);
        if (ofCreate) {
            regressions.createRead(producer, op.completeNanos());
        }
        readOrder.read(i, op, ks, ofCreate);
        if (producer >= 0) {
            lostUpdates.read(i, op, producer);
            tornReads.read(i, op, ks, producer);
        } else {
            ks.unexplained.add(i);
        }
        return true;
    }

    /**
     * A read found the key absent, or a refused mutation claims it was: noted, when a version not deleted was
     * committed before it was invoked, for the per-key rules to judge once every delete is known.
     */
    static void noteAbsence(int i, KeyChain ks) {
        if (ks.maxCommitted > ks.maxDeleted) {
            ks.absentReads.add(i);
            ks.absentBound.add(ks.maxCommitted);
            ks.absentBoundOp.add(ks.maxCommittedOp);
        }
    }

    /** Applies what an ok op established once it completed. */
    private void complete(int i) {
        Op op = ix.ops[i];
        KeyChain ks = ix.keys.get(ix.keyOf[i]);
        OpType type = op.type();
        long v = Ops.committedVersion(op);
        if (v > ks.maxCommitted) {
            ks.maxCommitted = v;
            ks.maxCommittedOp = i;
        }
        if (type == OpType.READ) {
            if (v > ks.maxRead) {
                ks.maxRead = v;
                ks.maxReadOp = i;
            }
        } else if (v > ks.maxWritten) {
            ks.maxWritten = v;
            ks.maxWrittenOp = i;
        }
        if (type == OpType.DELETE && v > ks.maxDeleted) {
            ks.maxDeleted = v;
            ks.maxDeletedOp = i;
        }
    }

    private void siftUp(int[] heap, int at) {
        Op[] ops = ix.ops;
        int x = heap[at];
        long key = ops[x].completeNanos();
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            int p = heap[parent];
            if (ops[p].completeNanos() <= key) {
                break;
            }
            heap[at] = p;
            at = parent;
        }
        heap[at] = x;
    }

    private void siftDown(int[] heap, int size) {
        if (size == 0) {
            return;
        }
        Op[] ops = ix.ops;
        int at = 0;
        int x = heap[0];
        long key = ops[x].completeNanos();
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && ops[heap[child + 1]].completeNanos() < ops[heap[child]].completeNanos()) {
                child++;
            }
            if (ops[heap[child]].completeNanos() >= key) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = x;
    }
}
