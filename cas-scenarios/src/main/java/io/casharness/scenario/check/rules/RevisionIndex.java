package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revisions of the checker's revision kinds, read off the history in one pass: for each key the scope (the
 * {@code value} of its writes) and revision ({@code revision}) it holds, its acknowledged writes and its last read;
 * each scope's revisions in order; and how the appends' bounded retries ended (a create refused on the constraint
 * that its process did not follow with the next attempt on that scope gave up). Not thread-safe; one per run.
 */
final class RevisionIndex {
    /** One revision's key: its scope and number, its acknowledged writes, and its last read (or -1). */
    static final class Revision {
        final int key;
        final String scope;
        final long revision;
        final IntList okWrites = new IntList();
        int lastRead = -1;

        Revision(int key, String scope, long revision) {
            this.key = key;
            this.scope = scope;
            this.revision = revision;
        }
    }

    /** By key number. */
    final Map<Integer, Revision> byKey = new HashMap<>();
    /** Scope -> revision -> its key's entry. */
    final Map<String, TreeMap<Long, Revision>> byScope = new TreeMap<>();

    long appends;
    long retried;
    long giveUps;
    int maxAttemptSeen;

    RevisionIndex(HistoryIndex ix) {
        Map<Integer, Integer> reads = new HashMap<>();
        Map<Integer, Integer> pending = new HashMap<>();
        for (int i = 0; i < ix.n; i++) {
            Op op = ix.ops[i];
            if (!ix.options.revisionKinds().contains(op.kind())) {
                continue;
            }
            int key = ix.keyOf[i];
            if (op.type() == OpType.READ) {
                if (op.status() == Status.OK) {
                    reads.put(key, i);
                }
                continue;
            }
            if (!op.isWrite() || op.revision() <= 0 || op.value() == null) {
                continue;
            }
            Revision r = byKey.computeIfAbsent(key, k -> new Revision(k, op.value(), op.revision()));
            byScope.computeIfAbsent(r.scope, s -> new TreeMap<>()).putIfAbsent(r.revision, r);
            if (op.status() == Status.OK && op.writtenVersion() > 0) {
                r.okWrites.add(i);
            }
            if (op.type() == OpType.CREATE) {
                attempt(ix.ops, i, op, pending);
            }
        }
        giveUps += pending.size();
        reads.forEach((key, read) -> {
            Revision r = byKey.get(key);
            if (r != null) {
                r.lastRead = read;
            }
        });
    }

    /** Follows one process's attempts: ops of a process come in its order, so a retry follows its refused attempt. */
    private void attempt(Op[] ops, int i, Op op, Map<Integer, Integer> pending) {
        maxAttemptSeen = Math.max(maxAttemptSeen, op.attempts());
        Integer before = pending.remove(op.process());
        if (before != null) {
            Op refused = ops[before];
            if (op.attempts() == refused.attempts() + 1 && op.value().equals(refused.value())) {
                if (op.attempts() == 2) {
                    retried++;
                }
            } else {
                giveUps++;
            }
        }
        if (op.attempts() == 1) {
            appends++;
        }
        if (op.outcome() == Outcome.ALREADY_EXISTS_KEY) {
            pending.put(op.process(), i);
        }
    }
}
