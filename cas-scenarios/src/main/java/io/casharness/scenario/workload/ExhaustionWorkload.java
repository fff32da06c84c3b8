package io.casharness.scenario.workload;

import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.ObjectKey;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import java.util.List;

/**
 * <b>exhaustion</b>: a bounded retry that gives up, on purpose — a counter or an event log every replica appends
 * to, with a retry budget of {@value #MAX_ATTEMPTS} attempts (the seed bounds its merge retries the same way). Every
 * process updates one hot key (90%: an update-with-retry appending a unique token under {@code maxAttempts}
 * {@value #MAX_ATTEMPTS}) or reads it (10%), so updates run out of attempts in every run. The checks are of the
 * give-up path: an update answered {@code Exhausted} must have changed nothing (its token must never be read:
 * {@code false-failure}), and an update answered {@code Updated} must be in the key's chain (its version produced
 * by it alone, its token in the final state: {@code duplicate-version}, {@code lost-update}). A run in which no
 * update was exhausted proved nothing about that path, so its verdict is {@code UNKNOWN}, never {@code PASS}.
 * The topology's key count and skew do not apply: there is one key.
 */
public final class ExhaustionWorkload implements Workload {
    /** Attempts per update, counting the first: low, so that two conflicts in a row exhaust an update. */
    public static final int MAX_ATTEMPTS = 2;

    @Override
    public String name() {
        return "exhaustion";
    }

    @Override
    public String summary() {
        return "updates with maxAttempts " + MAX_ATTEMPTS + " on one hot key; an Exhausted update changed nothing";
    }

    @Override
    public String kind() {
        return "exhaustion";
    }

    @Override
    public List<ObjectKey> keys(Topology topology, long opsPerProcess) {
        return List.of(Keys.key(kind(), 0));
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        Keys.create(setup, keys(topology, opsPerProcess), TokenList::fresh, token -> null);
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        ObjectKey hot = Keys.key(kind(), 0);
        RetryPolicy retry = w.policy().withMaxAttempts(MAX_ATTEMPTS);
        return i -> {
            if (w.random().nextInt(10) < 9) {
                String token = w.nextToken();
                w.update(hot, TokenList.append(token), retry, token, null);
            } else {
                w.read(hot);
            }
        };
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return TokenList.observe(object);
    }
}
