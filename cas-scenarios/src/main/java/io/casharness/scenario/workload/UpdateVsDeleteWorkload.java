package io.casharness.scenario.workload;

import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;

/**
 * <b>update-vs-delete</b>: objects that one replica updates while another tears them down and a third brings them
 * back — a sandbox whose status is being written while its session ends and a new session reuses its id. Per
 * operation, on a key chosen with the topology's skew:
 *
 * <ul>
 *   <li>50%: an update-with-retry that appends a unique token to the object's {@code tokens} list; it may meet the
 *       object deleted ({@code NotFound}) or deleted and re-created between its read and its write;
 *   <li>25%: read the key, then delete it with {@code MatchVersion(version read)} if present, or re-create it
 *       ({@code MustCreate}) if absent;
 *   <li>15%: read the key and re-create it if absent;
 *   <li>10%: a read.
 * </ul>
 *
 * A re-created object starts a new list with its own token, so every incarnation accumulates its own tokens. An
 * update that took effect on a deleted incarnation (its retry re-created the object from the copy it had) is a
 * match-version write on a version of a dead incarnation ({@code aba}); an update answered {@code NotFound} although
 * the key existed throughout is a {@code false-failure}; an acknowledged token missing from its incarnation is a
 * {@code lost-update}.
 */
public final class UpdateVsDeleteWorkload implements Workload {
    @Override
    public String name() {
        return "update-vs-delete";
    }

    @Override
    public String summary() {
        return "update-with-retry races conditional deletes and re-creates of the same keys";
    }

    @Override
    public String kind() {
        return "update-vs-delete";
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
            int dice = w.random().nextInt(100);
            if (dice < 50) {
                String token = w.nextToken();
                w.update(key, TokenList.append(token), token, null);
                return;
            }
            Worker.Read read = w.read(key);
            if (!read.completed() || dice >= 90) {
                return;
            }
            if (read.object().isEmpty()) {
                String token = w.nextToken();
                w.put(TokenList.fresh(key, token), WriteCondition.mustCreate(), 0, token, null);
            } else if (dice < 75) {
                w.delete(key, WriteCondition.matchVersion(read.version()));
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return TokenList.observe(object);
    }
}
