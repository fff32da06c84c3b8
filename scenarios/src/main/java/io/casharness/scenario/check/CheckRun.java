package io.casharness.scenario.check;

import io.casharness.scenario.history.Conflicts;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One run of the checker over one history. Not thread-safe; used once.
 *
 * <p>Three passes, each linear in the number of ops (plus a sort of a key's versions only when they did not arrive
 * in order, and a binary heap whose size is the number of ops in flight at once):
 * <ol>
 *   <li><b>index</b>: keys, the {@code (key, version) -> producing write} map, duplicate versions, writes from the
 *       same base, contention counts, deletes, the mutations that may have taken effect, info ops by token;
 *   <li><b>sweep</b> in invocation order, releasing completions from a heap ordered by completion time, so each op
 *       sees exactly what was committed (acknowledged or read) before it was invoked: stale reads, resurrections,
 *       version regressions, non-monotonic reads, a read's content against the write that produced its version,
 *       info writes whose tokens are read, what a refused mutation's claim is judged against;
 *   <li><b>per key</b>: deferred judgements (absent reads, refused ops' claims, unexplained versions, reads of a
 *       create's version that look older than the key's past: a new incarnation that regressed, or a resurrection),
 *       double creates, ABA, state-machine transitions along the version chain, and, for accumulating kinds, every
 *       acknowledged token against the key's highest-version read, which must hold each token once.
 * </ol>
 *
 * <p>Every rule that finds an erased write files it under the erased op, so a lost write is one anomaly whichever
 * rules saw it; anomalies are counted in full and listed up to the cap.
 */
final class CheckRun {
    private static final byte INFO_UNRESOLVED = 1;
    private static final byte INFO_APPLIED = 2;
    private static final byte INFO_NOT_APPLIED = 3;

    // reads the sweep defers to the key pass when they returned a version a must-create produced
    private static final int RESURRECTED = 0;
    private static final int STALE_AFTER_WRITE = 1;
    private static final int STALE_AFTER_READ = 2;
    private static final int BACKWARDS = 3;
    /** Not a read: an op that matched the version (judged by the ABA pass unless a regression explains it). */
    private static final int MATCHED = 4;
    /** How far back a regression check walks a deleted incarnation's chain of bases before it gives up. */
    private static final int WALK_LIMIT = 4096;

    private final Checker checker;
    private final Op[] ops;
    private final int n;
    /** The run's start: the earliest invocation; timelines count from it. */
    private long origin = Long.MAX_VALUE;

    private final int[] keyOf;
    private final byte[] infoState;
    private final List<KeyState> keys = new ArrayList<>();
    private final Map<String, Map<String, KeyState>> index = new HashMap<>();
    /**
     * (key, version) -> the ok write (or applied info write) that produced it, and the group of writes from it:
     * (ops in the group) << 32 | (first ok op + 1).
     */
    private final VersionIndex versions;
    /** (key, process) -> a slot of lastReadVersion / lastReadOp: the process's last read of the key. */
    private final PairMap lastReads;

    private long[] lastReadVersion = new long[256];
    private int[] lastReadOp = new int[256];
    private int lastReadSlots;

    private final Map<String, Integer> infoByToken = new HashMap<>();
    private final IntList namedCreates = new IntList();

    private final Map<AnomalyType, List<Anomaly>> found = new EnumMap<>(AnomalyType.class);
    private final long[] totals = new long[AnomalyType.values().length];
    private final Map<String, Integer> suppressed = new LinkedHashMap<>();

    /** Acknowledged writes shown lost, by the erased op, in the order found: one lost-update each. */
    private final Map<Integer, LostWrite> lost = new LinkedHashMap<>();
    /** Ops that erased a write from their base; the first read of an eraser's version proves a register's loss. */
    private final BitSet erasers = new BitSet();

    private final Map<Integer, Integer> eraserReads = new HashMap<>();
    /** Must-create op -> the earliest completion of a read of its version. */
    private final Map<Integer, Long> createReadSeen = new HashMap<>();
    /** Must-create op -> the earliest completion of any op that saw its version (filled when first needed). */
    private final Map<Integer, Long> createSeen = new HashMap<>();
    /** Must-creates that began a new incarnation at a version their key already had. */
    private final Map<Integer, Regression> regressed = new HashMap<>();

    private long conflicts;
    private long exhausted;
    private long conflictingPairs;
    private long mutationAttempts;
    private long okMutations;
    private long infoOps;
    private long unwitnessedTokens;

    CheckRun(Checker checker, List<Op> history) {
        this.checker = checker;
        this.ops = history.toArray(new Op[0]);
        this.n = ops.length;
        this.keyOf = new int[n];
        this.infoState = new byte[n];
        this.versions = new VersionIndex(n / 2 + 16, checker.versionsUniqueAcrossKeys());
        this.lastReads = new PairMap(1024);
    }

    Verdict run() {
        indexPass();
        sweepPass();
        for (KeyState ks : keys) {
            keyPass(ks);
        }
        abaPass();
        namePass();
        return verdict();
    }

    // ---------------------------------------------------------------- pass 1: index

    private void indexPass() {
        TransitionRules rules = checker.transitions();
        for (int i = 0; i < n; i++) {
            Op op = ops[i];
            KeyState ks = keyState(op.kind(), op.id());
            keyOf[i] = ks.index;
            if (op.invokeNanos() < origin) {
                origin = op.invokeNanos();
            }
            Status st = op.status();
            if (st == Status.INFO) {
                infoOps++;
            }
            OpType type = op.type();
            if (type == OpType.READ) {
                if (st == Status.OK && op.readVersion() > 0) {
                    if (ks.witness < 0 || op.readVersion() >= ops[ks.witness].readVersion()) {
                        ks.witness = i;
                    }
                }
                continue;
            }
            if (type == OpType.LIST) {
                continue;
            }
            countContention(op);
            if (!refused(op)) {
                ks.mutations.add(i);
            }
            if (st == Status.OK && op.condition() == Condition.MATCH_VERSION) {
                ks.matchOps.add(i);
                ks.matchExpected.add(op.expectedVersion());
                ks.matchResult.add(type == OpType.DELETE ? op.readVersion() : op.writtenVersion());
            }
            long base = base(op, ks);
            if (base != 0) {
                group(i, ks, base, st == Status.OK && base > 0);
            }
            if (type == OpType.DELETE) {
                if (st != Status.FAIL) {
                    ks.deletes.add(i);
                    ks.deleteEpoch++;
                    if (st == Status.OK && op.readVersion() > 0) {
                        ks.okDeletes.add(i);
                    } else if (st == Status.INFO) {
                        infoState[i] = INFO_UNRESOLVED;
                    }
                }
                continue;
            }
            // CREATE, WRITE, UPDATE
            if (op.name() != null && st != Status.FAIL) {
                if (ks.firstName == null) {
                    ks.firstName = op.name();
                } else if (!ks.firstName.equals(op.name())) {
                    ks.renamed = true;
                }
            }
            if (st == Status.INFO) {
                infoState[i] = INFO_UNRESOLVED;
                ks.infoWrites.add(i);
                if (op.token() != null) {
                    infoByToken.put(op.token(), i);
                }
                continue;
            }
            long w = op.writtenVersion();
            if (st != Status.OK || w <= 0) {
                continue;
            }
            if (ks.phases && rules.isState(op.value())) {
                ks.hasPhaseValues = true;
            }
            int slot = versions.slot(ks.index, w);
            int prev = versions.producer(slot);
            if (prev >= 0) {
                report(
                        AnomalyType.DUPLICATE_VERSION,
                        ks.key(),
                        "two acknowledged writes of " + ks.key() + " both produced v" + w,
                        prev,
                        i);
            } else {
                versions.producer(slot, i);
                int other = versions.otherKeyProducer();
                if (other >= 0) {
                    String otherKey = ops[other].key();
                    report(
                            AnomalyType.DUPLICATE_VERSION,
                            otherKey + " & " + ks.key(),
                            "v" + w + " was produced by acknowledged writes of two keys, " + otherKey + " and "
                                    + ks.key() + ", although versions come from one counter",
                            other,
                            i);
                }
            }
            ks.writeVersions.add(w);
            if (w < ks.minWrite) {
                ks.minWrite = w;
            }
            if (op.condition() == Condition.MUST_CREATE) {
                ks.creates.add(i);
                if (op.name() != null) {
                    namedCreates.add(i);
                }
            }
        }
    }

    private void countContention(Op op) {
        int attempts = Math.max(1, op.attempts());
        mutationAttempts += attempts;
        conflicts += Conflicts.of(op);
        if (op.status() == Status.OK) {
            okMutations++;
            if (attempts > 1) {
                conflictingPairs += attempts - 1;
            }
        } else if (op.outcome() == Outcome.EXHAUSTED) {
            exhausted++;
            conflictingPairs += attempts - 1;
        }
    }

    /**
     * Whether the store answered a mutation with a refusal ({@code Conflict…}, {@code AlreadyExists…},
     * {@code NotFound}, {@code Exhausted}): nothing of it took effect. Every other mutation (acknowledged,
     * indeterminate, failed with an error) may have changed its key.
     */
    private static boolean refused(Op op) {
        if (op.status() != Status.FAIL) {
            return false;
        }
        return op.outcome().refusal();
    }

    /**
     * The state a mutation started from: a match-version op's expected version, an update's (or a blind write's)
     * last read version, {@code -(1 + deletes so far)} for a must-create ("absent in the current incarnation"), or 0
     * when it named none.
     */
    private static long base(Op op, KeyState ks) {
        if (op.type() == OpType.UPDATE) {
            return op.readVersion() > 0 ? op.readVersion() : op.expectedVersion();
        }
        if (op.condition() == Condition.MATCH_VERSION) {
            return op.expectedVersion();
        }
        if (op.condition() == Condition.MUST_CREATE) {
            return ks == null ? 0 : -1 - ks.deleteEpoch;
        }
        if (op.type() != OpType.DELETE && op.readVersion() > 0) {
            return op.readVersion();
        }
        return 0;
    }

    /** The version a write or delete started from, when it named one (0 otherwise). */
    private static long versionBase(Op op) {
        long b = base(op, null);
        return b > 0 ? b : 0;
    }

    /**
     * Counts a mutation from {@code base} and, for an acknowledged one, judges it against the group's survivor so
     * far (the acknowledged member that nothing from this base erased yet): of two writes from one base, the one
     * with the lower version was erased by the other (versions rise, and the later one did not start from it); a
     * match-version delete from the same base undid the write (the loss is counted on the write); two deletes of one
     * version erased nothing (the ABA pass judges them). So {@code k} acknowledged writes from one base are
     * {@code k - 1} lost writes, each filed once.
     */
    private void group(int i, KeyState ks, long base, boolean checkLost) {
        int slot = versions.slot(ks.index, base);
        long g = versions.group(slot);
        long count = g >>> 32;
        int survivor = (int) (g & 0xFFFFFFFFL) - 1;
        conflictingPairs += count;
        if (checkLost) {
            if (survivor < 0) {
                survivor = i;
            } else {
                Op top = ops[survivor];
                Op op = ops[i];
                boolean topDeletes = top.type() == OpType.DELETE;
                boolean opDeletes = op.type() == OpType.DELETE;
                if (!(topDeletes && opDeletes)) {
                    int producer = versions.producer(slot);
                    if (topDeletes || (!opDeletes && op.writtenVersion() <= top.writtenVersion())) {
                        erasedFromBase(i, survivor, producer, base);
                    } else {
                        erasedFromBase(survivor, i, producer, base);
                        survivor = i;
                    }
                }
            }
        }
        versions.group(slot, (count + 1) << 32 | (survivor + 1L));
    }

    // ---------------------------------------------------------------- pass 2: sweep in time

    private void sweepPass() {
        int[] heap = new int[64];
        int heapSize = 0;
        for (int i = 0; i < n; i++) {
            Op op = ops[i];
            long now = op.invokeNanos();
            while (heapSize > 0 && ops[heap[0]].completeNanos() < now) {
                int done = heap[0];
                heap[0] = heap[--heapSize];
                siftDown(heap, heapSize);
                complete(done);
            }
            KeyState ks = keys.get(keyOf[i]);
            boolean effect = false;
            if (op.status() == Status.OK) {
                switch (op.type()) {
                    case READ -> effect = read(i, op, ks);
                    case CREATE, WRITE, UPDATE -> effect = write(i, op, ks);
                    case DELETE -> {
                        matchedAfterDelete(i, op, ks);
                        effect = op.readVersion() > 0;
                    }
                    case LIST -> {}
                }
            } else if (op.status() == Status.FAIL && op.type() != OpType.READ && op.type() != OpType.LIST) {
                failureClaim(i, op, ks);
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

    /**
     * A refused mutation claims a state of its key at some instant while it ran: {@code NotFound} /
     * {@code Conflict(absent)} that the key was absent, {@code Conflict} on a match-version write or delete of
     * {@code e} that the key was not at {@code e}. Noted with what was committed before it was invoked and judged per
     * key once every delete and write is known ({@link #falseFailures}).
     */
    private void failureClaim(int i, Op op, KeyState ks) {
        Outcome o = op.outcome();
        if (o == Outcome.NOT_FOUND || o == Outcome.CONFLICT_ABSENT) {
            absence(i, ks);
        } else if (o == Outcome.CONFLICT
                && op.condition() == Condition.MATCH_VERSION
                && (op.type() == OpType.WRITE || op.type() == OpType.DELETE)) {
            long e = op.expectedVersion();
            if (e > 0 && e == ks.maxCommitted && e > ks.maxDeleted) {
                ks.conflictClaims.add(i);
                ks.conflictClaimOp.add(ks.maxCommittedOp);
            }
        }
    }

    private void siftUp(int[] heap, int at) {
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

    /** Applies what an ok op established once it completed. */
    private void complete(int i) {
        Op op = ops[i];
        KeyState ks = keys.get(keyOf[i]);
        OpType type = op.type();
        long v = committedVersion(op);
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

    private boolean write(int i, Op op, KeyState ks) {
        matchedAfterDelete(i, op, ks);
        long w = op.writtenVersion();
        if (w <= 0) {
            return false;
        }
        if (w < ks.maxCommitted) {
            report(
                    AnomalyType.VERSION_REGRESSION,
                    ks.key(),
                    "a write of " + ks.key() + " produced v" + w + " although v" + ks.maxCommitted
                            + " was already committed before it was invoked",
                    ks.maxCommittedOp,
                    i);
        }
        if (w <= ks.maxDeleted) {
            report(
                    AnomalyType.ABA,
                    ks.key(),
                    "after v" + ks.maxDeleted + " of " + ks.key() + " was deleted, a write produced v" + w
                            + ": the new incarnation reuses versions of the old one, so a stale match-version"
                            + " writer could succeed on it",
                    versions.producerOf(ks.index, w) == i ? -1 : versions.producerOf(ks.index, w),
                    ks.maxDeletedOp,
                    i);
        }
        return true;
    }

    private boolean read(int i, Op op, KeyState ks) {
        long r = op.readVersion();
        if (!infoByToken.isEmpty()) {
            resolveTokens(op, ks);
        }
        if (r <= 0) {
            absence(i, ks);
            return false;
        }
        int producer = versions.producerOf(ks.index, r);
        // a create's version read below the key's past may be a new incarnation that regressed: judged per key
        boolean ofCreate = producer >= 0 && isOkCreate(ops[producer]);
        if (ofCreate) {
            createReadSeen.merge(producer, op.completeNanos(), Math::min);
        }
        int last = (int) lastReads.putIfAbsent(ks.index, op.process(), lastReadSlots, -1);
        if (last < 0) {
            last = lastReadSlots++;
            if (last == lastReadVersion.length) {
                lastReadVersion = Arrays.copyOf(lastReadVersion, last * 2);
                lastReadOp = Arrays.copyOf(lastReadOp, last * 2);
            }
        } else if (r < lastReadVersion[last]) {
            olderRead(ks, BACKWARDS, i, lastReadOp[last], ofCreate);
        }
        lastReadVersion[last] = r;
        lastReadOp[last] = i;
        if (r <= ks.maxDeleted) {
            olderRead(ks, RESURRECTED, i, ks.maxDeletedOp, ofCreate);
        } else if (r < ks.maxWritten) {
            olderRead(ks, STALE_AFTER_WRITE, i, ks.maxWrittenOp, ofCreate);
        } else if (r < ks.maxRead && ops[ks.maxReadOp].process() != op.process()) {
            // the same process going backwards is a non-monotonic read, judged above
            olderRead(ks, STALE_AFTER_READ, i, ks.maxReadOp, ofCreate);
        }
        if (producer >= 0) {
            Op w = ops[producer];
            if (w.token() != null && !op.observed().isEmpty() && !op.observed().contains(w.token())) {
                lost(producer).proveByRead(i, -1, LostWrite.IN_PLACE);
            }
            if (!erasers.isEmpty() && erasers.get(producer)) {
                eraserReads.putIfAbsent(producer, i);
            }
        } else {
            ks.unexplained.add(i);
        }
        return true;
    }

    /**
     * A read found the key absent, or a refused mutation claims it was: noted, when a version not deleted was
     * committed before it was invoked, for {@link #absentReads} to judge once every delete is known.
     */
    private static void absence(int i, KeyState ks) {
        if (ks.maxCommitted > ks.maxDeleted) {
            ks.absentReads.add(i);
            ks.absentBound.add(ks.maxCommitted);
            ks.absentBoundOp.add(ks.maxCommittedOp);
        }
    }

    /**
     * An ok op that started from (or deleted) a must-create's version {@code <=} a version deleted before it was
     * invoked: like a read of it, evidence that the create's incarnation lived after that delete (the ABA pass judges
     * the op itself).
     */
    private void matchedAfterDelete(int i, Op op, KeyState ks) {
        long b = seenVersion(op);
        if (b > 0 && b <= ks.maxDeleted) {
            int producer = versions.producerOf(ks.index, b);
            if (producer >= 0 && isOkCreate(ops[producer])) {
                olderRead(ks, MATCHED, i, ks.maxDeletedOp, true);
            }
        }
    }

    private static boolean isOkCreate(Op op) {
        return op.status() == Status.OK && op.condition() == Condition.MUST_CREATE && op.writtenVersion() > 0;
    }

    /**
     * A read that returned a version older than {@code witness} established before it was invoked: reported now,
     * or, when the version is a must-create's, deferred to the key pass, which decides whether a regressed new
     * incarnation explains it.
     */
    private void olderRead(KeyState ks, int rule, int read, int witness, boolean defer) {
        if (defer) {
            ks.deferred.add(read);
            ks.deferred.add(rule);
            ks.deferred.add(witness);
        } else {
            reportOlderRead(ks, rule, read, witness);
        }
    }

    private void reportOlderRead(KeyState ks, int rule, int i, int witness) {
        Op op = ops[i];
        long r = op.readVersion();
        long seen = committedVersion(ops[witness]);
        switch (rule) {
            case BACKWARDS ->
                report(
                        AnomalyType.NON_MONOTONIC_READ,
                        ks.key(),
                        "process p" + op.process() + " read v" + seen + " of " + ks.key() + " and then the older v" + r,
                        witness,
                        i);
            case RESURRECTED ->
                report(
                        AnomalyType.RESURRECTION,
                        ks.key(),
                        "a read of " + ks.key() + " invoked after the delete of v" + seen + " had completed returned v"
                                + r + ", a state from before that delete",
                        versions.producerOf(ks.index, r),
                        witness,
                        i);
            case STALE_AFTER_WRITE ->
                report(
                        AnomalyType.STALE_READ,
                        ks.key(),
                        "a read of " + ks.key() + " invoked after the write of v" + seen
                                + " was acknowledged returned the older v" + r,
                        witness,
                        i);
            default ->
                report(
                        AnomalyType.STALE_READ,
                        ks.key(),
                        "a read of " + ks.key() + " invoked after another process's read of v" + seen
                                + " had completed returned the older v" + r,
                        witness,
                        i);
        }
    }

    /** The version an ok op established: read or deleted, else written. */
    private static long committedVersion(Op op) {
        return op.type() == OpType.READ || op.type() == OpType.DELETE ? op.readVersion() : op.writtenVersion();
    }

    private void resolveTokens(Op read, KeyState ks) {
        List<String> observed = read.observed();
        for (int j = 0, size = observed.size(); j < size; j++) {
            Integer w = infoByToken.get(observed.get(j));
            if (w != null && keyOf[w] == ks.index && infoState[w] == INFO_UNRESOLVED) {
                infoState[w] = INFO_APPLIED;
            }
        }
    }

    // ---------------------------------------------------------------- pass 3: per key

    private void keyPass(KeyState ks) {
        ks.writeVersions.sort();
        sortDeletes(ks);
        absentReads(ks);
        falseFailures(ks);
        unexplainedVersions(ks);
        regressions(ks);
        doubleCreates(ks);
        if (ks.hasPhaseValues) {
            transitions(ks);
        }
        if (ks.accumulating) {
            tokens(ks);
        }
        infoBases(ks);
    }

    private void sortDeletes(KeyState ks) {
        int m = ks.okDeletes.size();
        ks.delOps = new int[m];
        ks.delVersions = new long[m];
        boolean sorted = true;
        for (int j = 0; j < m; j++) {
            ks.delOps[j] = ks.okDeletes.get(j);
            ks.delVersions[j] = ops[ks.delOps[j]].readVersion();
            if (j > 0 && ks.delVersions[j] < ks.delVersions[j - 1]) {
                sorted = false;
            }
        }
        if (!sorted) {
            Integer[] order = new Integer[m];
            for (int j = 0; j < m; j++) {
                order[j] = ks.delOps[j];
            }
            Arrays.sort(order, Comparator.comparingLong((Integer d) -> ops[d].readVersion()));
            for (int j = 0; j < m; j++) {
                ks.delOps[j] = order[j];
                ks.delVersions[j] = ops[order[j]].readVersion();
            }
        }
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Tests one op of a key's deletes or mutations (an index into {@code ops}). */
    @FunctionalInterface
    private interface OpTest {
        boolean test(int d, Op del);
    }

    /**
     * The latest non-failed delete of the key invoked before {@code before} that completed after {@code after} and
     * passes {@code test}, or -1. Scans backwards from the last delete invoked before {@code before} and stops once
     * every earlier delete completed by {@code after} (a running maximum of completion times), so the usual case
     * costs a binary search and a few steps.
     */
    private int findDelete(KeyState ks, long after, long before, OpTest test) {
        if (ks.deletes.isEmpty()) {
            return -1;
        }
        if (ks.delMaxComplete == null) {
            ks.delMaxComplete = maxCompletions(ks.deletes);
        }
        return findOverlapping(ks.deletes, ks.delMaxComplete, after, before, test);
    }

    /** The running maximum of the completion times of {@code list}'s ops (in invocation order). */
    private long[] maxCompletions(IntList list) {
        long[] out = new long[list.size()];
        long max = Long.MIN_VALUE;
        for (int j = 0; j < out.length; j++) {
            max = Math.max(max, ops[list.get(j)].completeNanos());
            out[j] = max;
        }
        return out;
    }

    /**
     * The latest op of {@code ds} (in invocation order, {@code maxComplete} its running maximum of completions)
     * invoked before {@code before} that completed after {@code after} and passes {@code test}, or -1.
     */
    private int findOverlapping(IntList ds, long[] maxComplete, long after, long before, OpTest test) {
        int lo = 0;
        int hi = ds.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ops[ds.get(mid)].invokeNanos() < before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int j = lo - 1; j >= 0 && maxComplete[j] > after; j--) {
            int d = ds.get(j);
            Op del = ops[d];
            if (del.completeNanos() > after && test.test(d, del)) {
                return d;
            }
        }
        return -1;
    }

    private static boolean versionUnknown(Op del) {
        return del.status() == Status.INFO || del.readVersion() <= 0;
    }

    /**
     * A delete of the key whose version is unknown (info, or ok without a recorded version) that may have taken
     * effect between {@code after} (invoke time) and {@code before} (completion time), or -1.
     */
    private int unknownDelete(KeyState ks, long after, long before) {
        return findDelete(ks, after, before, (d, del) -> versionUnknown(del));
    }

    /**
     * Absent reads (and refusals claiming the key absent: {@code NotFound}, {@code Conflict(absent)}) invoked after a
     * version was committed: fine only if some delete may have removed it. A delete that completed before the op
     * establishing that version was invoked cannot have (it took effect earlier). A refusal is a
     * {@code false-failure}, a read a {@code stale-read}.
     */
    private void absentReads(KeyState ks) {
        for (int c = 0; c < ks.absentReads.size(); c++) {
            int i = ks.absentReads.get(c);
            Op read = ops[i];
            long bound = ks.absentBound.get(c);
            int boundOp = ks.absentBoundOp.get(c);
            if (absenceExplained(ks, bound, boundOp, read.completeNanos())) {
                continue;
            }
            if (read.type() != OpType.READ) {
                report(
                        AnomalyType.FALSE_FAILURE,
                        ks.key(),
                        (read.type() == OpType.UPDATE ? "an " : "a ") + verb(read) + " of " + ks.key()
                                + " failed with " + read.outcomeName() + " although v" + bound + " was committed and"
                                + " acknowledged before it was invoked, and no delete of v" + bound + " or later (or"
                                + " of unknown version) was invoked before it completed: the key existed throughout",
                        boundOp,
                        i);
                continue;
            }
            report(
                    AnomalyType.STALE_READ,
                    ks.key(),
                    "a read of " + ks.key() + " invoked after v" + bound + " was committed and acknowledged"
                            + " found the key absent, and no delete of v" + bound
                            + " or later was invoked before the read completed",
                    boundOp,
                    i);
        }
    }

    /**
     * Whether a delete may have removed {@code bound} (committed by {@code boundOp}) before {@code before}: an
     * acknowledged delete of {@code bound} or later, or a delete of unknown version, invoked before {@code before} and
     * completed after {@code boundOp} was invoked. An indeterminate delete is credited as applied only when it is the
     * only explanation: not when an acknowledged delete removed that version (a version is deleted once), nor when
     * another delete of unknown version could have done it.
     */
    private boolean absenceExplained(KeyState ks, long bound, int boundOp, long before) {
        long after = ops[boundOp].invokeNanos();
        if (findDelete(ks, after, before, (j, del) -> !versionUnknown(del) && del.readVersion() >= bound) >= 0) {
            return true;
        }
        int[] unknown = {-1, 0}; // the first delete of unknown version found, and how many
        findDelete(ks, after, before, (j, del) -> {
            if (!versionUnknown(del)) {
                return false;
            }
            if (unknown[1]++ == 0) {
                unknown[0] = j;
            }
            return unknown[1] > 1;
        });
        if (unknown[1] == 1 && infoState[unknown[0]] == INFO_UNRESOLVED) {
            infoState[unknown[0]] = INFO_APPLIED;
        }
        return unknown[1] > 0;
    }

    /**
     * Match-version writes and deletes refused with {@code Conflict} on {@code e} although {@code e} was committed and
     * acknowledged before the op was invoked and no other mutation of the key (acknowledged, indeterminate, blind or
     * failed with an error: every one but a refusal) ran between that and the op's completion, so {@code e} was
     * current throughout.
     */
    private void falseFailures(KeyState ks) {
        if (ks.conflictClaims.isEmpty()) {
            return;
        }
        if (ks.mutMaxComplete == null) {
            ks.mutMaxComplete = maxCompletions(ks.mutations);
        }
        for (int c = 0; c < ks.conflictClaims.size(); c++) {
            int i = ks.conflictClaims.get(c);
            Op op = ops[i];
            long e = op.expectedVersion();
            int boundOp = ks.conflictClaimOp.get(c);
            int producer = versions.producerOf(ks.index, e);
            int other = findOverlapping(
                    ks.mutations,
                    ks.mutMaxComplete,
                    ops[boundOp].invokeNanos(),
                    op.completeNanos(),
                    (j, m) -> j != producer && j != i);
            if (other >= 0) {
                continue;
            }
            report(
                    AnomalyType.FALSE_FAILURE,
                    ks.key(),
                    "a " + verb(op) + " of " + ks.key() + " matching v" + e + " failed with Conflict although v" + e
                            + " was committed and acknowledged before it was invoked and no other write or delete of"
                            + " the key ran until it completed: v" + e + " was current throughout",
                    boundOp,
                    i);
        }
    }

    /** Read versions no ok write of the key produced. */
    private void unexplainedVersions(KeyState ks) {
        for (int c = 0; c < ks.unexplained.size(); c++) {
            int i = ks.unexplained.get(c);
            Op read = ops[i];
            long r = read.readVersion();
            if (versions.producerOf(ks.index, r) >= 0 || r < ks.minWrite) {
                // produced by a resolved info write, or state from before the recorded writes began
                continue;
            }
            int candidate = -1;
            int candidates = 0;
            for (int j = 0; j < ks.infoWrites.size(); j++) {
                int w = ks.infoWrites.get(j);
                if (ops[w].invokeNanos() < read.completeNanos() && infoState[w] != INFO_NOT_APPLIED) {
                    candidates++;
                    candidate = w;
                }
            }
            if (candidates > 0) {
                if (candidates == 1) {
                    infoState[candidate] = INFO_APPLIED;
                    int slot = versions.slot(ks.index, r);
                    if (versions.producer(slot) < 0) {
                        versions.producer(slot, candidate);
                    }
                }
                continue;
            }
            int below = ks.writeVersions.lowerBound(r) - 1;
            int prior = below >= 0 ? versions.producerOf(ks.index, ks.writeVersions.get(below)) : -1;
            report(
                    AnomalyType.UNEXPLAINED_VERSION,
                    ks.key(),
                    "a read of " + ks.key() + " returned v" + r
                            + ", which no acknowledged or indeterminate write of the key produced",
                    prior,
                    i);
        }
    }

    /**
     * Judges the reads the sweep deferred: reads of a must-create's version {@code c} that came after the key had
     * been deleted at {@code d >= c} (or after newer versions were seen). When the create began a new incarnation
     * after that delete ({@link #newIncarnationAfter}), that is one version-regression, and the resurrection, stale
     * and non-monotonic reads it causes on those versions are its by-products; any other is reported as before.
     */
    private void regressions(KeyState ks) {
        IntList q = ks.deferred;
        for (int j = 0; j < q.size(); j += 3) {
            int read = q.get(j);
            int rule = q.get(j + 1);
            int delete = q.get(j + 2);
            if (rule != RESURRECTED && rule != MATCHED) {
                continue;
            }
            int create = versions.producerOf(ks.index, seenVersion(ops[read]));
            int partner = newIncarnationAfter(ks, create, delete);
            if (partner == NOT_NEW) {
                if (rule == RESURRECTED) {
                    reportOlderRead(ks, RESURRECTED, read, delete);
                }
                continue;
            }
            Regression g = regressed.get(create);
            if (g == null) {
                g = new Regression(delete, read, partner);
                regressed.put(create, g);
                reportRegression(ks, create, g);
            }
            g.maxDeleted = Math.max(g.maxDeleted, ops[delete].readVersion());
        }
        for (int j = 0; j < q.size(); j += 3) {
            int read = q.get(j);
            int rule = q.get(j + 1);
            int witness = q.get(j + 2);
            if (rule == RESURRECTED || rule == MATCHED) {
                continue;
            }
            int create = versions.producerOf(ks.index, ops[read].readVersion());
            Regression g = regressed.get(create);
            long seen = committedVersion(ops[witness]);
            // the newer version belongs to the incarnation deleted before the create, and the read may have come
            // after that delete: the regression explains why it looks older
            boolean explained = g != null
                    && seen > ops[create].writtenVersion()
                    && seen <= g.maxDeleted
                    && ops[read].completeNanos() > ops[g.delete].invokeNanos();
            if (!explained) {
                reportOlderRead(ks, rule, read, witness);
            }
        }
    }

    private static final int NOT_NEW = Integer.MIN_VALUE;

    /** The version an op saw: the one it read or deleted, else the one it started from (0: none). */
    private static long seenVersion(Op op) {
        return op.type() == OpType.READ || op.type() == OpType.DELETE ? op.readVersion() : versionBase(op);
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
    private int newIncarnationAfter(KeyState ks, int create, int delete) {
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
            int w = versions.producerOf(ks.index, v);
            if (w < 0) {
                return NOT_NEW; // where the deleted chain began is unknown
            }
            deletedChainStart = ops[w];
            if (deletedChainStart.condition() == Condition.MUST_CREATE) {
                break;
            }
            long b = versionBase(deletedChainStart);
            if (b <= 0 || b >= v) {
                return NOT_NEW;
            }
            v = b;
        }
        int[] cs = createsByVersion(ks);
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
        // the versions in order, and the read of c is then a plain resurrection.
        long endedBy = Math.min(next.completeNanos(), deletedChainStart.completeNanos());
        for (int d = lowerBound(ks.delVersions, cv);
                d < ks.delVersions.length && ks.delVersions[d] < next.writtenVersion();
                d++) {
            if (ops[ks.delOps[d]].invokeNanos() < endedBy) {
                return NOT_NEW;
            }
        }
        return unknownDelete(ks, c.invokeNanos(), endedBy) >= 0 ? NOT_NEW : cs[at];
    }

    /** The key's acknowledged must-creates in version order (sorted once). */
    private int[] createsByVersion(KeyState ks) {
        if (ks.createsByVersion == null) {
            ks.createsByVersion = sortedByWritten(ks.creates);
        }
        return ks.createsByVersion;
    }

    /**
     * The earliest completion of an op that saw the create's version: the create itself, a read, a match-version
     * op from it, a delete of it.
     */
    private long firstSeen(KeyState ks, int create) {
        Long known = createSeen.get(create);
        if (known != null) {
            return known;
        }
        Op c = ops[create];
        long cv = c.writtenVersion();
        long t = Math.min(c.completeNanos(), createReadSeen.getOrDefault(create, Long.MAX_VALUE));
        for (int m = 0; m < ks.matchOps.size(); m++) {
            if (ks.matchExpected.get(m) == cv) {
                t = Math.min(t, ops[ks.matchOps.get(m)].completeNanos());
            }
        }
        for (int d = lowerBound(ks.delVersions, cv); d < ks.delVersions.length && ks.delVersions[d] == cv; d++) {
            t = Math.min(t, ops[ks.delOps[d]].completeNanos());
        }
        createSeen.put(create, t);
        return t;
    }

    private void reportRegression(KeyState ks, int create, Regression g) {
        Op c = ops[create];
        Op del = ops[g.delete];
        String key = ks.key();
        String byProducts = g.partner >= 0
                ? ", and it and the create of v" + ops[g.partner].writtenVersion() + " are no double create"
                : "";
        Op proof = ops[g.proof];
        String shown = (proof.type() == OpType.UPDATE ? "an " : "a ") + verb(proof)
                + " invoked after the delete completed "
                + switch (proof.type()) {
                    case READ -> "returned";
                    case DELETE -> "deleted";
                    default -> "matched";
                }
                + " v" + c.writtenVersion();
        report(
                AnomalyType.VERSION_REGRESSION,
                key,
                "after the delete of v" + del.readVersion() + " of " + key + ", a must-create of " + key
                        + " that was in flight across that delete produced v" + c.writtenVersion() + ", not above v"
                        + del.readVersion() + ": " + shown + ", so a new incarnation began after the delete at a"
                        + " version its key already had (drawn before the create took effect)" + byProducts,
                g.delete,
                create,
                g.proof);
    }

    private void doubleCreates(KeyState ks) {
        if (ks.creates.size() < 2) {
            return;
        }
        int[] cs = createsByVersion(ks);
        if (!regressed.isEmpty()) {
            regressedCreates(ks, cs);
            // a create that began a new incarnation after a delete is out of place in version order, not a second
            // create of the incarnation around its version: its neighbours are judged as if it were not there
            cs = Arrays.stream(cs).filter(c -> !regressed.containsKey(c)).toArray();
        }
        for (int j = 1; j < cs.length; j++) {
            Op c1 = ops[cs[j - 1]];
            Op c2 = ops[cs[j]];
            int d = lowerBound(ks.delVersions, c1.writtenVersion());
            if (d < ks.delVersions.length && ks.delVersions[d] < c2.writtenVersion()) {
                continue;
            }
            int unknown = unknownDelete(ks, c1.invokeNanos(), c2.completeNanos());
            if (unknown >= 0) {
                if (infoState[unknown] == INFO_UNRESOLVED) {
                    infoState[unknown] = INFO_APPLIED;
                }
                continue;
            }
            report(
                    AnomalyType.DOUBLE_CREATE,
                    ks.key(),
                    "two must-create writes of " + ks.key() + " were both acknowledged (v" + c1.writtenVersion()
                            + " and v" + c2.writtenVersion() + ") with no delete between them",
                    cs[j - 1],
                    cs[j]);
        }
    }

    /**
     * A regressed create's incarnation lives after the deletes it came after, at its own version and then at versions
     * above them: the next create above those must find it deleted (at its version, or at a version between), else
     * the two are a double create.
     */
    private void regressedCreates(KeyState ks, int[] cs) {
        for (int j = 0; j < cs.length; j++) {
            Regression g = regressed.get(cs[j]);
            if (g == null) {
                continue;
            }
            Op c1 = ops[cs[j]];
            int next = j + 1;
            while (next < cs.length
                    && (ops[cs[next]].writtenVersion() <= g.maxDeleted || regressed.containsKey(cs[next]))) {
                next++;
            }
            if (next == cs.length) {
                continue;
            }
            Op c2 = ops[cs[next]];
            int own = lowerBound(ks.delVersions, c1.writtenVersion());
            int after = lowerBound(ks.delVersions, g.maxDeleted + 1);
            boolean ended = (own < ks.delVersions.length && ks.delVersions[own] == c1.writtenVersion())
                    || (after < ks.delVersions.length && ks.delVersions[after] < c2.writtenVersion())
                    || unknownDelete(ks, c1.invokeNanos(), c2.completeNanos()) >= 0;
            if (!ended) {
                report(
                        AnomalyType.DOUBLE_CREATE,
                        ks.key(),
                        "two must-create writes of " + ks.key() + " were both acknowledged (v" + c1.writtenVersion()
                                + ", which began a new incarnation after the delete of v" + g.maxDeleted + ", and v"
                                + c2.writtenVersion() + ") with no delete of the first incarnation between them",
                        cs[j],
                        cs[next]);
            }
        }
    }

    private int[] sortedByWritten(IntList list) {
        Integer[] order = new Integer[list.size()];
        for (int j = 0; j < order.length; j++) {
            order[j] = list.get(j);
        }
        Arrays.sort(order, Comparator.comparingLong((Integer o) -> ops[o].writtenVersion()));
        int[] out = new int[order.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = order[j];
        }
        return out;
    }

    /** Walks the key's acknowledged writes in version order and checks each state change. */
    private void transitions(KeyState ks) {
        TransitionRules rules = checker.transitions();
        LongList vs = ks.writeVersions;
        int prev = -1;
        int del = 0;
        for (int j = 0; j < vs.size(); j++) {
            long v = vs.get(j);
            if (j > 0 && vs.get(j - 1) == v) {
                continue;
            }
            int cur = versions.producerOf(ks.index, v);
            if (cur < 0) {
                continue;
            }
            Op w = ops[cur];
            boolean newIncarnation = prev < 0;
            while (del < ks.delVersions.length && ks.delVersions[del] < v) {
                if (prev >= 0 && ks.delVersions[del] >= ops[prev].writtenVersion()) {
                    newIncarnation = true;
                }
                del++;
            }
            String to = w.value();
            if (rules.isState(to)) {
                long b = versionBase(w);
                int from = -2; // -2 unknown, -1 absent
                if (w.condition() == Condition.MUST_CREATE) {
                    from = -1;
                } else if (b > 0) {
                    int q = versions.producerOf(ks.index, b);
                    from = q >= 0 ? q : -2;
                } else if (newIncarnation) {
                    from = -1;
                } else if (ks.infoWrites.isEmpty()) {
                    from = prev;
                } else {
                    suppress("a phase transition of a key with indeterminate writes has no known from-state");
                }
                if (from != -2) {
                    String fromState = from == -1 ? null : ops[from].value();
                    if ((fromState == null || rules.isState(fromState)) && !rules.allows(fromState, to)) {
                        report(
                                AnomalyType.ILLEGAL_TRANSITION,
                                ks.key(),
                                "a write moved " + ks.key() + " from " + (fromState == null ? "absent" : fromState)
                                        + " to " + to + " (v" + v + "), which the state machine does not allow",
                                from,
                                cur);
                    }
                }
            }
            prev = cur;
        }
    }

    /** Accumulating kinds: every acknowledged token of the witness's incarnation must be in the witness. */
    private void tokens(KeyState ks) {
        if (ks.witness < 0) {
            return;
        }
        Op witness = ops[ks.witness];
        long v = witness.readVersion();
        Set<String> seen = observedOnce(ks, witness);
        if (!regressed.isEmpty() && regressed.containsKey(versions.producerOf(ks.index, v))) {
            // the last read is of a create that began a new incarnation below the key's past: the versions below it
            // are of the incarnation deleted before it, so neither their tokens nor info writes are judged by it
            return;
        }
        int d = lowerBound(ks.delVersions, v) - 1;
        long lo = d >= 0 ? ks.delVersions[d] : 0;
        LongList vs = ks.writeVersions;
        for (int j = vs.lowerBound(lo + 1); j < vs.size(); j++) {
            long wv = vs.get(j);
            int w = versions.producerOf(ks.index, wv);
            if (w < 0 || ops[w].token() == null || regressed.containsKey(w)) {
                continue; // a regressed create's token belongs to an incarnation after the one this read is in
            }
            if (wv > v) {
                boolean deletedLater = ks.delVersions.length > 0 && ks.delVersions[ks.delVersions.length - 1] >= wv;
                if (ops[w].status() == Status.OK && !deletedLater) {
                    unwitnessedTokens++;
                }
                continue;
            }
            Op write = ops[w];
            if (seen.contains(write.token())) {
                continue;
            }
            if (unknownDelete(ks, write.invokeNanos(), witness.completeNanos()) >= 0) {
                suppress("an acknowledged token is missing but an indeterminate delete may have removed it");
                continue;
            }
            lost(w).proveByRead(ks.witness, versions.producerOf(ks.index, v), LostWrite.LAST_READ);
        }
        // an indeterminate append absent from a later read did not take effect before it (see docs/checker.md)
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            Op info = ops[w];
            if (infoState[w] == INFO_UNRESOLVED
                    && info.token() != null
                    && info.completeNanos() < witness.invokeNanos()
                    && unknownDelete(ks, info.invokeNanos(), witness.completeNanos()) < 0
                    && (d < 0 || ops[ks.delOps[d]].completeNanos() < info.invokeNanos())) {
                infoState[w] = seen.contains(info.token()) ? INFO_APPLIED : INFO_NOT_APPLIED;
            }
        }
    }

    /**
     * The witness's tokens as a set; a token it holds twice is a {@code duplicate-apply}: in an accumulating value a
     * write adds its unique token once, so a second copy means its mutation was applied twice (a retry after a lost
     * acknowledgement re-applied it). Cites the write of the token and the read.
     */
    private Set<String> observedOnce(KeyState ks, Op witness) {
        List<String> observed = witness.observed();
        Set<String> seen = new HashSet<>(observed.size() * 2);
        Set<String> twice = null;
        for (int j = 0, size = observed.size(); j < size; j++) {
            String t = observed.get(j);
            if (!seen.add(t)) {
                if (twice == null) {
                    twice = new LinkedHashSet<>();
                }
                twice.add(t);
            }
        }
        if (twice != null) {
            for (String t : twice) {
                int w = writeOfToken(ks, t);
                String by = w < 0
                        ? ""
                        : " of the " + verb(ops[w])
                                + (ops[w].writtenVersion() > 0
                                        ? " that produced v" + ops[w].writtenVersion()
                                        : " whose outcome is unknown");
                report(
                        AnomalyType.DUPLICATE_APPLY,
                        ks.key(),
                        "the token " + t + by + " appears " + Collections.frequency(observed, t) + " times in "
                                + ks.key() + " at v" + witness.readVersion() + " (the key's last read): its"
                                + " mutation was applied more than once",
                        w,
                        ks.witness);
            }
        }
        return seen;
    }

    /** The acknowledged or indeterminate write of the key that carried {@code token}, or -1 (only for a report). */
    private int writeOfToken(KeyState ks, String token) {
        LongList vs = ks.writeVersions;
        for (int j = 0; j < vs.size(); j++) {
            int w = versions.producerOf(ks.index, vs.get(j));
            if (w >= 0 && token.equals(ops[w].token())) {
                return w;
            }
        }
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            if (token.equals(ops[w].token())) {
                return w;
            }
        }
        return -1;
    }

    /** An unresolved info write from the same base as an acknowledged write could hide a lost update. */
    private void infoBases(KeyState ks) {
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            if (infoState[w] != INFO_UNRESOLVED) {
                continue;
            }
            long b = versionBase(ops[w]);
            if (b > 0 && (versions.groupOf(ks.index, b) & 0xFFFFFFFFL) != 0) {
                suppress("an unresolved info write started from the same version as an acknowledged write"
                        + " (had it applied, one would be a lost update)");
            }
        }
    }

    // ---------------------------------------------------------------- ABA over match-version ops

    private void abaPass() {
        for (KeyState ks : keys) {
            if (ks.delVersions.length == 0) {
                continue;
            }
            for (int m = 0; m < ks.matchOps.size(); m++) {
                int i = ks.matchOps.get(m);
                long e = ks.matchExpected.get(m);
                long result = ks.matchResult.get(m);
                int j = firstUnexplainedDelete(ks, e, result, i);
                if (j >= ks.delOps.length) {
                    continue;
                }
                Op op = ops[i];
                if (op.type() == OpType.DELETE) {
                    Op other = ops[ks.delOps[j]];
                    if (ks.delVersions[j] == result || other.completeNanos() < op.invokeNanos()) {
                        report(
                                AnomalyType.ABA,
                                ks.key(),
                                "a delete of " + ks.key() + " matching v" + e + " succeeded although v"
                                        + ks.delVersions[j] + " (not older) had already been deleted: it matched a"
                                        + " version of a dead incarnation",
                                ks.delOps[j],
                                i);
                    }
                } else if (result > 0 && ks.delVersions[j] < result) {
                    report(
                            AnomalyType.ABA,
                            ks.key(),
                            "a write of " + ks.key() + " matching v" + e + " succeeded (-> v" + result
                                    + ") although v" + ks.delVersions[j] + " (not older than v" + e
                                    + ") was deleted before: it matched a version of a dead incarnation",
                            versions.producerOf(ks.index, e),
                            ks.delOps[j],
                            i);
                }
            }
        }
    }

    /**
     * The first delete of a version {@code >= e} other than {@code self} (an index into the key's sorted deletes):
     * the ABA witness against a match-version op on {@code e}. When {@code e} is the version of a create that began
     * a new incarnation after deletes up to {@code d} ({@link #regressions}), the deletes above {@code e} up to
     * {@code d} are of the incarnation removed before it — an op on {@code e} "crossing" them worked on the live,
     * regressed incarnation, a by-product of the version-regression — so the first delete above {@code d} is the
     * witness (another delete of {@code e} itself stays one). Conversely a delete of a regressed create's version
     * {@code c > e} is no witness against an op from {@code e} to {@code result <= d}: that op worked on the
     * incarnation deleted before the create, the delete on the one after it.
     */
    private int firstUnexplainedDelete(KeyState ks, long e, long result, int self) {
        int j = lowerBound(ks.delVersions, e);
        if (j < ks.delOps.length && ks.delOps[j] == self) {
            j++; // a delete is not its own witness
        }
        if (regressed.isEmpty() || j == ks.delOps.length) {
            return j;
        }
        if (ks.delVersions[j] > e) {
            Regression g = regressed.get(versions.producerOf(ks.index, e));
            if (g != null) {
                j = Math.max(j, lowerBound(ks.delVersions, g.maxDeleted + 1));
            }
        }
        while (j < ks.delOps.length) {
            Regression g = null;
            if (ks.delOps[j] != self && ks.delVersions[j] > e) {
                int producer = versions.producerOf(ks.index, ks.delVersions[j]);
                g = producer >= 0 && ops[producer].writtenVersion() == ks.delVersions[j]
                        ? regressed.get(producer)
                        : null;
            }
            if (ks.delOps[j] != self && (g == null || result > g.maxDeleted)) {
                break;
            }
            j++;
        }
        return j;
    }

    // ---------------------------------------------------------------- unique names

    private void namePass() {
        if (namedCreates.size() < 2) {
            return;
        }
        Map<String, IntList> byName = new HashMap<>();
        for (int j = 0; j < namedCreates.size(); j++) {
            Op op = ops[namedCreates.get(j)];
            byName.computeIfAbsent(op.kind() + '\u0000' + op.name(), k -> new IntList())
                    .add(namedCreates.get(j));
        }
        for (IntList list : byName.values()) {
            if (list.size() < 2) {
                continue;
            }
            int[] cs = sortedByWritten(list);
            for (int j = 1; j < cs.length; j++) {
                Op c1 = ops[cs[j - 1]];
                Op c2 = ops[cs[j]];
                KeyState holder = keys.get(keyOf[cs[j - 1]]);
                if (keyOf[cs[j - 1]] == keyOf[cs[j]] || holder.renamed) {
                    continue; // same key: doubleCreates judges it; renamed: the name may have been released
                }
                long held = c1.writtenVersion();
                int released = findDelete(
                        holder,
                        c1.invokeNanos(),
                        c2.completeNanos(),
                        (d, del) -> versionUnknown(del) || del.readVersion() >= held);
                if (released < 0) {
                    report(
                            AnomalyType.DOUBLE_CREATE,
                            c2.kind() + "/name:" + c2.name(),
                            "name " + c2.name() + " of kind " + c2.kind() + " was created twice, by " + c1.key()
                                    + " and " + c2.key() + ", and " + c1.key() + " was not deleted between",
                            cs[j - 1],
                            cs[j]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- verdict

    private Verdict verdict() {
        reportLostWrites();
        List<Anomaly> anomalies = new ArrayList<>();
        found.values().forEach(anomalies::addAll);
        List<String> notes = new ArrayList<>();
        Map<AnomalyType, Long> counts = new EnumMap<>(AnomalyType.class);
        for (AnomalyType t : AnomalyType.values()) {
            long total = totals[t.ordinal()];
            if (total == 0) {
                continue;
            }
            counts.put(t, total);
            int listed = found.get(t).size();
            if (listed < total) {
                notes.add(t.id() + ": " + listed + " listed of " + total + " found (maxAnomaliesPerType "
                        + checker.maxAnomaliesPerType() + ")");
            }
        }
        long applied = 0;
        long notApplied = 0;
        long unresolved = 0;
        for (byte s : infoState) {
            if (s == INFO_APPLIED) {
                applied++;
            } else if (s == INFO_NOT_APPLIED) {
                notApplied++;
            } else if (s == INFO_UNRESOLVED) {
                unresolved++;
            }
        }
        if (applied + notApplied + unresolved > 0) {
            notes.add(infoOps + " info ops; of the indeterminate writes and deletes, " + applied
                    + " were shown applied by later evidence, " + notApplied + " shown not applied, " + unresolved
                    + " stay unresolved (never counted as lost, nor as applied)");
        }
        if (unwitnessedTokens > 0) {
            notes.add(unwitnessedTokens + " acknowledged tokens of accumulating kinds were written after the last"
                    + " read of their key, so no read could confirm them (read every key once the workers stop)");
        }
        Contention contention = new Contention(
                conflicts,
                exhausted,
                conflictingPairs,
                okMutations == 0 ? 0 : (double) mutationAttempts / okMutations,
                infoOps);
        Verdict.Result result;
        if (!anomalies.isEmpty()) {
            result = Verdict.Result.FAIL;
        } else if (!suppressed.isEmpty()) {
            result = Verdict.Result.UNKNOWN;
            suppressed.forEach((why, k) -> notes.add("unknown: " + k + " x " + why));
        } else {
            result = Verdict.Result.PASS;
        }
        Evidence evidence = Evidence.of(ops, keyOf, keys.size());
        if (evidence.errors() > 0) {
            notes.add(evidence.errorsNote());
        }
        if (result == Verdict.Result.PASS && checker.requireEvidence()) {
            List<String> missing = missingEvidence(evidence);
            if (!missing.isEmpty()) {
                result = Verdict.Result.UNKNOWN;
                missing.forEach(why -> notes.add("unknown: " + why));
            }
        }
        return new Verdict(result, anomalies, contention, n, notes, counts, evidence);
    }

    /** Why the evidence is below the minimum a PASS needs (see {@link Checker.Builder#requireEvidence}). */
    private List<String> missingEvidence(Evidence e) {
        List<String> why = new ArrayList<>();
        if (e.acknowledgedWrites() == 0) {
            why.add("no write was acknowledged (" + e.writeCalls() + " write calls, " + e.errors()
                    + " errors), so a pass would prove nothing");
        }
        if (e.keysWrittenConcurrently() == 0) {
            why.add("no key was written concurrently (no two write calls on one key overlapped in time and no"
                    + " write lost a race), so a pass would prove nothing about races");
        }
        if (e.errorRate() > checker.maxErrorRate()) {
            why.add(String.format(
                    Locale.ROOT,
                    "%d of %d store calls (%.1f%%) failed with an error, above the bound of %.1f%%: the errors,"
                            + " not the store's concurrency control, shaped this history",
                    e.errors(),
                    e.storeCalls(),
                    100 * e.errorRate(),
                    100 * checker.maxErrorRate()));
        }
        return why;
    }

    private void suppress(String why) {
        suppressed.merge(why, 1, Integer::sum);
    }

    /**
     * Counts an anomaly and, below the cap per type, lists it citing the ops with the given indexes (negative ones
     * are skipped).
     */
    private void report(AnomalyType type, String key, String explanation, int... proof) {
        totals[type.ordinal()]++;
        List<Anomaly> list = found.computeIfAbsent(type, t -> new ArrayList<>());
        if (list.size() >= checker.maxAnomaliesPerType()) {
            return;
        }
        List<Op> cited = new ArrayList<>(proof.length);
        for (int p : proof) {
            if (p >= 0 && !cited.contains(ops[p])) {
                cited.add(ops[p]);
            }
        }
        list.add(new Anomaly(type, key, explanation, cited, origin));
    }

    // ---------------------------------------------------------------- lost writes, one anomaly per erased write

    /** The record of one erased acknowledged write, created when a rule first shows it. */
    private LostWrite lost(int erased) {
        return lost.computeIfAbsent(erased, LostWrite::new);
    }

    /** {@code erased} and {@code eraser} both started from {@code base} (produced by {@code producer}). */
    private void erasedFromBase(int erased, int eraser, int producer, long base) {
        LostWrite lw = lost(erased);
        if (lw.eraser < 0) {
            lw.eraser = eraser;
            lw.baseProducer = producer;
            lw.base = base;
            if (ops[eraser].type() != OpType.DELETE) {
                erasers.set(eraser);
            }
        }
    }

    private void reportLostWrites() {
        for (LostWrite lw : lost.values()) {
            Op e = ops[lw.erased];
            KeyState ks = keys.get(keyOf[lw.erased]);
            if (lw.read < 0 && lw.eraser >= 0 && ops[lw.eraser].type() != OpType.DELETE) {
                registerProof(ks, lw);
            }
            String key = ks.key();
            String token = e.token() == null ? "" : " (token " + e.token() + ")";
            StringBuilder b = new StringBuilder("the acknowledged ")
                    .append(verb(e))
                    .append(" of ")
                    .append(key)
                    .append(" that produced v")
                    .append(e.writtenVersion())
                    .append(token)
                    .append(" was lost");
            if (lw.eraser >= 0) {
                Op x = ops[lw.eraser];
                if (x.type() == OpType.DELETE) {
                    b.append(": a delete matching the same v")
                            .append(lw.base)
                            .append(" also succeeded, so one undid the other");
                } else {
                    b.append(": the ")
                            .append(verb(x))
                            .append(" that produced v")
                            .append(x.writtenVersion())
                            .append(" started from the same v")
                            .append(lw.base)
                            .append(" and erased it");
                }
            }
            if (lw.read >= 0) {
                long rv = ops[lw.read].readVersion();
                b.append(lw.eraser >= 0 ? "; " : ": ");
                switch (lw.proof) {
                    case LostWrite.IN_PLACE ->
                        b.append("a read at v")
                                .append(rv)
                                .append(" does not hold its token: the value was replaced without a new version");
                    case LostWrite.LAST_READ ->
                        b.append("its token is missing from ")
                                .append(key)
                                .append(" at v")
                                .append(rv)
                                .append(" (the key's last read), and no delete came between");
                    default -> b.append("the read of v").append(rv).append(" does not hold its token");
                }
            }
            report(
                    AnomalyType.LOST_UPDATE,
                    key,
                    b.toString(),
                    lw.baseProducer,
                    lw.erased,
                    lw.eraser,
                    lw.eraser >= 0 ? -1 : lw.readProducer, // the eraser already accounts for the read's version
                    lw.read);
        }
    }

    /**
     * A register's proof: the first read of the eraser's version, else the key's last read if it is of a later
     * version of the same incarnation — when it lacks the erased write's token (or value).
     */
    private void registerProof(KeyState ks, LostWrite lw) {
        Op e = ops[lw.erased];
        Integer r = eraserReads.get(lw.eraser);
        if (r != null && lacks(ops[r], e)) {
            lw.proveByRead(r, -1, LostWrite.LATER_READ);
            return;
        }
        if (ks.witness >= 0) {
            Op witness = ops[ks.witness];
            long wv = witness.readVersion();
            int d = lowerBound(ks.delVersions, e.writtenVersion());
            boolean deletedBetween = d < ks.delVersions.length && ks.delVersions[d] < wv;
            if (wv >= ops[lw.eraser].writtenVersion() && !deletedBetween && lacks(witness, e)) {
                lw.proveByRead(ks.witness, -1, LostWrite.LATER_READ);
            }
        }
    }

    /** Whether a read shows the write's content gone: its token is not among the read's, or its value differs. */
    private static boolean lacks(Op read, Op write) {
        if (write.token() != null && !read.observed().isEmpty()) {
            return !read.observed().contains(write.token());
        }
        return write.value() != null && read.value() != null && !read.value().equals(write.value());
    }

    private static String verb(Op op) {
        return switch (op.type()) {
            case DELETE -> "delete";
            case UPDATE -> "update";
            case CREATE -> "create";
            case READ -> "read";
            default -> "write";
        };
    }

    private KeyState keyState(String kind, String id) {
        Map<String, KeyState> byId = index.get(kind);
        if (byId == null) {
            byId = new HashMap<>();
            index.put(kind, byId);
        }
        KeyState ks = byId.get(id);
        if (ks == null) {
            ks = new KeyState(
                    keys.size(),
                    kind,
                    id,
                    checker.accumulatingKinds().contains(kind),
                    checker.transitions().appliesTo(kind));
            byId.put(id, ks);
            keys.add(ks);
        }
        return ks;
    }

    /** An acknowledged write shown lost, and the evidence gathered for it. */
    private static final class LostWrite {
        /** The read is of the erased write's own version. */
        static final int IN_PLACE = 1;
        /** The read is the key's highest-version read (accumulating kinds). */
        static final int LAST_READ = 2;
        /** The read is of a later version of the same incarnation (registers). */
        static final int LATER_READ = 3;

        final int erased;
        /** A write (or match-version delete) that started from the same base, or -1. */
        int eraser = -1;

        int baseProducer = -1;
        long base;
        /** A read proving the erased token missing, the write of that read's version (or -1), and how it proves it. */
        int read = -1;

        int readProducer = -1;
        int proof;

        LostWrite(int erased) {
            this.erased = erased;
        }

        /** Keeps the first read shown to lack the token. */
        void proveByRead(int newRead, int producer, int how) {
            if (read < 0) {
                read = newRead;
                readProducer = producer;
                proof = how;
            }
        }
    }

    /** A must-create that began a new incarnation at a version its key already had. */
    private static final class Regression {
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

    /** What the checker knows about one key. */
    private static final class KeyState {
        final int index;
        final String kind;
        final String id;
        final boolean accumulating;
        final boolean phases;

        // pass 1
        final LongList writeVersions = new LongList();
        long minWrite = Long.MAX_VALUE;
        final IntList creates = new IntList();
        final IntList deletes = new IntList();
        final IntList okDeletes = new IntList();
        /** Mutations that may have taken effect (every one but a refused one), in invocation order. */
        final IntList mutations = new IntList();

        final IntList infoWrites = new IntList();
        final IntList matchOps = new IntList();
        final LongList matchExpected = new LongList();
        final LongList matchResult = new LongList();
        int deleteEpoch;
        int witness = -1;
        String firstName;
        boolean renamed;
        boolean hasPhaseValues;

        // pass 2
        long maxCommitted;
        int maxCommittedOp = -1;
        long maxDeleted;
        int maxDeletedOp = -1;
        long maxWritten;
        int maxWrittenOp = -1;
        long maxRead;
        int maxReadOp = -1;
        /** Absent reads and refusals claiming the key absent, the version committed before each, and its op. */
        final IntList absentReads = new IntList();

        final LongList absentBound = new LongList();
        final IntList absentBoundOp = new IntList();
        final IntList unexplained = new IntList();
        /** Match-version ops refused with Conflict on the version committed before them, and the op committing it. */
        final IntList conflictClaims = new IntList();

        final IntList conflictClaimOp = new IntList();
        /** (read, rule, witness) triples of reads of a must-create's version that looked older than the past. */
        final IntList deferred = new IntList();

        // pass 3
        int[] delOps;
        long[] delVersions;
        long[] delMaxComplete;
        long[] mutMaxComplete;
        int[] createsByVersion;

        KeyState(int index, String kind, String id, boolean accumulating, boolean phases) {
            this.index = index;
            this.kind = Objects.requireNonNull(kind);
            this.id = id;
            this.accumulating = accumulating;
            this.phases = phases;
        }

        String key() {
            return kind + "/" + id;
        }
    }
}
