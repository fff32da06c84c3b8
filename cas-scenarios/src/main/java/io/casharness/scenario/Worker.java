package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.Exhausted;
import io.casharness.store.LabelSelector;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.ArrayList;
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
            log.record(start(Op.read(key.kind(), key.id()))
                    .outcome(o.isPresent() ? Outcome.FOUND : Outcome.ABSENT)
                    .times(invoke, complete)
                    .readVersion(o.map(StoredObject::resourceVersion).orElse(0L))
                    .observed(seen.tokens())
                    .name(o.map(StoredObject::name).orElse(null))
                    .value(seen.value())
                    .build());
            return new Read(o, true);
        } catch (RuntimeException e) {
            // a read changes nothing, so even an unknown outcome is simply a failed read
            failed(Op.read(key.kind(), key.id()), invoke, e, false);
            return new Read(Optional.empty(), false);
        }
    }

    /**
     * Reads the object of {@code kind} named {@code name} and records a GET_BY_NAME with the id and version found.
     */
    public Read getByName(String kind, String name) {
        long invoke = System.nanoTime();
        try {
            Optional<StoredObject> o = store.getByName(kind, name);
            long complete = System.nanoTime();
            log.record(start(Op.byName(kind, o.map(x -> x.key().id()).orElse(""), name))
                    .outcome(o.isPresent() ? Outcome.FOUND : Outcome.ABSENT)
                    .times(invoke, complete)
                    .readVersion(o.map(StoredObject::resourceVersion).orElse(0L))
                    .value(o.map(x -> observer.apply(x).value()).orElse(null))
                    .build());
            return new Read(o, true);
        } catch (RuntimeException e) {
            failed(Op.byName(kind, "", name), invoke, e, false);
            return new Read(Optional.empty(), false);
        }
    }

    /**
     * Lists one page of {@code kind} matching {@code selector} and records a LIST with every object returned (id,
     * version, name, labels, value); returns the page, or {@code null} when the call threw.
     */
    public Page list(String kind, LabelSelector selector, PageRequest request) {
        Op.Builder op = Op.list(kind, "");
        long invoke = System.nanoTime();
        Page page;
        try {
            page = store.list(kind, selector, request);
        } catch (RuntimeException e) {
            failed(
                    op.page(new ListedPage(selector.toString(), request.after().orElse(null), null, List.of())),
                    invoke,
                    e,
                    false);
            return null;
        }
        long complete = System.nanoTime();
        List<ListedPage.Item> items = new ArrayList<>(page.items().size());
        for (StoredObject o : page.items()) {
            items.add(new ListedPage.Item(
                    o.key().id(),
                    o.resourceVersion(),
                    o.name(),
                    o.labels(),
                    observer.apply(o).value()));
        }
        log.record(start(op)
                .outcome(Outcome.PAGE)
                .times(invoke, complete)
                .page(new ListedPage(
                        selector.toString(),
                        request.after().orElse(null),
                        page.continueAfter().orElse(null),
                        items))
                .build());
        return page;
    }

    /**
     * Writes {@code spec} under {@code condition} and records a CREATE ({@code MustCreate}) or WRITE.
     *
     * @param base the version the writer read before deciding to write (0 = none)
     * @param token the unique token the payload carries
     * @param value the workload value the payload carries, or null
     */
    public PutOutcome put(ObjectSpec spec, WriteCondition condition, long base, String token, String value) {
        return put(spec, condition, base, token, value, 0, 1);
    }

    /**
     * {@link #put(ObjectSpec, WriteCondition, long, String, String)}, recording also the position in the workload's
     * ordered sequence the write carries and, for one attempt of a bounded retry, which attempt it is (see
     * {@link Op}).
     *
     * @param revision the position the write carries (0 = none)
     * @param attempt which attempt of its retry this write is (1 = the first, or a single-shot write)
     */
    public PutOutcome put(
            ObjectSpec spec,
            WriteCondition condition,
            long base,
            String token,
            String value,
            long revision,
            int attempt) {
        ObjectKey key = spec.key();
        Op.Builder op = condition instanceof WriteCondition.MustCreate
                ? Op.create(key.kind(), key.id())
                : Op.write(key.kind(), key.id(), condition(condition));
        op.expectedVersion(expected(condition))
                .readVersion(base)
                .token(token)
                .name(spec.name())
                .value(value)
                .revision(revision)
                .attempts(attempt)
                .labels(spec.labels().isEmpty() ? null : spec.labels());
        long invoke = System.nanoTime();
        PutOutcome outcome;
        try {
            outcome = store.put(spec, condition);
        } catch (RuntimeException e) {
            failed(op, invoke, e, true);
            return null;
        }
        long complete = System.nanoTime();
        if (outcome instanceof Written w) {
            op.outcome(Outcome.WRITTEN).writtenVersion(w.version());
        } else {
            refused(op, outcome);
        }
        log.record(start(op).times(invoke, complete).build());
        return outcome;
    }

    /** Deletes {@code key} under {@code condition} and records a DELETE. */
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Op.Builder op = Op.delete(key.kind(), key.id(), condition(condition)).expectedVersion(expected(condition));
        long invoke = System.nanoTime();
        DeleteOutcome outcome;
        try {
            outcome = store.delete(key, condition);
        } catch (RuntimeException e) {
            failed(op, invoke, e, true);
            return null;
        }
        long complete = System.nanoTime();
        if (outcome instanceof Deleted d) {
            op.outcome(Outcome.DELETED).readVersion(d.deletedVersion());
        } else {
            refused(op, outcome);
        }
        log.record(start(op).times(invoke, complete).build());
        return outcome;
    }

    /**
     * Runs {@code store.update(key, mutation, policy)} and records an UPDATE. The base version recorded is the one
     * the mutation was last called with (the read the written state was computed from).
     */
    public UpdateOutcome update(ObjectKey key, Mutation mutation, String token, String value) {
        return update(key, mutation, policy, token, value);
    }

    /**
     * {@link #update(ObjectKey, Mutation, String, String)} under {@code retry} instead of the worker's policy (a
     * workload that needs fewer attempts, so that updates run out of them).
     */
    public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy retry, String token, String value) {
        requireNonNull(retry, "retry");
        long[] base = {0};
        Mutation observed = current -> {
            base[0] = current.resourceVersion();
            return mutation.apply(current);
        };
        Op.Builder op = Op.update(key.kind(), key.id()).token(token).value(value);
        long invoke = System.nanoTime();
        UpdateOutcome outcome;
        try {
            outcome = store.update(key, observed, retry);
        } catch (RuntimeException e) {
            failed(op.readVersion(base[0]), invoke, e, true);
            return null;
        }
        long complete = System.nanoTime();
        op.expectedVersion(base[0]).readVersion(base[0]);
        if (outcome instanceof Updated u) {
            op.outcome(Outcome.UPDATED)
                    .attempts(u.attempts())
                    .writtenVersion(u.object().resourceVersion());
        } else if (outcome instanceof Exhausted x) {
            op.outcome(Outcome.EXHAUSTED).attempts(x.attempts());
        } else {
            refused(op, outcome);
        }
        log.record(start(op).times(invoke, complete).build());
        return outcome;
    }

    /** The op's place in this worker's process. */
    private Op.Builder start(Op.Builder op) {
        return op.process(log.process(), log.replica(), log.thread(), log.nextSeq());
    }

    /** Records a call that threw: {@code info} if a write may have applied, else failed. */
    private void failed(Op.Builder op, long invoke, RuntimeException e, boolean write) {
        long complete = System.nanoTime();
        errors++;
        if (firstError == null) {
            firstError = e.toString();
        }
        boolean unknown = write && e instanceof StoreAccessException s && s.outcomeUnknown();
        String errorClass = e instanceof StoreAccessException s
                ? s.errorClass().name()
                : e.getClass().getSimpleName();
        String message = String.valueOf(e.getMessage());
        if (unknown) {
            op.info(errorClass, message);
        } else {
            op.error(errorClass, message);
        }
        log.record(start(op).times(invoke, complete).build());
    }

    /** Sets the outcome of a refused put, delete or update. */
    private static void refused(Op.Builder op, Object outcome) {
        if (outcome instanceof Conflict c) {
            if (c.isAbsent()) {
                op.outcome(Outcome.CONFLICT_ABSENT);
            } else {
                op.conflict(c.currentVersion().getAsLong());
            }
        } else if (outcome instanceof AlreadyExists a) {
            op.outcome(
                    a.constraint() == AlreadyExists.Constraint.NAME
                            ? Outcome.ALREADY_EXISTS_NAME
                            : Outcome.ALREADY_EXISTS_KEY);
        } else if (outcome instanceof NotFound) {
            op.outcome(Outcome.NOT_FOUND);
        } else {
            throw new IllegalStateException("not a refusal: " + outcome);
        }
    }

    private static long expected(WriteCondition c) {
        return c instanceof WriteCondition.MatchVersion m ? m.version() : 0;
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
}
