package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>delete-race</b>: objects that are torn down and re-created while other replicas still act on them (a session
 * ends and a new one reuses its id). Per operation, on a key chosen with the topology's skew:
 *
 * <ul>
 *   <li>15%: a <em>stale writer</em> writes with {@code MatchVersion(v)} where v is the version this process saw
 *       on its last read of the key — possibly before a delete and re-create. A correct store rejects it whenever
 *       the key changed since; a store whose versions restart after re-create accepts it (ABA).
 *   <li>otherwise read the key, then: re-create it ({@code MustCreate}) if absent; else a conditional delete
 *       ({@code MatchVersion} of the version read, 30%) or a conditional write (55%).
 * </ul>
 *
 * A delete that applies though the object moved on since its read erases an acknowledged write.
 */
public final class DeleteRaceWorkload implements Workload {
    @Override
    public String name() {
        return "delete-race";
    }

    @Override
    public String summary() {
        return "conditional deletes race updates; delete then re-create races stale writers (ABA)";
    }

    @Override
    public String kind() {
        return "delete-race";
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
        Map<ObjectKey, Long> lastSeen = new HashMap<>();
        return i -> {
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            int dice = w.random().nextInt(100);
            Long stale = lastSeen.get(key);
            if (dice < 15 && stale != null && stale > 0) {
                String token = w.nextToken();
                w.put(
                        ObjectSpec.of(key, Doc.ofValue(token, token).encode()),
                        WriteCondition.matchVersion(stale),
                        stale,
                        token,
                        token);
                return;
            }
            Worker.Read read = w.read(key);
            if (!read.completed()) {
                return;
            }
            long version = read.version();
            lastSeen.put(key, version);
            String token = w.nextToken();
            ObjectSpec spec = ObjectSpec.of(key, Doc.ofValue(token, token).encode());
            if (version == 0) {
                w.put(spec, WriteCondition.mustCreate(), 0, token, token);
            } else if (dice < 45) {
                w.delete(key, WriteCondition.matchVersion(version));
            } else {
                w.put(spec, WriteCondition.matchVersion(version), version, token, token);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Doc.decode(object.payload()).value());
    }
}
