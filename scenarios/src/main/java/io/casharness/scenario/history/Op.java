package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One completed (or abandoned) operation of a history: who did what to which key under which condition, when it was
 * invoked and when it completed (monotonic nanoseconds, comparable within one run), how it ended, which versions it
 * saw and produced, and the unique token it wrote.
 *
 * <p>Immutable. Field meanings by {@link OpType}:
 * <ul>
 *   <li>{@code READ}: {@code readVersion} is the version returned (0 = absent); {@code observed} the tokens in the
 *       value read; {@code value} the register value read, if the workload has one.
 *   <li>{@code CREATE} / {@code WRITE}: {@code condition}, {@code expectedVersion} (for {@code MATCH_VERSION});
 *       {@code readVersion} the version the writer had read before (its base; 0 = none); {@code writtenVersion} the
 *       version produced when {@code ok}; {@code token} the unique token written.
 *   <li>{@code DELETE}: {@code expectedVersion} for a conditional delete; {@code writtenVersion} unused;
 *       {@code readVersion} the version deleted when {@code ok}.
 *   <li>{@code UPDATE}: a retrying read-modify-write; {@code readVersion} the version the final attempt read (its
 *       base), {@code writtenVersion} the version produced, {@code attempts} the attempts used, {@code token} the
 *       token appended or written.
 * </ul>
 *
 * @param process a unique id of the (replica, thread) pair
 * @param replica the replica index
 * @param thread the thread index within the replica
 * @param seq the operation's position in its process's sequence (0, 1, 2, ...)
 * @param type what kind of operation
 * @param kind the object kind
 * @param id the object id
 * @param condition the write condition, {@code NONE} for reads
 * @param expectedVersion the version a {@code MATCH_VERSION} condition named, else 0
 * @param status ok / fail / info
 * @param outcome the store's outcome name ({@code Written}, {@code Conflict}, {@code Exhausted}, ...) or an error
 *     class
 * @param invokeNanos monotonic time of invocation
 * @param completeNanos monotonic time of completion ({@code Long.MAX_VALUE} if it never completed)
 * @param readVersion see above; 0 = absent / none
 * @param writtenVersion see above; 0 = none
 * @param token the unique token this op wrote, or {@code null}
 * @param observed tokens seen in the value read, or an empty list
 * @param name the unique object name written or read, or {@code null}
 * @param value a workload-specific value (register value, phase), or {@code null}
 * @param attempts attempts used by an update (1 for single-shot ops)
 * @param error the error text for an {@code info} or failed op, or {@code null}
 */
public record Op(
        int process,
        int replica,
        int thread,
        long seq,
        OpType type,
        String kind,
        String id,
        Condition condition,
        long expectedVersion,
        Status status,
        String outcome,
        long invokeNanos,
        long completeNanos,
        long readVersion,
        long writtenVersion,
        String token,
        List<String> observed,
        String name,
        String value,
        int attempts,
        String error) {

    /** The kind of operation. */
    public enum OpType {
        READ,
        LIST,
        CREATE,
        WRITE,
        DELETE,
        UPDATE
    }

    /** The write condition an op stated. */
    public enum Condition {
        NONE,
        MUST_CREATE,
        MATCH_VERSION,
        UNCONDITIONAL
    }

    /** Completed and applied / completed and definitely not applied / unknown. */
    public enum Status {
        OK,
        FAIL,
        INFO
    }

    public Op {
        requireNonNull(type, "type");
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
        requireNonNull(condition, "condition");
        requireNonNull(status, "status");
        requireNonNull(outcome, "outcome");
        observed = observed == null ? List.of() : List.copyOf(observed);
    }

    /** {@code kind/id}. */
    public String key() {
        return kind + "/" + id;
    }

    public boolean isWrite() {
        return type == OpType.CREATE || type == OpType.WRITE || type == OpType.UPDATE;
    }

    /** A short human-readable line for timelines: {@code [p3 r1/t0 #12] WRITE sandbox/k7 MatchVersion(4) ok -> v9}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("[p")
                .append(process)
                .append(" r")
                .append(replica)
                .append("/t")
                .append(thread)
                .append(" #")
                .append(seq)
                .append("] ")
                .append(type)
                .append(' ')
                .append(key());
        switch (condition) {
            case MUST_CREATE -> b.append(" MustCreate");
            case MATCH_VERSION ->
                b.append(" MatchVersion(").append(expectedVersion).append(')');
            case UNCONDITIONAL -> b.append(" Unconditional");
            case NONE -> {}
        }
        b.append(' ')
                .append(status.name().toLowerCase(java.util.Locale.ROOT))
                .append(' ')
                .append(outcome);
        if (readVersion != 0) {
            b.append(" read v").append(readVersion);
        }
        if (writtenVersion != 0) {
            b.append(" -> v").append(writtenVersion);
        }
        if (token != null) {
            b.append(" token ").append(token);
        }
        if (value != null) {
            b.append(" value ").append(value);
        }
        if (attempts > 1) {
            b.append(" attempts ").append(attempts);
        }
        b.append(" @")
                .append(invokeNanos)
                .append("..")
                .append(completeNanos == Long.MAX_VALUE ? "?" : Long.toString(completeNanos));
        if (error != null) {
            b.append(" error ").append(error);
        }
        return b.toString();
    }
}
