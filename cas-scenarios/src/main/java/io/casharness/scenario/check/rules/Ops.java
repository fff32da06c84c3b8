package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;

/** What one op established or started from, read off its record. Stateless. */
final class Ops {
    private Ops() {}

    /**
     * The state a mutation started from: a match-version op's expected version, an update's (or a blind write's)
     * last read version, {@code -(1 + deletes so far)} for a must-create ("absent in the current incarnation"), or 0
     * when it named none.
     */
    static long base(Op op, KeyChain ks) {
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
    static long versionBase(Op op) {
        long b = base(op, null);
        return b > 0 ? b : 0;
    }

    /** The version an op saw: the one it read or deleted, else the one it started from (0: none). */
    static long seenVersion(Op op) {
        return op.type() == OpType.READ || op.type() == OpType.DELETE ? op.readVersion() : versionBase(op);
    }

    /** The version an ok op established: read or deleted, else written. */
    static long committedVersion(Op op) {
        return op.type() == OpType.READ || op.type() == OpType.DELETE ? op.readVersion() : op.writtenVersion();
    }

    static boolean isOkCreate(Op op) {
        return op.status() == Status.OK && op.condition() == Condition.MUST_CREATE && op.writtenVersion() > 0;
    }

    /** A delete whose version is unknown: indeterminate, or acknowledged without a recorded version. */
    static boolean versionUnknown(Op del) {
        return del.status() == Status.INFO || del.readVersion() <= 0;
    }

    static String verb(Op op) {
        return switch (op.type()) {
            case DELETE -> "delete";
            case UPDATE -> "update";
            case CREATE -> "create";
            case READ -> "read";
            default -> "write";
        };
    }

    /** {@code "a delete"}, {@code "an update"}. */
    static String aVerb(Op op) {
        return (op.type() == OpType.UPDATE ? "an " : "a ") + verb(op);
    }

    /** The first index of sorted {@code a} whose value is {@code >= v}. */
    static int lowerBound(long[] a, long v) {
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
}
