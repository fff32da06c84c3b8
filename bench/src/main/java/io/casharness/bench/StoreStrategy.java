package io.casharness.bench;

import io.casharness.store.CasStore;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The thing measured: {@link CasStore#update} (read, mutate, {@code MatchVersion} write, retried per the policy)
 * on the replicas of a {@link StoreTarget}: thread {@code i} uses replica {@code i mod replicas}. The object's payload
 * is an 8-byte counter the mutation increments.
 */
final class StoreStrategy extends Strategy {
    static final String KIND = "benchcounter";

    /** The system property of the slowdown switch, in nanoseconds per store update. */
    static final String SLOWDOWN_PROPERTY = "cas.bench.slowdown.nanos";

    /**
     * The slowdown switch: {@code -Dcas.bench.slowdown.nanos=N} does N ns of CPU work before every store update, an
     * artificial regression of a known size for measuring the regression gate (bench/gate-power.sh). Read once;
     * {@code static final}, so with the default 0 the JIT folds the branch away and the hot path costs nothing.
     */
    static final long SLOWDOWN_NANOS = Long.getLong(SLOWDOWN_PROPERTY, 0);

    /** Work units (one step of an LCG each) that take {@link #SLOWDOWN_NANOS} of CPU here, measured at class load. */
    private static final long SLOWDOWN_UNITS = SLOWDOWN_NANOS > 0 ? calibrate(SLOWDOWN_NANOS) : 0;

    private static volatile long sink;

    private final List<? extends CasStore> replicas;
    private final CasStore store;
    private final RetryPolicy policy;
    private final ObjectKey[] keys;
    private final Mutation increment = StoreStrategy::increment;

    StoreStrategy(List<? extends CasStore> replicas, RetryPolicy policy, int keyCount) {
        this.replicas = List.copyOf(replicas);
        this.store = replicas.get(0);
        this.policy = policy;
        this.keys = new ObjectKey[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = ObjectKey.of(KIND, "k" + k);
            store.put(ObjectSpec.of(keys[k], encode(0)), WriteCondition.mustCreate());
        }
    }

    @Override
    void update(int key, Worker w, long startNanos) {
        if (SLOWDOWN_NANOS > 0) {
            spin(SLOWDOWN_UNITS);
        }
        UpdateOutcome outcome;
        try {
            outcome = replicas.get(w.index() % replicas.size()).update(keys[key], increment, policy);
        } catch (StoreAccessException e) {
            w.error(
                    e.sqlState() != null ? "sqlstate:" + e.sqlState() : "code:" + e.errorClass() + "/" + e.vendorCode(),
                    1,
                    e.outcomeUnknown());
            return;
        }
        if (outcome instanceof Updated u) {
            w.success(u.attempts(), u.conflicts(), System.nanoTime() - startNanos);
        } else if (outcome instanceof Exhausted x) {
            w.giveUp(x.attempts(), x.conflicts().size(), System.nanoTime() - startNanos);
        } else {
            w.error("outcome:" + outcome.getClass().getSimpleName(), 1, false);
        }
    }

    /**
     * Does {@code units} steps of CPU work that the JIT cannot fold away (a linear congruential generator). Work, not a
     * clock: a wall-clock spin is preempted on a loaded machine and costs less CPU there, and a spin on the thread's
     * CPU clock overshoots by the clock's own cost (about 0.6 µs a read here).
     */
    static void spin(long units) {
        long x = sink;
        for (long i = 0; i < units; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    /**
     * The units of {@link #spin} that take {@code nanos} of this thread's CPU time: the median of ten samples taken
     * after twenty that let the JIT compile the loop. The fastest of five samples right after class load (the first
     * version) under-shot by about a tenth: the loop was not yet at its compiled speed while it was being timed, so
     * fewer units were asked for than the compiled loop needs for {@code nanos}.
     */
    static long calibrate(long nanos) {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long probe = 1_000_000;
        double[] samples = new double[10];
        int taken = 0;
        for (int i = 0; i < 30; i++) {
            long c = t.getCurrentThreadCpuTime();
            spin(probe);
            long spent = t.getCurrentThreadCpuTime() - c;
            if (i >= 20) {
                samples[taken++] = spent > 0 ? (double) spent / probe : Double.NaN;
            }
        }
        double perUnit = java.util.Arrays.stream(samples, 0, taken)
                .filter(Double::isFinite)
                .sorted()
                .skip(taken / 2)
                .findFirst()
                .orElse(1.0);
        long units = Math.max(1, Math.round(nanos / perUnit));
        System.out.printf(
                java.util.Locale.ROOT, "# slowdown: %d ns = %d work units (%.3f ns each)%n", nanos, units, perUnit);
        return units;
    }

    @Override
    long applied() {
        long sum = 0;
        List<String> missing = new ArrayList<>();
        for (ObjectKey key : keys) {
            Optional<StoredObject> o = store.get(key);
            if (o.isPresent()) {
                sum += decode(o.get().payload());
            } else {
                missing.add(key.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("counter objects vanished: " + missing);
        }
        return sum;
    }

    @Override
    public void close() {
        replicas.forEach(CasStore::close);
    }

    private static ObjectSpec increment(StoredObject current) {
        return current.spec().withPayload(encode(decode(current.payload()) + 1));
    }

    static byte[] encode(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static long decode(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }
}
