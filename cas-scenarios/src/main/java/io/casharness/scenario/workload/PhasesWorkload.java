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
import java.util.Map;

/**
 * <b>phases</b>: replicas of a controller driving objects through a lifecycle, as Kubernetes controllers drive a
 * resource's {@code status.phase}: {@code provisioning -> ready -> deleting -> deleted}, after which the object is
 * removed (conditional delete) and may be created again, as {@code provisioning}. Each operation reads the object
 * (20% stop there) and advances it one step with {@code MatchVersion(version read)}; the payload's {@code value}
 * is the phase, recorded as the op's {@code value}. A write from a stale read moves an object backwards (an
 * illegal transition, a regression).
 */
public final class PhasesWorkload implements Workload {
    /** The lifecycle, in order. */
    public static final List<String> PHASES = List.of("provisioning", "ready", "deleting", "deleted");

    /** Allowed transitions: each phase to the next; {@code deleted} ends with the object's removal. */
    public static final Map<String, String> NEXT =
            Map.of("provisioning", "ready", "ready", "deleting", "deleting", "deleted");

    @Override
    public String name() {
        return "phases";
    }

    @Override
    public String summary() {
        return "replicas drive objects provisioning -> ready -> deleting -> deleted; a regression is an anomaly";
    }

    @Override
    public String kind() {
        return "phases";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        Keys.create(
                setup,
                keys(topology, opsPerProcess),
                (key, token) -> spec(key, "provisioning", token),
                token -> "provisioning");
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        return i -> {
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            boolean advance = w.random().nextInt(10) < 8;
            Worker.Read read = w.read(key);
            if (!advance || !read.completed()) {
                return;
            }
            String token = w.nextToken();
            if (read.object().isEmpty()) {
                w.put(spec(key, "provisioning", token), WriteCondition.mustCreate(), 0, token, "provisioning");
                return;
            }
            long version = read.version();
            String phase = Doc.decode(read.object().get().payload()).value();
            String next = NEXT.get(phase);
            if (next == null) {
                w.delete(key, WriteCondition.matchVersion(version));
            } else {
                w.put(spec(key, next, token), WriteCondition.matchVersion(version), version, token, next);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Doc.decode(object.payload()).value());
    }

    private static ObjectSpec spec(ObjectKey key, String phase, String token) {
        return ObjectSpec.of(key, Doc.ofValue(phase, token).encode());
    }
}
