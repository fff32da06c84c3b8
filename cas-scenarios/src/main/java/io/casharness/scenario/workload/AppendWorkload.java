package io.casharness.scenario.workload;

import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;

/**
 * <b>append</b>: an event log or an audit trail per object. Each operation is an update-with-retry that appends a
 * unique token to the object's {@code tokens} list (80%), or a read (20%) that records every token it saw. A lost
 * update shows as an acknowledged token missing from the final state, and as two committed updates from one base
 * version.
 */
public final class AppendWorkload implements Workload {
    @Override
    public String name() {
        return "append";
    }

    @Override
    public String summary() {
        return "update-with-retry appends a unique token to a list; lost updates are missing tokens";
    }

    @Override
    public String kind() {
        return "append";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        Keys.create(setup, keys(topology, opsPerProcess), TokenList::fresh, token -> null);
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        return i -> {
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            if (w.random().nextInt(10) < 8) {
                String token = w.nextToken();
                w.update(key, TokenList.append(token), token, null);
            } else {
                w.read(key);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return TokenList.observe(object);
    }
}
