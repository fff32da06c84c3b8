package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.store.AlreadyExists;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryCasStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generates correct histories from a seed: simulated replicas drive the linearizable in-memory model
 * ({@link MemoryCasStore}) with every workload's op kinds, interleaved step by step by a seeded scheduler, so ops
 * overlap in time exactly as real concurrent ops do (each op takes effect at one store call between its invocation
 * and its completion). Used by the checker's property tests and by the checker benchmark; not a scenario engine.
 *
 * <p>Keys are split evenly over four kinds: {@link #APPEND} (retrying updates appending a token, reads, deletes,
 * creates), {@link #REGISTER} (reads and match-version writes of unique values), {@link #RACE} (named must-creates
 * and conditional deletes racing, reads by name) and {@link #PHASE} (the phases state machine). One op in a hundred
 * lists a kind ({@value Run#PAGE} per page; in a kind of at most three pages the process pages through it to the
 * end); writes record their (empty) labels, so the list rules judge every listed object. Some writes are made
 * indeterminate ({@code info}): half of those never reach the store, half apply but lose their acknowledgement. After
 * the budget, every key is read once more (the final reads).
 *
 * <p>{@link #generate(Config, Fault)} makes the store wrong in one named way, for the checker's negative controls.
 *
 * <p>Thread-safe (stateless); each call is deterministic in its {@link Config}.
 */
public final class HistorySimulator {
    /** Kind of the list-append keys (tokens accumulate). */
    public static final String APPEND = "append";
    /** Kind of the register keys. */
    public static final String REGISTER = "register";
    /** Kind of the create/delete race keys (objects carry unique names). */
    public static final String RACE = "race";
    /** Kind of the phases state-machine keys. */
    public static final String PHASE = "phase";

    private static final String[] KINDS = {APPEND, REGISTER, RACE, PHASE};
    private static final List<String> PHASES = TransitionRules.PHASES;

    private HistorySimulator() {}

    /**
     * One simulation.
     *
     * @param seed the seed of key choice, op mix and interleaving
     * @param replicas replicas (each with {@code threadsPerReplica} processes)
     * @param threadsPerReplica processes per replica
     * @param keys number of keys (spread over the four kinds)
     * @param ops operations to issue before the final reads
     * @param infoRate the probability that a write's outcome is indeterminate
     * @param maxAttempts attempts of a retrying update (1 + retries)
     */
    public record Config(
            long seed, int replicas, int threadsPerReplica, int keys, int ops, double infoRate, int maxAttempts) {
        public Config {
            if (replicas < 1 || threadsPerReplica < 1) {
                throw new IllegalArgumentException(
                        "replicas and threadsPerReplica must be >= 1, were " + replicas + " and " + threadsPerReplica);
            }
            if (keys < KINDS.length) {
                throw new IllegalArgumentException("keys must be >= " + KINDS.length + ", was " + keys);
            }
            if (ops < 0) {
                throw new IllegalArgumentException("ops must be >= 0, was " + ops);
            }
            if (infoRate < 0 || infoRate > 1) {
                throw new IllegalArgumentException("infoRate must be between 0 and 1, was " + infoRate);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
            }
        }

        /** 8 replicas x 2 threads, 1,000 keys, no info ops, 5 attempts. */
        public static Config of(long seed, int ops) {
            return new Config(seed, 8, 2, 1000, ops, 0.0, 5);
        }

        public Config withKeys(int newKeys) {
            return new Config(seed, replicas, threadsPerReplica, newKeys, ops, infoRate, maxAttempts);
        }

        public Config withInfoRate(double rate) {
            return new Config(seed, replicas, threadsPerReplica, keys, ops, rate, maxAttempts);
        }
    }

    /** The checker configured for these workloads: {@link #APPEND} accumulates, {@link #PHASE} has phases. */
    public static Checker checker() {
        return Checker.builder()
                .accumulatingKinds(APPEND)
                .transitions(TransitionRules.phases().forKinds(PHASE))
                .build();
    }

    /** Runs one simulation of the correct store; the history ends with one read of every key. */
    public static History generate(Config config) {
        return generate(config, Fault.NONE);
    }

    /** A way the simulated store is wrong. */
    public enum Fault {
        /** The linearizable model as it is. */
        NONE,
        /**
         * A must-create draws its version when it is invoked but takes effect later (a sequence value taken before
         * the unique index is passed): when another replica created, updated and deleted the key meanwhile, the new
         * incarnation starts at a version its key already exceeded. The history reports versions scaled by 1,000,
         * so a version drawn early fits between the model's.
         */
        EARLY_DRAWN_CREATES,
        /**
         * Every 25th acknowledged update of an append key applies its mutation twice (a retry after a lost
         * acknowledgement that re-applies it to its own result): the version it produced holds its token twice.
         */
        REAPPLIED_UPDATES,
        /**
         * Every 40th update whose read step finds the key answers {@code NotFound} anyway (a refusal taken from a
         * stale or wrong source); the update writes nothing.
         */
        FALSE_NOT_FOUND,
        /**
         * Every 30th read of a register key that this process saw before at another version returns the current
         * version with the value it saw then (a payload cached apart from its version): the read is torn.
         */
        TORN_READS,
        /**
         * Every 20th acknowledged update of an append key reports {@code Exhausted} although its write applied (a
         * retry loop that judges "out of attempts" by its counter, not by the last outcome).
         */
        EXHAUSTED_BUT_WRITTEN,
        /**
         * Every 5th listed object of a register key that this process saw before at another version is listed with
         * the value it saw then (a list hydrating payloads from a cache): the listed object is torn.
         */
        TORN_LISTS
    }

    /** Runs one simulation of a store with {@code fault}; the history ends with one read of every key. */
    public static History generate(Config config, Fault fault) {
        requireNonNull(config, "config");
        requireNonNull(fault, "fault");
        return new Run(config, fault).run();
    }

    /** What the store holds at one version of a key. */
    private record Content(long version, List<String> tokens, String value) {}

    private static final class Run {
        /** Reported versions per model version when creates draw early, so an early draw fits below the next. */
        private static final long SCALE = 1000;
        /** At most this many scheduler steps pass between an early draw and the create taking effect. */
        private static final int STALL_STEPS = 1000;
        /** Objects per page of a list. */
        static final int PAGE = 5;

        private final Config c;
        private final boolean earlyDraw;
        private final boolean reapply;
        private final boolean falseNotFound;
        private final boolean tornReads;
        private final boolean tornLists;
        private final boolean exhaustedButWritten;
        /** Acknowledged updates of append keys so far, when some report Exhausted. */
        private int writtenAppends;

        private int registerReads;
        private int registerListed;
        /** Update read steps that found their key, when some are answered NotFound anyway. */
        private int foundReads;
        /** Acknowledged updates of append keys so far, when updates are re-applied. */
        private int appendUpdates;
        /** Model version -> the version reported for it, for early-drawn creates. */
        private final Map<Long, Long> drawnEarly = new HashMap<>();
        /** The highest model version handed out so far, and the last early-drawn version. */
        private long modelTop;

        private long lastDrawn;
        private final SplittableRandom random;
        private final MemoryCasStore store = MemoryCasStore.create();
        private final ObjectKey[] keys;
        /**
         * Per key, the content of its latest write: all a read can see (the model is linearizable and steps run one at
         * a time); an update keeps the content its read step saw. Only the latest is kept, so generating a long
         * history holds no more than the history itself.
         */
        private final Content[] contents;

        private final List<Op> ops = new ArrayList<>();
        private final Proc[] procs;
        private long clock;
        private int issued;

        Run(Config c, Fault fault) {
            this.c = c;
            this.earlyDraw = fault == Fault.EARLY_DRAWN_CREATES;
            this.reapply = fault == Fault.REAPPLIED_UPDATES;
            this.falseNotFound = fault == Fault.FALSE_NOT_FOUND;
            this.tornReads = fault == Fault.TORN_READS;
            this.tornLists = fault == Fault.TORN_LISTS;
            this.exhaustedButWritten = fault == Fault.EXHAUSTED_BUT_WRITTEN;
            this.random = new SplittableRandom(c.seed());
            this.keys = new ObjectKey[c.keys()];
            this.contents = new Content[c.keys()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = ObjectKey.of(KINDS[i % KINDS.length], "k" + i);
            }
            this.procs = new Proc[c.replicas() * c.threadsPerReplica()];
            for (int r = 0; r < c.replicas(); r++) {
                for (int t = 0; t < c.threadsPerReplica(); t++) {
                    int p = r * c.threadsPerReplica() + t;
                    procs[p] = new Proc(p, r, t, keys.length);
                }
            }
        }

        History run() {
            int busy = 0;
            while (issued < c.ops() || busy > 0) {
                Proc p = procs[random.nextInt(procs.length)];
                if (p.stage == 0) {
                    if (issued >= c.ops()) {
                        continue;
                    }
                    issued++;
                    busy++;
                    start(p);
                } else if (step(p)) {
                    busy--;
                }
            }
            Proc last = new Proc(procs.length, c.replicas(), 0, keys.length);
            for (int k = 0; k < keys.length; k++) {
                last.begin(OpType.READ, k, ++clock);
                read(last);
                finish(last);
            }
            return History.of(ops);
        }

        private int chooseKey() {
            // a fifth of the ops go to the first 1% of keys: hot keys make the races
            if (random.nextInt(5) == 0) {
                return random.nextInt(Math.max(KINDS.length, keys.length / 100));
            }
            return random.nextInt(keys.length);
        }

        private void start(Proc p) {
            int k = p.listAfter != null ? p.listKey : chooseKey();
            String kind = keys[k].kind();
            long seen = p.lastSeen[k];
            int roll = random.nextInt(100);
            OpType type;
            Condition cond = Condition.NONE;
            if (roll < 1 || p.listAfter != null) {
                type = OpType.LIST; // a listing goes on to its last page
            } else if (kind.equals(APPEND)) {
                if (roll < 35) {
                    type = OpType.READ;
                } else if (roll < 45) {
                    type = OpType.DELETE;
                } else {
                    type = seen == 0 && roll < 60 ? OpType.CREATE : OpType.UPDATE;
                }
            } else if (kind.equals(REGISTER)) {
                if (roll < 50) {
                    type = OpType.READ;
                } else if (roll < 53) {
                    type = OpType.DELETE;
                } else {
                    type = seen == 0 ? OpType.CREATE : OpType.WRITE;
                }
            } else if (kind.equals(RACE)) {
                type = roll < 8
                        ? OpType.GET_BY_NAME
                        : roll < 30 ? OpType.READ : roll < 65 ? OpType.DELETE : OpType.CREATE;
            } else {
                String phase = p.lastValue[k];
                if (roll < 40 || (seen != 0 && phase == null)) {
                    type = OpType.READ;
                } else if (seen == 0) {
                    type = OpType.CREATE;
                } else if (phase.equals("deleted")) {
                    type = OpType.DELETE;
                } else {
                    type = OpType.WRITE;
                }
            }
            p.begin(type, k, ++clock);
            if (type == OpType.CREATE) {
                cond = Condition.MUST_CREATE;
            } else if (type == OpType.WRITE || type == OpType.UPDATE) {
                cond = Condition.MATCH_VERSION;
            } else if (type == OpType.DELETE) {
                cond = seen != 0 && random.nextInt(10) != 0 ? Condition.MATCH_VERSION : Condition.UNCONDITIONAL;
            }
            p.condition = cond;
            p.expected = cond == Condition.MATCH_VERSION && type != OpType.UPDATE ? seen : 0;
            if (cond == Condition.MATCH_VERSION && type == OpType.WRITE) {
                p.readVersion = seen;
            }
            if (type == OpType.CREATE || type == OpType.WRITE || type == OpType.UPDATE) {
                p.token = "p" + p.id + "-" + p.seq;
            }
            if (type == OpType.CREATE && earlyDraw) {
                // above every version handed out so far, below every one handed out from now on
                lastDrawn = Math.max(lastDrawn, SCALE * modelTop) + 1;
                p.drawn = lastDrawn;
                p.stalled = random.nextInt(STALL_STEPS); // descheduled between the draw and the insert
            }
            boolean mutation = type != OpType.READ && type != OpType.LIST && type != OpType.GET_BY_NAME;
            p.info = mutation && random.nextDouble() < c.infoRate();
            p.stage = 1;
        }

        /** Advances one process by one step; returns whether it completed an op. */
        private boolean step(Proc p) {
            if (p.stage == 3) {
                finish(p);
                return true;
            }
            if (p.stalled > 0) {
                p.stalled--;
                return false;
            }
            if (p.info && random.nextBoolean() && p.stage == 1 && p.attempts == 0) {
                // the request never reached the store
                p.stage = 3;
                return false;
            }
            switch (p.type) {
                case READ -> read(p);
                case LIST -> list(p);
                case GET_BY_NAME -> byName(p);
                case CREATE -> create(p);
                case WRITE -> write(p);
                case DELETE -> delete(p);
                case UPDATE -> update(p);
            }
            return false;
        }

        private void read(Proc p) {
            Optional<StoredObject> o = store.get(keys[p.key]);
            if (o.isPresent()) {
                long v = o.get().resourceVersion();
                Content content = latest(p.key, v);
                p.outcome = Outcome.FOUND;
                p.readVersion = v;
                p.observed = content.tokens();
                p.value = content.value();
                if (tornReads
                        && keys[p.key].kind().equals(REGISTER)
                        && p.lastValue[p.key] != null
                        && p.lastSeen[p.key] != v
                        && !p.lastValue[p.key].equals(content.value())
                        && ++registerReads % 30 == 0) {
                    p.value = p.lastValue[p.key];
                }
                p.lastSeen[p.key] = v;
                p.lastValue[p.key] = content.value();
            } else {
                p.outcome = Outcome.ABSENT;
                p.lastSeen[p.key] = 0;
                p.lastValue[p.key] = null;
            }
            p.stage = 3;
        }

        private void list(Proc p) {
            String kind = keys[p.key].kind();
            Page page = store.list(
                    kind, LabelSelector.everything(), new PageRequest(PAGE, Optional.ofNullable(p.listAfter)));
            List<ListedPage.Item> items = new ArrayList<>();
            for (StoredObject o : page.items()) {
                int k = Integer.parseInt(o.key().id().substring(1));
                Content content = latest(k, o.resourceVersion());
                String value = content.value();
                if (tornLists
                        && kind.equals(REGISTER)
                        && p.lastValue[k] != null
                        && p.lastSeen[k] != o.resourceVersion()
                        && !p.lastValue[k].equals(value)
                        && ++registerListed % 5 == 0) {
                    value = p.lastValue[k];
                }
                items.add(
                        new ListedPage.Item(o.key().id(), reported(o.resourceVersion()), o.name(), o.labels(), value));
            }
            p.page = new ListedPage("", p.listAfter, page.continueAfter().orElse(null), items);
            // a kind of a few pages is paged to the end; a larger one is listed one page at a time, so that lists stay
            // one op in a hundred whatever the number of keys
            p.listAfter = keys.length / KINDS.length <= 3 * PAGE
                    ? page.continueAfter().orElse(null)
                    : null;
            p.listKey = p.key;
            p.outcome = Outcome.PAGE;
            p.stage = 3;
        }

        /** A read by name of a race key's name (two race keys share each name). */
        private void byName(Proc p) {
            ObjectKey key = keys[p.key];
            p.name = raceName(p.key);
            Optional<StoredObject> o = store.getByName(key.kind(), p.name);
            p.foundId = o.map(x -> x.key().id()).orElse("");
            p.readVersion = o.map(StoredObject::resourceVersion).orElse(0L);
            p.outcome = o.isPresent() ? Outcome.FOUND : Outcome.ABSENT;
            p.stage = 3;
        }

        private static String raceName(int k) {
            return "n" + (k / (KINDS.length * 2)); // two race keys share each name
        }

        private void create(Proc p) {
            ObjectKey key = keys[p.key];
            String value = null;
            String name = null;
            switch (key.kind()) {
                case PHASE -> value = PHASES.get(0);
                case REGISTER -> value = p.token;
                case RACE -> name = raceName(p.key);
                default -> {}
            }
            p.name = name;
            p.value = value;
            put(p, List.of(p.token), value, WriteCondition.mustCreate());
        }

        private void write(Proc p) {
            ObjectKey key = keys[p.key];
            String value;
            if (key.kind().equals(PHASE)) {
                String from = p.lastValue[p.key];
                int at = 0;
                while (!PHASES.get(at).equals(from)) {
                    at++;
                }
                value = random.nextInt(10) == 0 ? from : PHASES.get(at + 1);
            } else {
                value = p.token;
            }
            p.value = value;
            put(p, List.of(p.token), value, WriteCondition.matchVersion(p.expected));
        }

        private void put(Proc p, List<String> tokens, String value, WriteCondition condition) {
            ObjectKey key = keys[p.key];
            ObjectSpec spec = new ObjectSpec(
                    key, p.name, Map.of(), String.join(",", tokens).getBytes(StandardCharsets.UTF_8));
            PutOutcome out = store.put(spec, condition);
            if (out instanceof Written w) {
                handedOut(w.version());
                if (p.drawn > 0) {
                    drawnEarly.put(w.version(), p.drawn);
                }
                contents[p.key] = new Content(w.version(), tokens, value);
                p.outcome = Outcome.WRITTEN;
                p.writtenVersion = w.version();
                p.lastSeen[p.key] = w.version();
                p.lastValue[p.key] = value;
            } else {
                if (out instanceof AlreadyExists a) {
                    p.outcome = a.constraint() == AlreadyExists.Constraint.NAME
                            ? Outcome.ALREADY_EXISTS_NAME
                            : Outcome.ALREADY_EXISTS_KEY;
                } else if (out instanceof Conflict conflict) {
                    conflict(p, conflict);
                    p.lastSeen[p.key] = conflict.currentVersion().orElse(0);
                    p.lastValue[p.key] = null;
                }
            }
            p.attempts = Math.max(1, p.attempts);
            p.stage = 3;
        }

        private void delete(Proc p) {
            WriteCondition condition = p.condition == Condition.MATCH_VERSION
                    ? WriteCondition.matchVersion(p.expected)
                    : WriteCondition.unconditional();
            DeleteOutcome out = store.delete(keys[p.key], condition);
            if (out instanceof Deleted d) {
                p.outcome = Outcome.DELETED;
                p.readVersion = d.deletedVersion();
                p.lastSeen[p.key] = 0;
            } else {
                if (out instanceof Conflict conflict) {
                    conflict(p, conflict);
                } else {
                    p.outcome = Outcome.NOT_FOUND;
                }
            }
            p.stage = 3;
        }

        /** A retrying update: a read step, then a match-version write step, again after a conflict. */
        private void update(Proc p) {
            ObjectKey key = keys[p.key];
            if (p.stage == 1) {
                Optional<StoredObject> o = store.get(key);
                if (o.isPresent() && falseNotFound && ++foundReads % 40 == 0) {
                    o = Optional.empty();
                }
                if (o.isEmpty()) {
                    p.outcome = Outcome.NOT_FOUND;
                    p.readVersion = 0;
                    p.lastSeen[p.key] = 0;
                    p.attempts = Math.max(1, p.attempts);
                    p.stage = 3;
                    return;
                }
                p.readVersion = o.get().resourceVersion();
                p.base = latest(p.key, p.readVersion);
                p.expected = p.readVersion;
                p.stage = 2;
                return;
            }
            p.attempts++;
            Content base = p.base;
            List<String> tokens = new ArrayList<>(base.tokens().size() + 1);
            tokens.addAll(base.tokens());
            tokens.add(p.token);
            ObjectSpec spec = ObjectSpec.of(key, String.join(",", tokens).getBytes(StandardCharsets.UTF_8));
            PutOutcome out = store.put(spec, WriteCondition.matchVersion(p.readVersion));
            if (out instanceof Written w) {
                handedOut(w.version());
                if (reapply && key.kind().equals(APPEND) && ++appendUpdates % 25 == 0) {
                    tokens.add(p.token);
                }
                contents[p.key] = new Content(w.version(), List.copyOf(tokens), null);
                p.outcome = Outcome.UPDATED;
                p.writtenVersion = w.version();
                p.lastSeen[p.key] = w.version();
                p.stage = 3;
                if (exhaustedButWritten && key.kind().equals(APPEND) && ++writtenAppends % 20 == 0) {
                    p.outcome = Outcome.EXHAUSTED; // written, and reported as if every attempt had conflicted
                    p.writtenVersion = 0;
                }
            } else if (p.attempts < c.maxAttempts()) {
                p.stage = 1;
            } else {
                p.outcome = Outcome.EXHAUSTED;
                p.stage = 3;
            }
        }

        /** The content of version {@code v} of key {@code k}, which the model just returned: its latest write. */
        private Content latest(int k, long v) {
            Content c = contents[k];
            if (c == null || c.version() != v) {
                throw new IllegalStateException("the model returned v" + v + " of " + keys[k]
                        + " but its latest write was " + (c == null ? "none" : "v" + c.version()));
            }
            return c;
        }

        private static void conflict(Proc p, Conflict conflict) {
            if (conflict.isAbsent()) {
                p.outcome = Outcome.CONFLICT_ABSENT;
            } else {
                p.outcome = Outcome.CONFLICT;
                p.current = conflict.currentVersion().getAsLong();
            }
        }

        private void handedOut(long version) {
            modelTop = Math.max(modelTop, version);
        }

        /** The version the history reports for a model version. */
        private long reported(long version) {
            if (!earlyDraw || version == 0) {
                return version;
            }
            Long early = drawnEarly.get(version);
            return early != null ? early : SCALE * version;
        }

        private void finish(Proc p) {
            long written = reported(p.writtenVersion);
            long read = reported(p.readVersion);
            if (p.info) {
                written = 0;
                if (p.type == OpType.DELETE) {
                    read = 0;
                }
            }
            String id = p.type == OpType.GET_BY_NAME ? p.foundId : p.type == OpType.LIST ? "" : keys[p.key].id();
            boolean write = p.type == OpType.CREATE || p.type == OpType.WRITE || p.type == OpType.UPDATE;
            Op.Builder op = Op.of(p.type, keys[p.key].kind(), id, p.condition)
                    .process(p.id, p.replica, p.thread, p.seq++)
                    .expectedVersion(reported(p.expected))
                    .times(p.invoke, ++clock)
                    .readVersion(read)
                    .writtenVersion(written)
                    .token(p.token)
                    .observed(p.observed)
                    .name(p.name)
                    .value(p.value)
                    .attempts(Math.max(1, p.attempts))
                    .labels(write ? Map.of() : null)
                    .page(p.page);
            if (p.info) {
                op.info("CONNECTION_LOST", "connection lost (simulated)");
            } else if (p.outcome == Outcome.CONFLICT) {
                op.conflict(reported(p.current));
            } else {
                op.outcome(p.outcome);
            }
            ops.add(op.build());
            if (p.info) {
                p.lastSeen[p.key] = 0;
                p.lastValue[p.key] = null;
            }
            p.stage = 0;
        }
    }

    /** One simulated process (replica, thread) and the op it has in flight. */
    private static final class Proc {
        final int id;
        final int replica;
        final int thread;
        final long[] lastSeen;
        final String[] lastValue;
        long seq;
        int stage;

        OpType type;
        int key;
        Condition condition;
        long expected;
        Outcome outcome;
        /** The version a Conflict reported as current, 0 if none. */
        long current;

        long invoke;
        long readVersion;
        long writtenVersion;
        String token;
        List<String> observed;
        /** What an update's read step saw. */
        Content base;

        String name;
        String value;
        int attempts;
        boolean info;
        /** The version an early-drawing create took at invocation, or 0, and the steps it still waits. */
        long drawn;

        int stalled;
        /** What a list returned, and the cursor and key of the listing this process is paging through. */
        ListedPage page;

        String listAfter;
        int listKey;
        /** The id a read by name found ({@code ""} if none). */
        String foundId;

        Proc(int id, int replica, int thread, int keys) {
            this.id = id;
            this.replica = replica;
            this.thread = thread;
            this.lastSeen = new long[keys];
            this.lastValue = new String[keys];
        }

        void begin(OpType newType, int newKey, long now) {
            type = newType;
            key = newKey;
            condition = Condition.NONE;
            expected = 0;
            outcome = null;
            current = 0;
            invoke = now;
            readVersion = 0;
            writtenVersion = 0;
            token = null;
            observed = List.of();
            base = null;
            name = null;
            value = null;
            attempts = 0;
            info = false;
            drawn = 0;
            stalled = 0;
            page = null;
            foundId = null;
        }
    }
}
