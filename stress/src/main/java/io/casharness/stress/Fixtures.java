package io.casharness.stress;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Backoff;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryCasStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests share: one key, payloads that are short strings (often the version they are meant to carry), a
 * fixed clock (timestamps play no part in any claim and a fixed clock keeps each sample cheap), and the verdicts
 * several tests compute in their arbiters.
 *
 * <p>Not instantiable. Thread-safe: everything here is immutable or works only on its arguments.
 */
public final class Fixtures {
    /** The one key every test races on. */
    public static final ObjectKey KEY = ObjectKey.of("stress", "k");

    /** The kind of {@link #KEY}, for lists. */
    public static final String KIND = KEY.kind();

    /** The label that repeats the payload, so a read can be checked for a torn labels/payload pair. */
    public static final String LABEL = "v";

    /**
     * Retry at once, up to 10 attempts: with two writers an update conflicts at most once, and a zero backoff keeps
     * the race window as tight as the store allows.
     */
    public static final RetryPolicy RETRY_AT_ONCE = new RetryPolicy(10, Backoff.none(), false);

    private static final StoreOptions OPTIONS =
            StoreOptions.defaults().withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private Fixtures() {}

    /** A model over a fresh database of its own: versions start at 1 in every sample. */
    public static MemoryCasStore newModel() {
        return new MemoryCasStore(new MemoryCasStore.MemoryDatabase(), OPTIONS);
    }

    /** A spec for {@link #KEY} whose payload is {@code text} and whose label {@link #LABEL} repeats it. */
    public static ObjectSpec spec(String text) {
        return new ObjectSpec(KEY, null, Map.of(LABEL, text), text.getBytes(UTF_8));
    }

    /** The payload as text. */
    public static String text(StoredObject o) {
        return new String(o.payload(), UTF_8);
    }

    /** Creates {@link #KEY} with payload {@code text}; fails loudly if the store refuses (a broken fixture). */
    public static StoredObject seed(CasStore store, String text) {
        PutOutcome o = store.put(spec(text), WriteCondition.mustCreate());
        if (o instanceof Written w) {
            return w.object();
        }
        throw new IllegalStateException("seeding " + KEY + " failed: " + o);
    }

    /** 1 if the outcome is {@link Written}, else 0. */
    public static int won(Object outcome) {
        return outcome instanceof Written ? 1 : 0;
    }

    /**
     * For two {@code MatchVersion} writes from one base, payloads {@code "a1"} and {@code "a2"}: 1 or 2 if exactly that
     * actor won, the other got a {@link Conflict} naming the winner's version, and the store holds the winner's
     * payload at the winner's version; 0 otherwise.
     */
    public static int matchVersionWinner(CasStore store, PutOutcome o1, PutOutcome o2) {
        if (o1 instanceof Written w && o2 instanceof Conflict c && consistent(store, w, c, "a1")) {
            return 1;
        }
        if (o2 instanceof Written w && o1 instanceof Conflict c && consistent(store, w, c, "a2")) {
            return 2;
        }
        return 0;
    }

    private static boolean consistent(CasStore store, Written w, Conflict c, String payload) {
        return c.currentVersion().isPresent()
                && c.currentVersion().getAsLong() == w.version()
                && holds(store, w.version(), payload);
    }

    /**
     * For two {@code MustCreate} writes, payloads {@code "a1"} and {@code "a2"}: 1 or 2 if exactly that actor created
     * the object, the other got {@link AlreadyExists} on the key, and the store holds the winner's payload at the
     * winner's version; 0 otherwise.
     */
    public static int mustCreateWinner(CasStore store, PutOutcome o1, PutOutcome o2) {
        if (o1 instanceof Written w && lostCreate(o2) && holds(store, w.version(), "a1")) {
            return 1;
        }
        if (o2 instanceof Written w && lostCreate(o1) && holds(store, w.version(), "a2")) {
            return 2;
        }
        return 0;
    }

    private static boolean lostCreate(PutOutcome o) {
        return o instanceof AlreadyExists a && a.constraint() == AlreadyExists.Constraint.KEY;
    }

    /** Whether the store holds {@link #KEY} at {@code version} with {@code payload} (and the matching label). */
    public static boolean holds(CasStore store, long version, String payload) {
        Optional<StoredObject> o = store.get(KEY);
        return o.isPresent()
                && o.get().resourceVersion() == version
                && text(o.get()).equals(payload)
                && payload.equals(o.get().labels().get(LABEL));
    }

    /** The version a read returned; 0 if there was no object. */
    public static int versionOf(Optional<StoredObject> read) {
        return read.map(o -> (int) o.resourceVersion()).orElse(0);
    }

    /**
     * The number the payload of a read carries, if its label repeats it; -1 if payload and label disagree (torn
     * within the object); 0 if there was no object.
     */
    public static int payloadOf(Optional<StoredObject> read) {
        if (read.isEmpty()) {
            return 0;
        }
        String payload = text(read.get());
        return payload.equals(read.get().labels().get(LABEL)) ? Integer.parseInt(payload) : -1;
    }

    /** 1 if the outcome is {@link Deleted}, else 0. */
    public static int deleted(DeleteOutcome outcome) {
        return outcome instanceof Deleted ? 1 : 0;
    }

    /**
     * For a {@code MatchVersion} delete racing a {@code MatchVersion} update (payload {@code "a2"}) from one base: 0
     * if the delete won, the update's conflict said "absent" and the object is gone; 2 if the update won, the delete's
     * conflict named the update's version and the store holds the update; -1 otherwise.
     */
    public static int deleteVsUpdateState(CasStore store, DeleteOutcome deleted, PutOutcome updated) {
        if (deleted instanceof Deleted
                && updated instanceof Conflict c
                && c.isAbsent()
                && store.get(KEY).isEmpty()) {
            return 0;
        }
        if (updated instanceof Written w
                && deleted instanceof Conflict c
                && c.currentVersion().isPresent()
                && c.currentVersion().getAsLong() == w.version()
                && holds(store, w.version(), "a2")) {
            return 2;
        }
        return -1;
    }

    /**
     * A mutation that appends {@code token} to the payload (and keeps the label in step). On its first call it meets
     * the other actor: it counts itself in on {@code rendezvous} and spin-waits (bounded, never blocking) until the
     * other actor's mutation has been called too. Both updates have then read before either writes, the
     * "pause after read, before write" interleaving that forces the conflict and the retry. Without it the two
     * updates of a sample overlap in well under 1% of samples on a busy machine and the retry path is barely
     * exercised. If the other actor does not arrive within {@link #RENDEZVOUS_SPINS} spins the mutation goes on
     * alone, so a descheduled thread costs a sample's overlap, never a hang.
     */
    public static Mutation appendAfterRendezvous(String token, AtomicInteger rendezvous) {
        boolean[] met = {false};
        return current -> {
            if (!met[0]) {
                met[0] = true;
                rendezvous(rendezvous);
            }
            return spec(text(current) + token).withName(current.name());
        };
    }

    /**
     * Lines two actors up: counts this one in and spin-waits (bounded, never blocking) until the other has arrived
     * too. jcstress starts the actors of a sample together, but on a busy 2-core machine they drift apart by more
     * than the few hundred nanoseconds a race needs; meeting first makes the racy part overlap in many more
     * samples. If the other actor does not arrive within {@link #RENDEZVOUS_SPINS} spins this one goes on alone.
     */
    public static void rendezvous(AtomicInteger arrived) {
        arrived.incrementAndGet();
        for (int i = 0; i < RENDEZVOUS_SPINS && arrived.get() < 2; i++) {
            Thread.onSpinWait();
        }
    }

    /** The bound on a rendezvous wait: some tens of microseconds. */
    public static final int RENDEZVOUS_SPINS = 1 << 12;

    /** The version an update produced, or -1 if it did not end {@link Updated}. */
    public static int updatedVersion(UpdateOutcome outcome) {
        return outcome instanceof Updated u ? (int) u.object().resourceVersion() : -1;
    }

    /** The conflicts an update met, or 0 if it did not end {@link Updated}. */
    public static int conflicts(UpdateOutcome outcome) {
        return outcome instanceof Updated u ? u.conflicts() : 0;
    }

    /**
     * Whether both updates applied with distinct versions and the store holds, at the higher version, exactly their
     * tokens in version order (on top of an empty seed).
     */
    public static boolean bothTokensInVersionOrder(
            CasStore store, UpdateOutcome u1, String token1, UpdateOutcome u2, String token2) {
        if (!(u1 instanceof Updated a) || !(u2 instanceof Updated b)) {
            return false;
        }
        long v1 = a.object().resourceVersion();
        long v2 = b.object().resourceVersion();
        if (v1 == v2) {
            return false;
        }
        String expected = v1 < v2 ? token1 + token2 : token2 + token1;
        return holds(store, Math.max(v1, v2), expected);
    }
}
