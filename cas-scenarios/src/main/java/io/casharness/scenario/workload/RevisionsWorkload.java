package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.AlreadyExists;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * <b>revisions</b>: policy revisions appended per scope under a unique (scope, revision) constraint, as a gateway
 * inserts a policy's revision {@code latest + 1} under a unique index and retries a bounded number of times when
 * another replica took the number first. One object per revision, on a key derived from both
 * ({@code revisions/<scope>.r<revision>}, label {@code scope}), created with {@code MustCreate}, so the key is the
 * constraint. A process keeps the latest revision it knows per scope and finds the current latest by reading the
 * next revision's key until one is absent.
 *
 * <p>Each operation picks a scope; 80% append: find the latest, {@code MustCreate} revision {@code latest + 1}, and on
 * {@code AlreadyExists} find the latest again and retry, at most {@value #MAX_ATTEMPTS} attempts in all (then the
 * append gives up); 20% only read the latest. Each create records its scope in {@code Op.value}, its revision in
 * {@code Op.revision} and its attempt in {@code Op.attempts}. Setup creates revision 1 of every scope. A scope holds
 * at most {@link #maxRevision} revisions (then appends there stop), so the final reads are bounded.
 */
public final class RevisionsWorkload implements Workload {
    /** Attempts of one append on the constraint, the first included: the seed's bound. */
    public static final int MAX_ATTEMPTS = 5;

    @Override
    public String name() {
        return "revisions";
    }

    @Override
    public String summary() {
        return "replicas append revision latest+1 per scope under a unique (scope, revision) key, retrying at most "
                + MAX_ATTEMPTS + " times; a lost or missing revision is an anomaly";
    }

    @Override
    public String kind() {
        return "revisions";
    }

    /**
     * The most revisions a scope holds: an even share of every worker operation, at least 4 (a hot scope fills up,
     * and the appends move to the others: the final reads stay at one per operation of the budget).
     */
    static int maxRevision(Topology topology, long opsPerProcess) {
        long share = opsPerProcess * topology.processes() / topology.keys();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(4, share));
    }

    @Override
    public List<ObjectKey> keys(Topology topology, long opsPerProcess) {
        int max = maxRevision(topology, opsPerProcess);
        List<ObjectKey> keys = new ArrayList<>(topology.keys() * max);
        for (int scope = 0; scope < topology.keys(); scope++) {
            for (int r = 1; r <= max; r++) {
                keys.add(key(scope, r));
            }
        }
        return keys;
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        for (int scope = 0; scope < topology.keys(); scope++) {
            String token = setup.nextToken();
            setup.put(spec(scope, 1, token), WriteCondition.mustCreate(), 0, token, scope(scope), 1, 1);
        }
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        int max = maxRevision(topology, opsPerProcess);
        long[] latest = new long[topology.keys()];
        return i -> {
            int scope = chooser.next(w.random());
            if (w.random().nextInt(10) < 2) {
                findLatest(w, scope, latest, max);
                return;
            }
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                if (!findLatest(w, scope, latest, max) || latest[scope] >= max) {
                    return;
                }
                long next = latest[scope] + 1;
                String token = w.nextToken();
                PutOutcome out = w.put(
                        spec(scope, next, token), WriteCondition.mustCreate(), 0, token, scope(scope), next, attempt);
                if (out instanceof Written) {
                    latest[scope] = next;
                    return;
                }
                if (!(out instanceof AlreadyExists)) {
                    return; // an error ends the append; the next read tells whether it took effect
                }
            }
        };
    }

    /**
     * Reads the revisions after the latest known until one is absent: the scope's latest. False if a read failed.
     */
    private boolean findLatest(Worker w, int scope, long[] latest, int max) {
        while (latest[scope] < max) {
            Worker.Read read = w.read(key(scope, latest[scope] + 1));
            if (!read.completed()) {
                return false;
            }
            if (read.object().isEmpty()) {
                return true;
            }
            latest[scope]++;
        }
        return true;
    }

    @Override
    public CheckerNeeds needs() {
        return CheckerNeeds.revisionsOfAScope();
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        Doc doc = Doc.decode(object.payload());
        return new Worker.Observation(doc.tokens(), doc.value());
    }

    private static String scope(int scope) {
        return "s" + scope;
    }

    private ObjectKey key(int scope, long revision) {
        return ObjectKey.of(kind(), scope(scope) + ".r" + revision);
    }

    private ObjectSpec spec(int scope, long revision, String token) {
        return new ObjectSpec(
                key(scope, revision),
                null,
                Map.of("scope", scope(scope)),
                new Doc(scope(scope), token, List.of(token), Map.of()).encode());
    }
}
