package io.casharness.scenario.check;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
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

    /** Adds {@code b} as process {@code p}'s next op, invoked at {@code t0} and completed at {@code t1}. */
    Op add(int p, Op.Builder b, long t0, long t1) {
        long seq = seqs.merge(p, 1L, Long::sum) - 1;
        Op op = b.process(p, p, 0, seq).times(t0, t1).build();
        ops.add(op);
        return op;
    }

    /** An ok read returning version {@code v} holding {@code observed} tokens. */
    Op read(int p, String id, long v, long t0, long t1, String... observed) {
        return add(p, Op.read(kind, id).outcome(Outcome.FOUND).readVersion(v).observed(List.of(observed)), t0, t1);
    }

    /** An ok read of a register/phase value. */
    Op readValue(int p, String id, long v, long t0, long t1, String value) {
        return add(p, Op.read(kind, id).outcome(Outcome.FOUND).readVersion(v).value(value), t0, t1);
    }

    /** An ok read finding the key absent. */
    Op absent(int p, String id, long t0, long t1) {
        return add(p, Op.read(kind, id).outcome(Outcome.ABSENT), t0, t1);
    }

    /** An acknowledged must-create producing {@code v}. */
    Op create(int p, String id, long v, long t0, long t1, String token) {
        return add(
                p,
                Op.create(kind, id).outcome(Outcome.WRITTEN).writtenVersion(v).token(token),
                t0,
                t1);
    }

    /** A must-create whose outcome is unknown (its acknowledgement was lost). */
    Op createInfo(int p, String id, long t0, long t1, String token) {
        return add(
                p,
                Op.create(kind, id).info("CONNECTION_LOST", "connection lost").token(token),
                t0,
                t1);
    }

    Op createNamed(int p, String id, String name, long v, long t0, long t1) {
        return add(
                p,
                Op.create(kind, id).outcome(Outcome.WRITTEN).writtenVersion(v).name(name),
                t0,
                t1);
    }

    Op createPhase(int p, String id, long v, long t0, long t1, String phase) {
        return add(
                p,
                Op.create(kind, id).outcome(Outcome.WRITTEN).writtenVersion(v).value(phase),
                t0,
                t1);
    }

    /** A must-create that lost: the key existed. */
    Op createFails(int p, String id, long t0, long t1) {
        return add(p, Op.create(kind, id).outcome(Outcome.ALREADY_EXISTS_KEY), t0, t1);
    }

    /** An acknowledged match-version write {@code expected -> v}. */
    Op cas(int p, String id, long expected, long v, long t0, long t1, String token) {
        return add(
                p,
                matchVersion(id, expected)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .token(token),
                t0,
                t1);
    }

    Op casPhase(int p, String id, long expected, long v, long t0, long t1, String phase) {
        return add(
                p,
                matchVersion(id, expected)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .value(phase),
                t0,
                t1);
    }

    /** A match-version write that conflicted (the store did not say which version it found). */
    Op casConflict(int p, String id, long expected, long t0, long t1) {
        return add(p, matchVersion(id, expected).conflict(0).token("lost-" + p + "-" + t0), t0, t1);
    }

    /** A match-version write whose outcome is unknown. */
    Op casInfo(int p, String id, long expected, long t0, long t1, String token) {
        return add(
                p,
                matchVersion(id, expected)
                        .info("CONNECTION_LOST", "connection lost")
                        .token(token),
                t0,
                t1);
    }

    /** An unconditional write acknowledged with {@code v}; {@code base} is the version read before, or 0. */
    Op blind(int p, String id, long base, long v, long t0, long t1, String token) {
        return add(
                p,
                Op.write(kind, id, Condition.UNCONDITIONAL)
                        .outcome(Outcome.WRITTEN)
                        .readVersion(base)
                        .writtenVersion(v)
                        .token(token),
                t0,
                t1);
    }

    /** An acknowledged retrying update from {@code base} to {@code v}. */
    Op update(int p, String id, long base, long v, int attempts, long t0, long t1, String token) {
        return add(
                p,
                Op.update(kind, id)
                        .outcome(Outcome.UPDATED)
                        .expectedVersion(base)
                        .readVersion(base)
                        .writtenVersion(v)
                        .token(token)
                        .attempts(attempts),
                t0,
                t1);
    }

    /** An acknowledged delete of version {@code deleted}; {@code expected} 0 = unconditional. */
    Op delete(int p, String id, long expected, long deleted, long t0, long t1) {
        return add(p, deleteOf(id, expected).outcome(Outcome.DELETED).readVersion(deleted), t0, t1);
    }

    /** A delete whose outcome is unknown. */
    Op deleteInfo(int p, String id, long expected, long t0, long t1) {
        return add(p, deleteOf(id, expected).info("CONNECTION_LOST", "connection lost"), t0, t1);
    }

    /**
     * A write, update or delete the store refused with {@code outcome} ({@code NOT_FOUND}, {@code CONFLICT},
     * {@code CONFLICT_ABSENT}); {@code expected} is a match-version op's version (0 = none).
     */
    Op refused(int p, OpType type, String id, long expected, Outcome outcome, long t0, long t1) {
        return add(p, failing(p, type, id, expected, t0).outcome(outcome), t0, t1);
    }

    /** A write, update or delete that failed with an error of {@code errorClass} (it may have reached the store). */
    Op errored(int p, OpType type, String id, long expected, String errorClass, long t0, long t1) {
        return add(p, failing(p, type, id, expected, t0).error(errorClass, "failed"), t0, t1);
    }

    private Op.Builder failing(int p, OpType type, String id, long expected, long t0) {
        Condition c = type == OpType.UPDATE || expected > 0 ? Condition.MATCH_VERSION : Condition.UNCONDITIONAL;
        return Op.of(type, kind, id, c)
                .expectedVersion(expected)
                .readVersion(type == OpType.DELETE ? 0 : expected)
                .token(type == OpType.DELETE ? null : "refused-" + p + "-" + t0);
    }

    private Op.Builder matchVersion(String id, long expected) {
        return Op.write(kind, id, Condition.MATCH_VERSION)
                .expectedVersion(expected)
                .readVersion(expected);
    }

    private Op.Builder deleteOf(String id, long expected) {
        return Op.delete(kind, id, expected == 0 ? Condition.UNCONDITIONAL : Condition.MATCH_VERSION)
                .expectedVersion(expected);
    }

    History history() {
        return History.of(ops);
    }
}
