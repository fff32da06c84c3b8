package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.List;
import java.util.Map;

/**
 * <b>names</b>: names unique per kind, as the gateway's objects are looked up by name: {@value #NAMES} names shared
 * by the topology's keys, so creates of <em>different keys with one name</em> race, renames land on taken names,
 * and reads by name run during renames and deletes. Setup creates the first {@value #NAMES} keys holding
 * {@code n0 .. n3}. Per operation, on a key and a name chosen uniformly:
 *
 * <ul>
 *   <li>30%: {@code MustCreate} of the key with the name (refused if the key or the name is taken);
 *   <li>25%: read the key, then rename it onto the name with {@code MatchVersion} (refused if another key holds it);
 *   <li>15%: read the key, then delete it with {@code MatchVersion};
 *   <li>30%: read the name ({@code getByName}).
 * </ul>
 *
 * Two keys holding one name at once, and a read by name that disagrees with the key holding it, are what break
 * visibly (the checker's {@code duplicate-name} and {@code name-read-mismatch} rules).
 */
public final class NamesWorkload implements Workload {
    /** The names the keys share. */
    public static final int NAMES = 4;

    @Override
    public String name() {
        return "names";
    }

    @Override
    public String summary() {
        return "different keys MustCreate one name, renames onto taken names, reads by name during renames";
    }

    @Override
    public String kind() {
        return "names";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        List<ObjectKey> keys = keys(topology, opsPerProcess);
        Keys.create(
                setup,
                keys.subList(0, Math.min(NAMES, keys.size())),
                (key, token) -> spec(key, "n" + key.id().substring(1), token),
                token -> token);
    }

    private static ObjectSpec spec(ObjectKey key, String name, String token) {
        return new ObjectSpec(key, name, Map.of(), Doc.ofValue(token, token).encode());
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        return i -> {
            int dice = w.random().nextInt(100);
            ObjectKey key = Keys.key(kind(), w.random().nextInt(topology.keys()));
            String name = "n" + w.random().nextInt(NAMES);
            if (dice < 30) {
                String token = w.nextToken();
                w.put(spec(key, name, token), WriteCondition.mustCreate(), 0, token, token);
                return;
            }
            if (dice >= 70) {
                w.getByName(kind(), name);
                return;
            }
            Worker.Read read = w.read(key);
            if (!read.completed() || read.object().isEmpty()) {
                return;
            }
            long v = read.version();
            if (dice < 55) {
                String token = w.nextToken();
                w.put(spec(key, name, token), WriteCondition.matchVersion(v), v, token, token);
            } else {
                w.delete(key, WriteCondition.matchVersion(v));
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Doc.decode(object.payload()).value());
    }
}
