package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.AlreadyExists;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * <b>create-race</b>: every replica of a controller reacting to the same event and trying to create the same
 * object ("ensure the sandbox for this session exists"). Operation {@code i} of every process is
 * {@code MustCreate(create-race/c<i>, name n<i>)} with the process's own token, so all processes race for the same
 * keys and names in the same order; exactly one may win each. A loser reads the key half of the time (recording the
 * winner's token). Two acknowledged creates of one key (or of one name) is a double create. The processes run in
 * {@linkplain #lockstep() lockstep}: keys are per operation number, so a process that ran ahead would be alone on
 * every key and nothing would race.
 */
public final class CreateRaceWorkload implements Workload {
    @Override
    public String name() {
        return "create-race";
    }

    @Override
    public String summary() {
        return "many replicas MustCreate the same keys and names; exactly one winner each";
    }

    @Override
    public String kind() {
        return "create-race";
    }

    @Override
    public boolean lockstep() {
        return true;
    }

    @Override
    public List<ObjectKey> keys(Topology topology, long opsPerProcess) {
        int n = (int) Math.min(opsPerProcess, Topology.MAX_KEYS);
        List<ObjectKey> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(ObjectKey.of(kind(), "c" + i));
        }
        return keys;
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        // nothing exists before the race
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        return i -> {
            ObjectKey key = ObjectKey.of(kind(), "c" + i);
            String token = w.nextToken();
            Doc doc = new Doc(token, token, List.of(token), Map.of());
            PutOutcome outcome = w.put(
                    new ObjectSpec(key, "n" + i, Map.of(), doc.encode()), WriteCondition.mustCreate(), 0, token, token);
            if (outcome instanceof AlreadyExists && w.random().nextBoolean()) {
                w.read(key);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        Doc doc = Doc.decode(object.payload());
        return new Worker.Observation(doc.tokens(), doc.value());
    }
}
