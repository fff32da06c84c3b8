package io.casharness.scenario.check.rules;

import java.util.Objects;

/**
 * Everything the index knows about one key: its writes, deletes and must-creates (the version chain), the state the
 * sweep has established before the op it is at, and what the sweep defers to the per-key rules. Primitive lists
 * only, so a key costs a few arrays whatever its number of ops. Fields are read and written by the indexes and the
 * rules of this package; not thread-safe.
 */
final class KeyChain {
    final int index;
    final String kind;
    final String id;
    final boolean accumulating;
    final boolean phases;

    // ------------------------------------------------ built by the index pass
    /** Versions produced by acknowledged writes (sorted before the per-key rules). */
    final LongList writeVersions = new LongList();

    long minWrite = Long.MAX_VALUE;
    /** Acknowledged must-creates. */
    final IntList creates = new IntList();
    /** Deletes that were not refused (ok, info, failed with an error), in invocation order. */
    final IntList deletes = new IntList();
    /** Acknowledged deletes of a known version. */
    final IntList okDeletes = new IntList();
    /** Mutations that may have taken effect (every one but a refused one), in invocation order. */
    final IntList mutations = new IntList();
    /** Refused writes that carried a token: nothing of them took effect, so their token must never be read. */
    final IntList refusedWrites = new IntList();

    final IntList infoWrites = new IntList();
    /** Acknowledged match-version ops, what they expected, and what they produced (or deleted). */
    final IntList matchOps = new IntList();

    final LongList matchExpected = new LongList();
    final LongList matchResult = new LongList();
    int deleteEpoch;
    /** The acknowledged read with the highest version (the final state), or -1. */
    int witness = -1;

    String firstName;
    boolean renamed;
    boolean hasPhaseValues;

    // ------------------------------------------------ the sweep's state: what was committed before the op it is at
    long maxCommitted;
    int maxCommittedOp = -1;
    long maxDeleted;
    int maxDeletedOp = -1;
    long maxWritten;
    int maxWrittenOp = -1;
    long maxRead;
    int maxReadOp = -1;

    // ------------------------------------------------ deferred by the sweep to the per-key rules
    /** Absent reads and refusals claiming the key absent, the version committed before each, and its op. */
    final IntList absentReads = new IntList();

    final LongList absentBound = new LongList();
    final IntList absentBoundOp = new IntList();
    /** Reads of versions no acknowledged write produced (yet). */
    final IntList unexplained = new IntList();
    /** Match-version ops refused with Conflict on the version committed before them, and the op committing it. */
    final IntList conflictClaims = new IntList();

    final IntList conflictClaimOp = new IntList();
    /** Must-creates refused AlreadyExists(KEY) invoked after an acknowledged delete completed, and that delete. */
    final IntList takenClaims = new IntList();

    final IntList takenClaimDelete = new IntList();
    /** (read, rule, witness) triples of reads of a must-create's version that looked older than the past. */
    final IntList deferred = new IntList();

    // ------------------------------------------------ derived once, when a per-key rule first needs it
    int[] delOps;
    long[] delVersions;
    long[] delMaxComplete;
    long[] mutMaxComplete;
    int[] createsByVersion;

    KeyChain(int index, String kind, String id, boolean accumulating, boolean phases) {
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
