package io.casharness.scenario.cli;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryBackend;
import java.util.Map;

/**
 * A backend the harness does not ship, standing in for a user's store in tests of the main job: the memory model
 * behind another name, promising only what the {@code CasStore} contract asks (versions rise per key), as most
 * users' stores do. Option {@code bug=lost-update} makes it ignore the version a write names, so a test can show
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
        return NAME + " (the memory model under another name" + (lostUpdate ? ", ignoring versions" : "") + ")";
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        CasStore replica = model.openReplica(options);
        return lostUpdate ? new IgnoresVersions(replica) : replica;
    }

    @Override
    public void reset() {
        model.reset();
    }

    @Override
    public void close() {
        model.close();
    }

    /** The bug {@code bug=lost-update} plants in the store itself: a match-version write that checks no version. */
    private static final class IgnoresVersions extends ForwardingCasStore {
        IgnoresVersions(CasStore delegate) {
            super(delegate);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            return delegate.put(
                    spec,
                    condition instanceof WriteCondition.MatchVersion ? WriteCondition.unconditional() : condition);
        }
    }
}
