package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.TransitionRules;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared indexes, built once in one pass over the history and read by every rule: a number per key and its
 * {@link KeyChain}, the {@code (key, version) -> producing write} map with the group of writes from each version
 * ({@link VersionIndex}), the state of every indeterminate op, indeterminate writes by token, named creates, and the
 * structural facts the pass meets on the way (two writes of one version, writes erased from a shared base). Also the
 * per-key queries several rules share (deletes and mutations overlapping a window). Not thread-safe; one per run.
 */
final class HistoryIndex {
    static final byte INFO_UNRESOLVED = 1;
    static final byte INFO_APPLIED = 2;
    static final byte INFO_NOT_APPLIED = 3;

    final Options options;
    final Op[] ops;
    final int n;
    /** The key number of each op. */
    final int[] keyOf;
    /** 0 for a determinate op, else {@link #INFO_UNRESOLVED}, {@link #INFO_APPLIED} or {@link #INFO_NOT_APPLIED}. */
    final byte[] infoState;

    final List<KeyChain> keys = new ArrayList<>();
    /**
     * (key, version) -> the ok write (or applied info write) that produced it, and the group of writes from it:
     * (ops in the group) << 32 | (first ok op + 1).
     */
    final VersionIndex versions;

    final Map<String, Integer> infoByToken = new HashMap<>();
    final IntList namedCreates = new IntList();
    final ContentionCount contention = new ContentionCount();
    /** (earlier producer, later producer, 1 if of another key) of each version two acknowledged writes produced. */
    final IntList duplicates = new IntList();
    /** (erased, eraser, producer of the base) of each write erased by another from its base, and the bases. */
    final IntList erasures = new IntList();

    final LongList erasureBases = new LongList();
    /** The run's start: the earliest invocation; timelines count from it. */
    long origin = Long.MAX_VALUE;

    long infoOps;
    private final Map<String, Map<String, KeyChain>> byKind = new HashMap<>();

    HistoryIndex(Options options, List<Op> history) {
        this.options = options;
        this.ops = history.toArray(new Op[0]);
        this.n = ops.length;
        this.keyOf = new int[n];
        this.infoState = new byte[n];
        this.versions = new VersionIndex(n / 2 + 16, options.versionsUniqueAcrossKeys());
    }

    /** The index pass. */
    void build() {
        TransitionRules rules = options.transitions();
        for (int i = 0; i < n; i++) {
            Op op = ops[i];
            KeyChain ks = chain(op.kind(), op.id());
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
            if (type == OpType.LIST || type == OpType.GET_BY_NAME) {
                continue;
            }
            contention.count(op);
            if (!Outcomes.isRefused(op)) {
                ks.mutations.add(i);
            } else if (op.token() != null && type != OpType.DELETE) {
                ks.refusedWrites.add(i);
            }
            if (st == Status.OK && op.condition() == Condition.MATCH_VERSION) {
                ks.matchOps.add(i);
                ks.matchExpected.add(op.expectedVersion());
                ks.matchResult.add(type == OpType.DELETE ? op.readVersion() : op.writtenVersion());
            }
            long base = Ops.base(op, ks);
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
                duplicate(prev, i, 0);
            } else {
                versions.producer(slot, i);
                int other = versions.otherKeyProducer();
                if (other >= 0) {
                    duplicate(other, i, 1);
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

    private void duplicate(int earlier, int later, int otherKey) {
        duplicates.add(earlier);
        duplicates.add(later);
        duplicates.add(otherKey);
    }

    /**
     * Counts a mutation from {@code base} and, for an acknowledged one, judges it against the group's survivor so
     * far (the acknowledged member that nothing from this base erased yet): of two writes from one base, the one
     * with the lower version was erased by the other (versions rise, and the later one did not start from it); a
     * match-version delete from the same base undid the write (the loss is counted on the write); two deletes of one
     * version erased nothing (the ABA rule judges them). So {@code k} acknowledged writes from one base are
     * {@code k - 1} erasures, each recorded once.
     */
    private void group(int i, KeyChain ks, long base, boolean checkLost) {
        int slot = versions.slot(ks.index, base);
        long g = versions.group(slot);
        long count = g >>> 32;
        int survivor = (int) (g & 0xFFFFFFFFL) - 1;
        contention.sameBase(count);
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
                        erased(i, survivor, producer, base);
                    } else {
                        erased(survivor, i, producer, base);
                        survivor = i;
                    }
                }
            }
        }
        versions.group(slot, (count + 1) << 32 | (survivor + 1L));
    }

    private void erased(int erased, int eraser, int producer, long base) {
        erasures.add(erased);
        erasures.add(eraser);
        erasures.add(producer);
        erasureBases.add(base);
    }

    private KeyChain chain(String kind, String id) {
        Map<String, KeyChain> ids = byKind.get(kind);
        if (ids == null) {
            ids = new HashMap<>();
            byKind.put(kind, ids);
        }
        KeyChain ks = ids.get(id);
        if (ks == null) {
            ks = new KeyChain(
                    keys.size(),
                    kind,
                    id,
                    options.accumulatingKinds().contains(kind),
                    options.transitions().appliesTo(kind));
            ids.put(id, ks);
            keys.add(ks);
        }
        return ks;
    }

    KeyChain keyOf(int op) {
        return keys.get(keyOf[op]);
    }

    // ---------------------------------------------------------------- indeterminate ops

    /** A read holding an indeterminate write's token shows that write applied. */
    void resolveTokens(Op read, KeyChain ks) {
        List<String> observed = read.observed();
        for (int j = 0, size = observed.size(); j < size; j++) {
            Integer w = infoByToken.get(observed.get(j));
            if (w != null && keyOf[w] == ks.index && infoState[w] == INFO_UNRESOLVED) {
                infoState[w] = INFO_APPLIED;
            }
        }
    }

    /** Marks an indeterminate op applied, if it is still unresolved. */
    void applied(int op) {
        if (infoState[op] == INFO_UNRESOLVED) {
            infoState[op] = INFO_APPLIED;
        }
    }

    // ---------------------------------------------------------------- per-key queries

    /** Sorts the key's acknowledged deletes by version, once, before the per-key rules. */
    void sortDeletes(KeyChain ks) {
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

    /** Tests one op of a key's deletes or mutations (an index into {@code ops}). */
    @FunctionalInterface
    interface OpTest {
        boolean test(int d, Op del);
    }

    /**
     * The latest non-failed delete of the key invoked before {@code before} that completed after {@code after} and
     * passes {@code test}, or -1. Scans backwards from the last delete invoked before {@code before} and stops once
     * every earlier delete completed by {@code after} (a running maximum of completion times), so the usual case
     * costs a binary search and a few steps.
     */
    int findDelete(KeyChain ks, long after, long before, OpTest test) {
        if (ks.deletes.isEmpty()) {
            return -1;
        }
        if (ks.delMaxComplete == null) {
            ks.delMaxComplete = maxCompletions(ks.deletes);
        }
        return findOverlapping(ks.deletes, ks.delMaxComplete, after, before, test);
    }

    /**
     * The latest mutation of the key that may have taken effect (not refused), invoked before {@code before} and
     * completed after {@code after}, that passes {@code test}, or -1.
     */
    int findMutation(KeyChain ks, long after, long before, OpTest test) {
        if (ks.mutations.isEmpty()) {
            return -1;
        }
        if (ks.mutMaxComplete == null) {
            ks.mutMaxComplete = maxCompletions(ks.mutations);
        }
        return findOverlapping(ks.mutations, ks.mutMaxComplete, after, before, test);
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

    /**
     * A delete of the key whose version is unknown (info, or ok without a recorded version) that may have taken
     * effect between {@code after} (invoke time) and {@code before} (completion time), or -1.
     */
    int unknownDelete(KeyChain ks, long after, long before) {
        return findDelete(ks, after, before, (d, del) -> Ops.versionUnknown(del));
    }

    /**
     * Whether a delete may have removed {@code bound} (committed by {@code boundOp}) before {@code before}: an
     * acknowledged delete of {@code bound} or later, or a delete of unknown version, invoked before {@code before} and
     * completed after {@code boundOp} was invoked. An indeterminate delete is credited as applied only when it is the
     * only explanation: not when an acknowledged delete removed that version (a version is deleted once), nor when
     * another delete of unknown version could have done it.
     */
    boolean absenceExplained(KeyChain ks, long bound, int boundOp, long before) {
        long after = ops[boundOp].invokeNanos();
        if (findDelete(ks, after, before, (j, del) -> !Ops.versionUnknown(del) && del.readVersion() >= bound) >= 0) {
            return true;
        }
        int[] unknown = {-1, 0}; // the first delete of unknown version found, and how many
        findDelete(ks, after, before, (j, del) -> {
            if (!Ops.versionUnknown(del)) {
                return false;
            }
            if (unknown[1]++ == 0) {
                unknown[0] = j;
            }
            return unknown[1] > 1;
        });
        if (unknown[1] == 1) {
            applied(unknown[0]);
        }
        return unknown[1] > 0;
    }

    /** The key's acknowledged must-creates in version order (sorted once). */
    int[] createsByVersion(KeyChain ks) {
        if (ks.createsByVersion == null) {
            ks.createsByVersion = sortedByWritten(ks.creates);
        }
        return ks.createsByVersion;
    }

    int[] sortedByWritten(IntList list) {
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

    /** The acknowledged or indeterminate write of the key that carried {@code token}, or -1 (only for a report). */
    int writeOfToken(KeyChain ks, String token) {
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
}
