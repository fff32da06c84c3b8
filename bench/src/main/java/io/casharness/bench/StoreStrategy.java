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
     * The units of {@link #spin} that take {@code nanos} of this thread's CPU time: samples of 200,000 units for 300 ms
     * of CPU, and the median of the last ten, by when the JIT's optimising compiler has compiled the loop. Timed too
     * early the loop runs at the first tier's speed: measured in the forks of one series, a unit cost 1.1 ns there
     * when compiled and 1.7-2.7 ns when the calibration ran before that, which asked for up to 2.4 times too few
     * units and realised slowdowns of 4-10 % instead of 10 %.
     */
    static long calibrate(long nanos) {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long probe = 200_000;
        double[] last = new double[10];
        int taken = 0;
        long begin = t.getCurrentThreadCpuTime();
        long now = begin;
        while (now - begin < 300_000_000L || taken < last.length) {
            spin(probe);
            long after = t.getCurrentThreadCpuTime();
            if (after > now) {
                last[taken++ % last.length] = (double) (after - now) / probe;
            }
            now = after;
        }
        double[] sorted = last.clone();
        java.util.Arrays.sort(sorted);
        double perUnit = (sorted[4] + sorted[5]) / 2;
        long units = Math.max(1, Math.round(nanos / perUnit));
        System.out.printf(
                java.util.Locale.ROOT,
                "# slowdown: %d ns = %d work units (%.3f ns each, after %d samples)%n",
                nanos,
                units,
                perUnit,
                taken);
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
