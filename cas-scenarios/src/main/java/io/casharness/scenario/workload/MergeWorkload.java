package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;

/**
 * <b>merge</b>: a shared configuration or credentials object that several services each maintain their own part
 * of. Every writer merges a unique token into its own field ({@code fields.p<process>}) of the object's map with an
 * update-with-retry (85%), leaving the other fields as it read them; reads (15%) record every token seen. A writer
 * that writes back a stale map erases another writer's field: a lost update, visible as missing tokens.
 */
public final class MergeWorkload implements Workload {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "writers merge their own field into a shared map; a lost field is a lost update";
    }

    @Override
    public String kind() {
        return "merge";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        Keys.create(
                setup,
                keys(topology, opsPerProcess),
                (key, token) ->
                        ObjectSpec.of(key, Doc.EMPTY.merge("setup", token).encode()),
                token -> null);
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        String field = "p" + w.process();
        return i -> {
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            if (w.random().nextInt(100) < 85) {
                String token = w.nextToken();
                w.update(
                        key,
                        current -> current.spec()
                                .withPayload(Doc.decode(current.payload())
                                        .merge(field, token)
                                        .encode()),
                        token,
                        null);
            } else {
                w.read(key);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(Doc.decode(object.payload()).allTokens(), null);
    }
}
