package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One completed (or abandoned) operation of a history: who did what to which key under which condition, when it was
 * invoked and when it completed (monotonic nanoseconds, comparable within one run), how it ended, which versions it
 * saw and produced, and the unique token it wrote.
 *
 * <p>Built by name, never positionally: {@link #read}, {@link #list}, {@link #byName}, {@link #create},
 * {@link #write}, {@link #delete} and {@link #update} each start a {@link Builder} with the fields of that op type preset.
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
 *   <li>{@code LIST}: one page of a list of {@code kind}; {@code page} the selector, the page asked for and every
 *       object returned; {@code id} is empty (a list names no key).
 *   <li>{@code GET_BY_NAME}: a read of {@code kind} by its unique {@code name}; {@code id} the id of the object
 *       returned (empty when absent), {@code readVersion} its version (0 = absent).
 * </ul>
 * A write also records the {@code labels} it stored when the workload gives its objects labels.
 *
 * <p>A write of a workload whose objects carry a position in an ordered sequence records it in {@code revision}
 * (0 = none): the watch-event position a status reflects ({@code reconciler}), the policy revision a create claims
 * ({@code revisions}). A create that is one attempt of a bounded retry records in {@code attempts} which attempt it
 * was (1 = the first).
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
 * @param outcome how the store answered ({@link Outcome#ERROR} when the call threw: see {@code failure}); it
 *     determines the {@link #status()}
 * @param invokeNanos monotonic time of invocation
 * @param completeNanos monotonic time of completion ({@code Long.MAX_VALUE} if it never completed)
 * @param readVersion see above; 0 = absent / none
 * @param writtenVersion see above; 0 = none
 * @param currentVersion the version a {@link Outcome#CONFLICT} reported as the key's current one; 0 for every
 *     other outcome (a {@link Outcome#CONFLICT_ABSENT} reported the key absent), and for a conflict recorded by a
 *     harness that did not keep it
 * @param token the unique token this op wrote, or {@code null}
 * @param observed tokens seen in the value read, or an empty list
 * @param name the unique object name written or read, or {@code null}
 * @param value a workload-specific value (register value, phase), or {@code null}
 * @param attempts attempts used by an update; for a create that is one attempt of a bounded retry, which attempt it
 *     was; 1 for other single-shot ops
 * @param failure the error class and message when the call threw (outcome {@link Outcome#ERROR}), else {@code null}
 * @param revision the position in the workload's ordered sequence this write carries (see above); 0 = none
 * @param labels the labels a write stored, or {@code null} when not recorded (a workload without labels)
 * @param page what a {@code LIST} op asked for and returned, else {@code null}
 */
public record Op(
        int process,
        int replica,
        int thread,
        int seq,
        OpType type,
        String kind,
        String id,
        Condition condition,
        long expectedVersion,
        Outcome outcome,
        long invokeNanos,
        long completeNanos,
        long readVersion,
        long writtenVersion,
        long currentVersion,
        String token,
        List<String> observed,
        String name,
        String value,
        int attempts,
        Failure failure,
        long revision,
        Map<String, String> labels,
        ListedPage page) {

    /** The kind of operation. */
    public enum OpType {
        READ,
        LIST,
        CREATE,
        WRITE,
        DELETE,
        UPDATE,
        GET_BY_NAME
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

    /**
     * How the store answered an op: the store's outcome types ({@code Written}, {@code Conflict}, ...), a read's
     * found/absent, or {@link #ERROR} when the call threw. {@link #wireName()} is the name a history file carries.
     */
    public enum Outcome {
        /** A put applied. */
        WRITTEN("Written", Status.OK),
        /** An update applied. */
        UPDATED("Updated", Status.OK),
        /** A delete applied. */
        DELETED("Deleted", Status.OK),
        /** A read found the key. */
        FOUND("Found", Status.OK),
        /** A read found the key absent. */
        ABSENT("Absent", Status.OK),
        /** A list returned a page. */
        PAGE("Page", Status.OK),
        /** A match-version write or delete was refused: the key is at another version ({@code currentVersion}). */
        CONFLICT("Conflict", Status.FAIL),
        /** A match-version write or delete was refused: the key is absent. */
        CONFLICT_ABSENT("Conflict(absent)", Status.FAIL),
        /** A must-create was refused: the key {@code (kind, id)} is taken. */
        ALREADY_EXISTS_KEY("AlreadyExists(KEY)", Status.FAIL),
        /** A write was refused: the name {@code (kind, name)} is taken by another object. */
        ALREADY_EXISTS_NAME("AlreadyExists(NAME)", Status.FAIL),
        /** An update or delete was refused: the key is absent. */
        NOT_FOUND("NotFound", Status.FAIL),
        /** A retrying update lost every attempt. */
        EXHAUSTED("Exhausted", Status.FAIL),
        /** The call threw; the op's {@link Op#failure()} names the error class. */
        ERROR(null, Status.FAIL);

        private final String wireName;
        private final Status status;

        Outcome(String wireName, Status status) {
            this.wireName = wireName;
            this.status = status;
        }

        /** The name in a history file and in {@link Op#describe()}; {@code null} for {@link #ERROR}. */
        public String wireName() {
            return wireName;
        }

        /** The status an op with this outcome has ({@code FAIL} for {@link #ERROR}, which may also be info). */
        public Status status() {
            return status;
        }

        /** The op lost a race to another writer: {@code Conflict}, {@code Conflict(absent)}, {@code AlreadyExists}. */
        public boolean lostRace() {
            return this == CONFLICT
                    || this == CONFLICT_ABSENT
                    || this == ALREADY_EXISTS_KEY
                    || this == ALREADY_EXISTS_NAME;
        }

        /**
         * The store refused a mutation, so nothing of it took effect: a lost race, {@code NotFound},
         * {@code Exhausted}.
         */
        public boolean refusal() {
            return lostRace() || this == NOT_FOUND || this == EXHAUSTED;
        }

        /** The outcome named {@code wireName} in a history file, or {@code null} if none is (an error class). */
        public static Outcome ofWireName(String wireName) {
            for (Outcome o : VALUES) {
                if (o.wireName != null && o.wireName.equals(wireName)) {
                    return o;
                }
            }
            return null;
        }

        private static final Outcome[] VALUES = values();
    }

    /**
     * Why a call threw.
     *
     * @param errorClass the store's error class ({@code CONNECTION_LOST}, {@code TRANSIENT}, ...) or the exception's
     *     simple class name
     * @param message the exception's message
     * @param outcomeUnknown whether the call may have applied all the same (a write whose connection was lost
     *     mid-commit): the op's status is then {@code INFO}, else {@code FAIL}
     */
    public record Failure(String errorClass, String message, boolean outcomeUnknown) {
        public Failure {
            requireNonNull(errorClass, "errorClass");
            requireNonNull(message, "message");
            if (errorClass.isEmpty() || Outcome.ofWireName(errorClass) != null) {
                throw new IllegalArgumentException(
                        "an error class must be non-empty and not an outcome name, was \"" + errorClass + "\"");
            }
        }
    }

    public Op {
        requireNonNull(type, "type");
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
        requireNonNull(condition, "condition");
        requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.ERROR) != (failure != null)) {
            throw new IllegalArgumentException("an op has a failure exactly when its outcome is ERROR; outcome "
                    + outcome + ", failure " + failure);
        }
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + revision);
        }
        if (currentVersion != 0 && outcome != Outcome.CONFLICT) {
            throw new IllegalArgumentException(
                    "only a Conflict reports a current version; outcome " + outcome + ", current v" + currentVersion);
        }
        observed = observed == null ? List.of() : List.copyOf(observed);
        labels = labels == null ? null : Map.copyOf(labels);
    }

    /** A READ of {@code kind/id}: condition {@code NONE}. */
    public static Builder read(String kind, String id) {
        return new Builder(OpType.READ, kind, id, Condition.NONE);
    }

    /** A LIST of {@code kind}: {@code id} is empty (a list names no key); set its {@link Builder#page}. */
    public static Builder list(String kind, String id) {
        return new Builder(OpType.LIST, kind, id, Condition.NONE);
    }

    /** A GET_BY_NAME of {@code kind} by {@code name}: condition {@code NONE}; set the id of what it found. */
    public static Builder byName(String kind, String id, String name) {
        return new Builder(OpType.GET_BY_NAME, kind, id, Condition.NONE).name(name);
    }

    /** A CREATE of {@code kind/id}: condition {@code MUST_CREATE}. */
    public static Builder create(String kind, String id) {
        return new Builder(OpType.CREATE, kind, id, Condition.MUST_CREATE);
    }

    /** A WRITE of {@code kind/id} under {@code condition} (match-version: set {@link Builder#expectedVersion}). */
    public static Builder write(String kind, String id, Condition condition) {
        return new Builder(OpType.WRITE, kind, id, condition);
    }

    /** A DELETE of {@code kind/id} under {@code condition}. */
    public static Builder delete(String kind, String id, Condition condition) {
        return new Builder(OpType.DELETE, kind, id, condition);
    }

    /** An UPDATE (a retrying read-modify-write) of {@code kind/id}: condition {@code MATCH_VERSION}. */
    public static Builder update(String kind, String id) {
        return new Builder(OpType.UPDATE, kind, id, Condition.MATCH_VERSION);
    }

    /** A builder of an op of {@code type}. */
    public static Builder of(OpType type, String kind, String id, Condition condition) {
        return new Builder(type, kind, id, condition);
    }

    /** A builder holding every field of this op, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder(type, kind, id, condition)
                .process(process, replica, thread, seq)
                .expectedVersion(expectedVersion)
                .times(invokeNanos, completeNanos)
                .readVersion(readVersion)
                .writtenVersion(writtenVersion)
                .token(token)
                .observed(observed)
                .name(name)
                .value(value)
                .attempts(attempts)
                .revision(revision)
                .labels(labels)
                .page(page);
        b.outcome = outcome;
        b.currentVersion = currentVersion;
        b.failure = failure;
        return b;
    }

    /**
     * Completed and applied ({@code OK}), definitely not applied ({@code FAIL}), or unknown ({@code INFO}: the call
     * threw and may have applied): the outcome's {@link Outcome#status()}, or, for an error, its
     * {@link Failure#outcomeUnknown()}.
     */
    public Status status() {
        if (outcome == Outcome.ERROR) {
            return failure.outcomeUnknown() ? Status.INFO : Status.FAIL;
        }
        return outcome.status();
    }

    /** {@code kind/id}. */
    public String key() {
        return kind + "/" + id;
    }

    public boolean isWrite() {
        return type == OpType.CREATE || type == OpType.WRITE || type == OpType.UPDATE;
    }

    /** The error message when the call threw, else {@code null}. */
    public String error() {
        return failure == null ? null : failure.message();
    }

    /** The error class when the call threw, else {@code null}. */
    public String errorClass() {
        return failure == null ? null : failure.errorClass();
    }

    /** The outcome's name as a history file carries it: the {@link Outcome#wireName()}, or the error class. */
    public String outcomeName() {
        return outcome == Outcome.ERROR ? failure.errorClass() : outcome.wireName();
    }

    /**
     * A short human-readable line for timelines: {@code [p3 r1/t0 #12] WRITE sandbox/k7 MatchVersion(4) ok Written ->
     * v9}; a conflict adds the version the store reported ({@code fail Conflict (current v6)}).
     */
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
        if (name != null) {
            b.append(" name ").append(name);
        }
        switch (condition) {
            case MUST_CREATE -> b.append(" MustCreate");
            case MATCH_VERSION ->
                b.append(" MatchVersion(").append(expectedVersion).append(')');
            case UNCONDITIONAL -> b.append(" Unconditional");
            case NONE -> {}
        }
        b.append(' ')
                .append(status().name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(outcomeName());
        if (currentVersion != 0) {
            b.append(" (current v").append(currentVersion).append(')');
        }
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
        if (revision != 0) {
            b.append(" revision ").append(revision);
        }
        if (attempts > 1) {
            b.append(" attempts ").append(attempts);
        }
        if (labels != null) {
            b.append(" labels ").append(new TreeMap<>(labels));
        }
        if (page != null) {
            b.append(" selector \"").append(page.selector()).append("\" after ").append(page.after());
            b.append(" ->");
            for (ListedPage.Item item : page.items()) {
                b.append(' ').append(item.id()).append("@v").append(item.version());
            }
            b.append(" next ").append(page.next());
        }
        b.append(" @")
                .append(invokeNanos)
                .append("..")
                .append(completeNanos == Long.MAX_VALUE ? "?" : Long.toString(completeNanos));
        if (failure != null) {
            b.append(" error ").append(failure.message());
        }
        return b.toString();
    }

    /**
     * Builds an {@link Op} by name. Defaults: process, replica, thread and seq 0, versions 0, no token, no observed
     * tokens, no name or value, 1 attempt; the outcome must be set ({@link #outcome}, {@link #conflict},
     * {@link #error}, {@link #info}), and it determines the status. Not thread-safe.
     */
    public static final class Builder {
        private final OpType type;
        private final String kind;
        private final String id;
        private final Condition condition;
        private int process;
        private int replica;
        private int thread;
        private int seq;
        private long expectedVersion;
        private Outcome outcome;
        private long invokeNanos;
        private long completeNanos;
        private long readVersion;
        private long writtenVersion;
        private long currentVersion;
        private String token;
        private List<String> observed = List.of();
        private String name;
        private String value;
        private int attempts = 1;
        private Failure failure;
        private long revision;
        private Map<String, String> labels;
        private ListedPage page;

        private Builder(OpType type, String kind, String id, Condition condition) {
            this.type = requireNonNull(type, "type");
            this.kind = requireNonNull(kind, "kind");
            this.id = requireNonNull(id, "id");
            this.condition = requireNonNull(condition, "condition");
        }

        /**
         * Who issued the op and where it stands in its process's sequence.
         *
         * @throws IllegalArgumentException if {@code newSeq} is negative or above {@link Integer#MAX_VALUE}
         */
        public Builder process(int newProcess, int newReplica, int newThread, long newSeq) {
            if (newSeq < 0 || newSeq > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "seq must be between 0 and " + Integer.MAX_VALUE + " (ops of one process), was " + newSeq);
            }
            this.process = newProcess;
            this.replica = newReplica;
            this.thread = newThread;
            this.seq = (int) newSeq;
            return this;
        }

        public Builder expectedVersion(long version) {
            this.expectedVersion = version;
            return this;
        }

        /** Invocation and completion, monotonic nanoseconds. */
        public Builder times(long invoke, long complete) {
            this.invokeNanos = invoke;
            this.completeNanos = complete;
            return this;
        }

        /** The store's answer, which determines the status ({@link Outcome#status()}). */
        public Builder outcome(Outcome newOutcome) {
            requireNonNull(newOutcome, "outcome");
            if (newOutcome == Outcome.ERROR) {
                throw new IllegalArgumentException("an error outcome needs its error class: use error(...)");
            }
            this.outcome = newOutcome;
            this.failure = null;
            this.currentVersion = 0;
            return this;
        }

        /** A {@link Outcome#CONFLICT} reporting {@code current} as the key's version, or 0 if not known. */
        public Builder conflict(long current) {
            outcome(Outcome.CONFLICT);
            this.currentVersion = current;
            return this;
        }

        /** The call threw and definitely did not apply: outcome {@link Outcome#ERROR}, status {@code FAIL}. */
        public Builder error(String errorClass, String message) {
            return failure(new Failure(errorClass, message, false));
        }

        /** The call threw and may have applied: outcome {@link Outcome#ERROR}, status {@code INFO}. */
        public Builder info(String errorClass, String message) {
            return failure(new Failure(errorClass, message, true));
        }

        private Builder failure(Failure newFailure) {
            this.failure = newFailure;
            this.outcome = Outcome.ERROR;
            this.currentVersion = 0;
            return this;
        }

        public Builder readVersion(long version) {
            this.readVersion = version;
            return this;
        }

        public Builder writtenVersion(long version) {
            this.writtenVersion = version;
            return this;
        }

        public Builder token(String newToken) {
            this.token = newToken;
            return this;
        }

        public Builder observed(List<String> tokens) {
            this.observed = tokens == null ? List.of() : tokens;
            return this;
        }

        public Builder name(String newName) {
            this.name = newName;
            return this;
        }

        public Builder value(String newValue) {
            this.value = newValue;
            return this;
        }

        public Builder attempts(int newAttempts) {
            this.attempts = newAttempts;
            return this;
        }

        /** The position in the workload's ordered sequence the write carries (see {@link Op}); 0 = none. */
        public Builder revision(long newRevision) {
            this.revision = newRevision;
            return this;
        }

        /** The labels a write stored ({@code null}: not recorded). */
        public Builder labels(Map<String, String> newLabels) {
            this.labels = newLabels;
            return this;
        }

        /** What a LIST op asked for and returned. */
        public Builder page(ListedPage newPage) {
            this.page = newPage;
            return this;
        }

        /**
         * The op.
         *
         * @throws NullPointerException if no outcome was set
         * @throws IllegalArgumentException if the fields contradict each other (see {@link Op})
         */
        public Op build() {
            requireNonNull(outcome, "outcome (call outcome, conflict, error or info)");
            return new Op(
                    process,
                    replica,
                    thread,
                    seq,
                    type,
                    kind,
                    id,
                    condition,
                    expectedVersion,
                    outcome,
                    invokeNanos,
                    completeNanos,
                    readVersion,
                    writtenVersion,
                    currentVersion,
                    token,
                    observed,
                    name,
                    value,
                    attempts,
                    failure,
                    revision,
                    labels,
                    page);
        }
    }
}
