package io.casharness.scenario.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.scenario.check.TransitionRules;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * <b>reconciler</b>: a status object per sandbox, kept by several replicas from a stream of watch events, as a
 * gateway's driver watch keeps its sandboxes' status rows. Every replica watches the same stream (the same events
 * in the same order, {@value #EVENTS_PER_LIFE} per life of a sandbox, two per phase of
 * {@link TransitionRules#PHASES}); operation {@code i} of every process is event {@code i}, which a process skips one
 * time in four (its watch coalesced it). A status holds the phase and the position of the event it reflects.
 *
 * <ul>
 *   <li>An event is written with {@code MatchVersion} of the status the process last saw (its cache: its last read
 *       or write), and only if that status reflects an earlier event of the same life. On a conflict the process
 *       reads the status again and decides again, at most {@value #MAX_ATTEMPTS} attempts.
 *   <li>The first event of a new life of a sandbox (the driver re-created it) is a <em>bootstrap upsert</em>: one
 *       replica (the sandbox's number modulo the processes) writes the new life's first status
 *       {@code Unconditional}, based on no read. Event writes never begin a life, so nothing of the new life can
 *       precede its bootstrap.
 * </ul>
 *
 * The history records each write's event position in {@code Op.revision} and its phase in {@code Op.value}. A
 * write whose position falls along the versions lost an event's effect; one whose phase moves back regressed; and
 * a bootstrap upsert whose version does not rise above the old life's is a version regression that would let a
 * replica still holding the old version write over the new life.
 */
public final class ReconcilerWorkload implements Workload {
    /** Events in one life of a sandbox: two per phase. */
    public static final int EVENTS_PER_LIFE = 2 * TransitionRules.PHASES.size();

    /** Attempts of one event's write, the first included. */
    public static final int MAX_ATTEMPTS = 3;

    /** The driver's stream is the same in every run: which sandbox each event is about. */
    private static final long STREAM_SEED = 0x5EED_0F_3A7C4L;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The stored status: the phase, the position of the event it reflects, the token of its write. */
    record Status(String phase, long event, String writer) {
        static Status decode(byte[] payload) {
            try {
                return JSON.readValue(payload, Status.class);
            } catch (IOException e) {
                throw new UncheckedIOException("payload is not a status: " + new String(payload), e);
            }
        }

        byte[] encode() {
            try {
                return JSON.writeValueAsBytes(this);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One watch event: the sandbox, its position in the sandbox's stream (1, 2, ...) and the phase it reports. */
    record Event(int sandbox, long position) {
        /** The event's place in its life: 0 is the bootstrap. */
        int inLife() {
            return (int) ((position - 1) % EVENTS_PER_LIFE);
        }

        long life() {
            return (position - 1) / EVENTS_PER_LIFE;
        }

        String phase() {
            return TransitionRules.PHASES.get(inLife() / 2);
        }
    }

    @Override
    public String name() {
        return "reconciler";
    }

    @Override
    public String summary() {
        return "replicas write watch events into sandbox statuses with the version they last saw, plus bootstrap"
                + " upserts; a lost event or a phase moving back is an anomaly";
    }

    @Override
    public String kind() {
        return "reconciler";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        List<ObjectKey> keys = keys(topology, opsPerProcess);
        for (int sandbox = 0; sandbox < keys.size(); sandbox++) {
            ObjectKey key = keys.get(sandbox);
            Event first = new Event(sandbox, 1);
            String token = setup.nextToken();
            setup.put(spec(key, first, token), WriteCondition.mustCreate(), 0, token, first.phase(), 1, 1);
        }
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        SplittableRandom stream = new SplittableRandom(STREAM_SEED);
        long[] positions = new long[topology.keys()];
        Arrays.fill(positions, 1); // setup wrote each sandbox's first event
        StoredObject[] seen = new StoredObject[topology.keys()];
        int processes = topology.processes();
        return i -> {
            int sandbox = chooser.next(stream);
            Event event = new Event(sandbox, ++positions[sandbox]);
            ObjectKey key = Keys.key(kind(), sandbox);
            if (event.inLife() == 0) {
                if (sandbox % processes == w.process()) {
                    String token = w.nextToken();
                    PutOutcome out = w.put(
                            spec(key, event, token),
                            WriteCondition.unconditional(),
                            0,
                            token,
                            event.phase(),
                            event.position(),
                            1);
                    seen[sandbox] = out instanceof Written written ? written.object() : null;
                }
                return;
            }
            if (w.random().nextInt(4) == 0) {
                return;
            }
            seen[sandbox] = apply(w, key, event, seen[sandbox]);
        };
    }

    /** Writes {@code event} onto the status, from {@code cached} if known; returns the status last seen, or null. */
    private static StoredObject apply(Worker w, ObjectKey key, Event event, StoredObject cached) {
        boolean stale = cached == null || lifeOf(cached, event) < event.life(); // the bootstrap may have landed
        StoredObject current = stale ? reread(w, key) : cached;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && current != null; attempt++) {
            long held = Status.decode(current.payload()).event();
            if (held >= event.position() || lifeOf(current, event) != event.life()) {
                return current; // reflects this event or a later one, or the new life is not bootstrapped yet
            }
            String token = w.nextToken();
            long version = current.resourceVersion();
            PutOutcome out = w.put(
                    spec(key, event, token),
                    WriteCondition.matchVersion(version),
                    version,
                    token,
                    event.phase(),
                    event.position(),
                    attempt);
            if (out instanceof Written written) {
                return written.object();
            }
            if (!(out instanceof Conflict)) {
                return null;
            }
            current = reread(w, key);
        }
        return current;
    }

    private static long lifeOf(StoredObject status, Event event) {
        return new Event(event.sandbox(), Status.decode(status.payload()).event()).life();
    }

    private static StoredObject reread(Worker w, ObjectKey key) {
        Worker.Read read = w.read(key);
        return read.object().orElse(null);
    }

    @Override
    public CheckerNeeds needs() {
        return CheckerNeeds.statusesIn(TransitionRules.phases());
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Status.decode(object.payload()).phase());
    }

    private static ObjectSpec spec(ObjectKey key, Event event, String token) {
        return ObjectSpec.of(key, new Status(event.phase(), event.position(), token).encode());
    }
}
