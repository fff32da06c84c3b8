package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.List;

/**
 * <b>register</b>: a status field or a leader record that readers poll and writers replace. 40% of operations are
 * plain reads; 60% read the object and then write a unique value with {@code MatchVersion(version read)} — no
 * retry: a conflict is the expected answer when another writer was faster. Each read records the version and value
 * seen, each write its base ({@code readVersion}), {@code expectedVersion} and {@code writtenVersion}; stale reads
 * and lost writes show in the version chain.
 */
public final class RegisterWorkload implements Workload {
    @Override
    public String name() {
        return "register";
    }

    @Override
    public String summary() {
        return "reads mixed with match-version writes of unique values; exposes stale reads and blind writes";
    }

    @Override
    public String kind() {
        return "register";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        Keys.create(
                setup,
                keys(topology, opsPerProcess),
                (key, token) -> ObjectSpec.of(key, Doc.ofValue(token, token).encode()),
                token -> token);
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        return i -> {
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            boolean write = w.random().nextInt(10) < 6;
            Worker.Read read = w.read(key);
            if (!write || !read.completed()) {
                return;
            }
            String token = w.nextToken();
            ObjectSpec spec = ObjectSpec.of(key, Doc.ofValue(token, token).encode());
            if (read.object().isEmpty()) {
                w.put(spec, WriteCondition.mustCreate(), 0, token, token);
            } else {
                w.put(spec, WriteCondition.matchVersion(read.version()), read.version(), token, token);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Doc.decode(object.payload()).value());
    }
}
