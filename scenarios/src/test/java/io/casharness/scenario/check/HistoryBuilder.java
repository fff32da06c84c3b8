package io.casharness.scenario.check;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made histories for checker tests: one process per int, explicit invoke/complete times, sequence numbers
 * assigned per process. Every method returns the op it added, so a test can assert the exact ops an anomaly cites.
 */
final class HistoryBuilder {
    static final String KIND = "sandbox";

    private final List<Op> ops = new ArrayList<>();
    private final Map<Integer, Long> seqs = new HashMap<>();
    private String kind = KIND;

    HistoryBuilder kind(String newKind) {
        this.kind = newKind;
        return this;
    }

    static String key(String id) {
        return KIND + "/" + id;
    }

    Op add(
            int p,
            OpType type,
            String id,
            Condition condition,
            long expected,
            Status status,
            String outcome,
            long t0,
            long t1,
            long readVersion,
            long writtenVersion,
            String token,
            List<String> observed,
            String name,
            String value,
            int attempts) {
        long seq = seqs.merge(p, 1L, Long::sum) - 1;
        Op op = new Op(
                p,
                p,
                0,
                seq,
                type,
                kind,
                id,
                condition,
                expected,
                status,
                outcome,
                t0,
                t1,
                readVersion,
                writtenVersion,
                token,
                observed,
                name,
                value,
                attempts,
                status == Status.INFO ? "connection lost" : null);
        ops.add(op);
        return op;
    }

    /** An ok read returning version {@code v} holding {@code observed} tokens. */
    Op read(int p, String id, long v, long t0, long t1, String... observed) {
        return add(
                p,
                OpType.READ,
                id,
                Condition.NONE,
                0,
                Status.OK,
                "Found",
                t0,
                t1,
                v,
                0,
                null,
                List.of(observed),
                null,
                null,
                1);
    }

    /** An ok read of a register/phase value. */
    Op readValue(int p, String id, long v, long t0, long t1, String value) {
        return add(
                p,
                OpType.READ,
                id,
                Condition.NONE,
                0,
                Status.OK,
                "Found",
                t0,
                t1,
                v,
                0,
                null,
                List.of(),
                null,
                value,
                1);
    }

    /** An ok read finding the key absent. */
    Op absent(int p, String id, long t0, long t1) {
        return add(
                p,
                OpType.READ,
                id,
                Condition.NONE,
                0,
                Status.OK,
                "NotFound",
                t0,
                t1,
                0,
                0,
                null,
                List.of(),
                null,
                null,
                1);
    }

    /** An acknowledged must-create producing {@code v}. */
    Op create(int p, String id, long v, long t0, long t1, String token) {
        return add(
                p,
                OpType.CREATE,
                id,
                Condition.MUST_CREATE,
                0,
                Status.OK,
                "Written",
                t0,
                t1,
                0,
                v,
                token,
                List.of(),
                null,
                null,
                1);
    }

    /** A must-create whose outcome is unknown (its acknowledgement was lost). */
    Op createInfo(int p, String id, long t0, long t1, String token) {
        return add(
                p,
                OpType.CREATE,
                id,
                Condition.MUST_CREATE,
                0,
                Status.INFO,
                "CONNECTION_LOST",
                t0,
                t1,
                0,
                0,
                token,
                List.of(),
                null,
                null,
                1);
    }

    Op createNamed(int p, String id, String name, long v, long t0, long t1) {
        return add(
                p,
                OpType.CREATE,
                id,
                Condition.MUST_CREATE,
                0,
                Status.OK,
                "Written",
                t0,
                t1,
                0,
                v,
                null,
                List.of(),
                name,
                null,
                1);
    }

    Op createPhase(int p, String id, long v, long t0, long t1, String phase) {
        return add(
                p,
                OpType.CREATE,
                id,
                Condition.MUST_CREATE,
                0,
                Status.OK,
                "Written",
                t0,
                t1,
                0,
                v,
                null,
                List.of(),
                null,
                phase,
                1);
    }

    /** A must-create that lost: the key existed. */
    Op createFails(int p, String id, long t0, long t1) {
        return add(
                p,
                OpType.CREATE,
                id,
                Condition.MUST_CREATE,
                0,
                Status.FAIL,
                "AlreadyExists",
                t0,
                t1,
                0,
                0,
                null,
                List.of(),
                null,
                null,
                1);
    }

    /** An acknowledged match-version write {@code expected -> v}. */
    Op cas(int p, String id, long expected, long v, long t0, long t1, String token) {
        return add(
                p,
                OpType.WRITE,
                id,
                Condition.MATCH_VERSION,
                expected,
                Status.OK,
                "Written",
                t0,
                t1,
                expected,
                v,
                token,
                List.of(),
                null,
                null,
                1);
    }

    Op casPhase(int p, String id, long expected, long v, long t0, long t1, String phase) {
        return add(
                p,
                OpType.WRITE,
                id,
                Condition.MATCH_VERSION,
                expected,
                Status.OK,
                "Written",
                t0,
                t1,
                expected,
                v,
                null,
                List.of(),
                null,
                phase,
                1);
    }

    /** A match-version write that conflicted. */
    Op casConflict(int p, String id, long expected, long t0, long t1) {
        return add(
                p,
                OpType.WRITE,
                id,
                Condition.MATCH_VERSION,
                expected,
                Status.FAIL,
                "Conflict",
                t0,
                t1,
                expected,
                0,
                "lost-" + p + "-" + t0,
                List.of(),
                null,
                null,
                1);
    }

    /** A match-version write whose outcome is unknown. */
    Op casInfo(int p, String id, long expected, long t0, long t1, String token) {
        return add(
                p,
                OpType.WRITE,
                id,
                Condition.MATCH_VERSION,
                expected,
                Status.INFO,
                "CONNECTION_LOST",
                t0,
                t1,
                expected,
                0,
                token,
                List.of(),
                null,
                null,
                1);
    }

    /** An unconditional write acknowledged with {@code v}; {@code base} is the version read before, or 0. */
    Op blind(int p, String id, long base, long v, long t0, long t1, String token) {
        return add(
                p,
                OpType.WRITE,
                id,
                Condition.UNCONDITIONAL,
                0,
                Status.OK,
                "Written",
                t0,
                t1,
                base,
                v,
                token,
                List.of(),
                null,
                null,
                1);
    }

    /** An acknowledged retrying update from {@code base} to {@code v}. */
    Op update(int p, String id, long base, long v, int attempts, long t0, long t1, String token) {
        return add(
                p,
                OpType.UPDATE,
                id,
                Condition.MATCH_VERSION,
                base,
                Status.OK,
                "Updated",
                t0,
                t1,
                base,
                v,
                token,
                List.of(),
                null,
                null,
                attempts);
    }

    /** An acknowledged delete of version {@code deleted}; {@code expected} 0 = unconditional. */
    Op delete(int p, String id, long expected, long deleted, long t0, long t1) {
        return add(
                p,
                OpType.DELETE,
                id,
                expected == 0 ? Condition.UNCONDITIONAL : Condition.MATCH_VERSION,
                expected,
                Status.OK,
                "Deleted",
                t0,
                t1,
                deleted,
                0,
                null,
                List.of(),
                null,
                null,
                1);
    }

    /** A delete whose outcome is unknown. */
    Op deleteInfo(int p, String id, long expected, long t0, long t1) {
        return add(
                p,
                OpType.DELETE,
                id,
                expected == 0 ? Condition.UNCONDITIONAL : Condition.MATCH_VERSION,
                expected,
                Status.INFO,
                "CONNECTION_LOST",
                t0,
                t1,
                0,
                0,
                null,
                List.of(),
                null,
                null,
                1);
    }

    /**
     * A write, update or delete the store refused with {@code outcome} ({@code NotFound}, {@code Conflict},
     * {@code Conflict(absent)}); {@code expected} is a match-version op's version (0 = none).
     */
    Op refused(int p, OpType type, String id, long expected, String outcome, long t0, long t1) {
        Condition c = type == OpType.UPDATE || expected > 0 ? Condition.MATCH_VERSION : Condition.UNCONDITIONAL;
        return add(
                p,
                type,
                id,
                c,
                expected,
                Status.FAIL,
                outcome,
                t0,
                t1,
                type == OpType.DELETE ? 0 : expected,
                0,
                type == OpType.DELETE ? null : "refused-" + p + "-" + t0,
                List.of(),
                null,
                null,
                1);
    }

    History history() {
        return History.of(ops);
    }
}
