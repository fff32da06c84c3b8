package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One worker process (a replica's thread): the store it calls, its history log, its seeded random source and
 * retry policy. Every call here runs one store operation and records it as one {@link Op}, with invocation and
 * completion times from {@link System#nanoTime()}, whatever the outcome:
 *
 * <ul>
 *   <li>an outcome the store returned: {@code ok} if it applied ({@code Written}, {@code Updated}, {@code Deleted}, a
 *       read), {@code fail} if it did not ({@code Conflict}, {@code AlreadyExists}, {@code NotFound},
 *       {@code Exhausted});
 *   <li>a {@link StoreAccessException} whose {@link StoreAccessException#outcomeUnknown()} is true, on a write:
 *       {@code info} (it may have committed);
 *   <li>any other exception: {@code fail}, with the error text.
 * </ul>
 *
 * Methods return the outcome, or {@code null} when the call threw. Not thread-safe: one thread per worker.
 */
public final class Worker {
    private final CasStore store;
    private final HistoryRecorder.ProcessLog log;
    private final RandomGenerator random;
    private final RetryPolicy policy;
    private final Function<StoredObject, Observation> observer;
    private long errors;
    private String firstError;

    /**
     * @param observer how this workload reads an object: tokens, value
     */
    public Worker(
            CasStore store,
            HistoryRecorder.ProcessLog log,
            RandomGenerator random,
            RetryPolicy policy,
            Function<StoredObject, Observation> observer) {
        this.store = requireNonNull(store, "store");
        this.log = requireNonNull(log, "log");
        this.random = requireNonNull(random, "random");
        this.policy = requireNonNull(policy, "policy");
        this.observer = requireNonNull(observer, "observer");
    }

    /** What a workload sees in an object: the tokens it holds (for the checker's final-state test) and its value. */
    public record Observation(List<String> tokens, String value) {
        public static final Observation NONE = new Observation(List.of(), null);

        public Observation {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    /** The result of a recorded read: the object (empty if absent), and whether the read completed. */
    public record Read(Optional<StoredObject> object, boolean completed) {
        public long version() {
            return object.map(StoredObject::resourceVersion).orElse(0L);
        }
    }

    public int process() {
        return log.process();
    }

    public int replica() {
        return log.replica();
    }

    public CasStore store() {
        return store;
    }

    /** The worker's seeded source for choices (keys, op mix). Never use it for anything timing-dependent. */
    public RandomGenerator random() {
        return random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** Calls that threw so far. */
    public long errors() {
        return errors;
    }

    /** The first call that threw, as {@code exception: message}, or null. */
    public String firstError() {
        return firstError;
    }

    /** A token nobody else writes: {@code p<process>-<seq of the op that will carry it>}. */
    public String nextToken() {
        return "p" + log.process() + "-" + log.nextSeq();
    }

    /** Reads {@code key} and records a READ with the version, tokens and value seen. */
    public Read read(ObjectKey key) {
        long invoke = System.nanoTime();
        try {
            Optional<StoredObject> o = store.get(key);
            long complete = System.nanoTime();
            Observation seen = o.map(observer).orElse(Observation.NONE);
            record(
                    OpType.READ,
                    key,
                    Condition.NONE,
                    0,
                    Status.OK,
                    o.isPresent() ? "Found" : "Absent",
                    invoke,
                    complete,
                    o.map(StoredObject::resourceVersion).orElse(0L),
                    0,
                    null,
                    seen.tokens(),
                    o.map(StoredObject::name).orElse(null),
                    seen.value(),
                    1,
                    null);
            return new Read(o, true);
        } catch (RuntimeException e) {
            // a read changes nothing, so even an unknown outcome is simply a failed read
            failed(OpType.READ, key, Condition.NONE, 0, invoke, 0, null, null, null, e, false);
            return new Read(Optional.empty(), false);
        }
    }

    /**
     * Writes {@code spec} under {@code condition} and records a CREATE ({@code MustCreate}) or WRITE.
     *
     * @param base the version the writer read before deciding to write (0 = none)
     * @param token the unique token the payload carries
     * @param value the workload value the payload carries, or null
     */
    public PutOutcome put(ObjectSpec spec, WriteCondition condition, long base, String token, String value) {
        OpType type = condition instanceof WriteCondition.MustCreate ? OpType.CREATE : OpType.WRITE;
        Condition c = condition(condition);
        long expected = condition instanceof WriteCondition.MatchVersion m ? m.version() : 0;
        long invoke = System.nanoTime();
        PutOutcome outcome;
        try {
            outcome = store.put(spec, condition);
        } catch (RuntimeException e) {
            failed(type, spec.key(), c, expected, invoke, base, token, spec.name(), value, e, true);
            return null;
        }
        long complete = System.nanoTime();
        Status status = outcome instanceof Written ? Status.OK : Status.FAIL;
        long written = outcome instanceof Written w ? w.version() : 0;
        record(
                type,
                spec.key(),
                c,
                expected,
                status,
                outcomeName(outcome),
                invoke,
                complete,
                base,
                written,
                token,
                List.of(),
                spec.name(),
                value,
                1,
                null);
        return outcome;
    }

    /** Deletes {@code key} under {@code condition} and records a DELETE. */
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Condition c = condition(condition);
        long expected = condition instanceof WriteCondition.MatchVersion m ? m.version() : 0;
        long invoke = System.nanoTime();
        DeleteOutcome outcome;
        try {
            outcome = store.delete(key, condition);
        } catch (RuntimeException e) {
            failed(OpType.DELETE, key, c, expected, invoke, 0, null, null, null, e, true);
            return null;
        }
        long complete = System.nanoTime();
        record(
                OpType.DELETE,
                key,
                c,
                expected,
                outcome instanceof Deleted ? Status.OK : Status.FAIL,
                outcomeName(outcome),
                invoke,
                complete,
                outcome instanceof Deleted d ? d.deletedVersion() : 0,
                0,
                null,
                List.of(),
                null,
                null,
                1,
                null);
        return outcome;
    }

    /**
     * Runs {@code store.update(key, mutation, policy)} and records an UPDATE. The base version recorded is the one
     * the mutation was last called with (the read the written state was computed from).
     */
    public UpdateOutcome update(ObjectKey key, Mutation mutation, String token, String value) {
        long[] base = {0};
        Mutation observed = current -> {
            base[0] = current.resourceVersion();
            return mutation.apply(current);
        };
        long invoke = System.nanoTime();
        UpdateOutcome outcome;
        try {
            outcome = store.update(key, observed, policy);
        } catch (RuntimeException e) {
            failed(OpType.UPDATE, key, Condition.MATCH_VERSION, 0, invoke, base[0], token, null, value, e, true);
            return null;
        }
        long complete = System.nanoTime();
        int attempts = 1;
        long written = 0;
        Status status = Status.FAIL;
        if (outcome instanceof Updated u) {
            attempts = u.attempts();
            written = u.object().resourceVersion();
            status = Status.OK;
        } else if (outcome instanceof Exhausted x) {
            attempts = x.attempts();
        }
        record(
                OpType.UPDATE,
                key,
                Condition.MATCH_VERSION,
                base[0],
                status,
                outcomeName(outcome),
                invoke,
                complete,
                base[0],
                written,
                token,
                List.of(),
                null,
                value,
                attempts,
                null);
        return outcome;
    }

    private void failed(
            OpType type,
            ObjectKey key,
            Condition c,
            long expected,
            long invoke,
            long base,
            String token,
            String name,
            String value,
            RuntimeException e,
            boolean write) {
        long complete = System.nanoTime();
        errors++;
        if (firstError == null) {
            firstError = e.toString();
        }
        boolean unknown = write && e instanceof StoreAccessException s && s.outcomeUnknown();
        String outcome = e instanceof StoreAccessException s
                ? s.errorClass().name()
                : e.getClass().getSimpleName();
        record(
                type,
                key,
                c,
                expected,
                unknown ? Status.INFO : Status.FAIL,
                outcome,
                invoke,
                complete,
                base,
                0,
                token,
                List.of(),
                name,
                value,
                1,
                String.valueOf(e.getMessage()));
    }

    private void record(
            OpType type,
            ObjectKey key,
            Condition c,
            long expected,
            Status status,
            String outcome,
            long invoke,
            long complete,
            long readVersion,
            long writtenVersion,
            String token,
            List<String> observed,
            String name,
            String value,
            int attempts,
            String error) {
        log.record(new Op(
                log.process(),
                log.replica(),
                log.thread(),
                log.nextSeq(),
                type,
                key.kind(),
                key.id(),
                c,
                expected,
                status,
                outcome,
                invoke,
                complete,
                readVersion,
                writtenVersion,
                token,
                observed,
                name,
                value,
                attempts,
                error));
    }

    private static Condition condition(WriteCondition c) {
        if (c instanceof WriteCondition.MustCreate) {
            return Condition.MUST_CREATE;
        }
        if (c instanceof WriteCondition.MatchVersion) {
            return Condition.MATCH_VERSION;
        }
        return Condition.UNCONDITIONAL;
    }

    private static String outcomeName(Object outcome) {
        if (outcome instanceof Written) {
            return "Written";
        }
        if (outcome instanceof Conflict c) {
            return c.isAbsent() ? "Conflict(absent)" : "Conflict";
        }
        if (outcome instanceof AlreadyExists a) {
            return "AlreadyExists(" + a.constraint() + ")";
        }
        if (outcome instanceof NotFound) {
            return "NotFound";
        }
        return outcome.getClass().getSimpleName();
    }
}
