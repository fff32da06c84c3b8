package io.casharness.scenario.cli;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryBackend;
import java.util.Map;
import java.util.Optional;

/**
 * A backend the harness does not ship, standing in for a user's store in tests of the main job: the memory model
 * behind another name, promising only what the {@code CasStore} contract asks (versions rise per key), as most
 * users' stores do. Option {@code bug=lost-update} makes its updates read + unconditional write, so a test can show
 * the gate catching a bug in a user's store; {@code bug=none} is the default. Thread-safe.
 */
public final class TestModelBackend implements Backend {
    public static final String NAME = "test-model";

    private final MemoryBackend model = new MemoryBackend();
    private final boolean lostUpdate;

    private TestModelBackend(boolean lostUpdate) {
        this.lostUpdate = lostUpdate;
    }

    /**
     * @throws IllegalArgumentException naming the option if one is unknown or has a value not allowed
     */
    public static TestModelBackend open(Map<String, String> options) {
        requireNonNull(options, "options");
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (!o.getKey().equals("bug")) {
                throw new IllegalArgumentException(
                        "backend " + NAME + ": unknown option \"" + o.getKey() + "\"; known: bug");
            }
            if (!o.getValue().equals("none") && !o.getValue().equals("lost-update")) {
                throw new IllegalArgumentException(
                        "backend " + NAME + ": option bug must be none or lost-update, was \"" + o.getValue() + "\"");
            }
        }
        return new TestModelBackend("lost-update".equals(options.get("bug")));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return NAME + " (the memory model under another name" + (lostUpdate ? ", with blind updates" : "") + ")";
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        CasStore replica = model.openReplica(options);
        return lostUpdate ? new BlindUpdates(replica) : replica;
    }

    @Override
    public void reset() {
        model.reset();
    }

    @Override
    public void close() {
        model.close();
    }

    /** The bug {@code bug=lost-update} plants in the store itself: an update that sends no version. */
    private static final class BlindUpdates extends ForwardingCasStore {
        BlindUpdates(CasStore delegate) {
            super(delegate);
        }

        @Override
        public String backend() {
            return NAME;
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            Optional<StoredObject> read = delegate.get(key);
            if (read.isEmpty()) {
                return new NotFound(key);
            }
            ObjectSpec next = mutation.apply(read.get());
            Thread.yield();
            PutOutcome outcome = delegate.put(next, WriteCondition.unconditional());
            return new Updated(((Written) outcome).object(), 1, 0);
        }
    }
}
