package io.casharness.bench;

import io.casharness.store.RetryPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The regression gate's measurement: the store's update and the atomic update <em>at the same time</em>, one thread
 * each (a JMH group), each on its own database (its own SQLite file), one counter row each, so neither waits for the
 * other. JMH reports each method's rate per iteration, and both iterations cover the same second of the machine:
 * a build that starts on a shared machine slows both, and their ratio keeps what the store itself costs. Interleaved
 * forks (ContentionBench run in rounds) are seconds apart and swing ±20 % per fork on a loaded 2-core machine; two
 * sides of one window move together. There is no contention: this measures the store's per-update cost against the
 * single statement, which is where a code change to the update path shows first.
 *
 * <p>The trial ends with the suite's correctness check on both sides: every counted update is in its database, and
 * none failed, or the teardown throws (the run fails). The slowdown switch ({@link StoreStrategy#SLOWDOWN_NANOS})
 * acts on the store side only. Run by {@code bench/run.sh regress}; alone:
 * {@code java -jar bench/target/benchmarks.jar PairBench -f 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PairBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public void atomic(Pair p, Cpu cpu) {
        p.atomic.update(0, p.atomicWorker, System.nanoTime());
        long c = THREADS.getCurrentThreadCpuTime();
        if (cpu.last != 0) {
            cpu.atomicOps++;
            cpu.atomicCpuNanos += c - cpu.last;
        }
        cpu.last = c;
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public void store(Pair p, Cpu cpu) {
        p.store.update(0, p.storeWorker, System.nanoTime());
        long c = THREADS.getCurrentThreadCpuTime();
        if (cpu.last != 0) {
            cpu.storeOps++;
            cpu.storeCpuNanos += c - cpu.last;
        }
        cpu.last = c;
    }

    /**
     * CPU time per side: each call adds the CPU its thread spent since the previous call (the update, the JDBC
     * driver, SQLite's native code, and one clock read, the same on both sides). Rates from wall time move with
     * whatever else the machine runs, since a thread that waits for a core still counts time; the CPU a side spent
     * per update does not wait. JMH sums these per iteration (EVENTS), so each iteration gives both sides' updates
     * per CPU second.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public long atomicOps;
        public long atomicCpuNanos;
        public long storeOps;
        public long storeCpuNanos;
        long last;

        @Setup(Level.Iteration)
        public void reset() {
            atomicOps = 0;
            atomicCpuNanos = 0;
            storeOps = 0;
            storeCpuNanos = 0;
            last = 0;
        }
    }

    /** Both sides: databases, strategies, and one worker each (each side has exactly one thread). */
    @State(Scope.Group)
    public static class Pair {
        /** {@code sqlite} (the gate's backend) or {@code postgres}. */
        @Param({"sqlite"})
        public String backend;

        /** The store's shape ({@code store}, {@code store-plain}): the numerator. */
        @Param({"store"})
        public String strategy;

        /** The store's retry backoff (no conflicts occur: kept as the targets' setting). */
        @Param({"adaptive"})
        public String backoff;

        Strategy atomic;
        Strategy store;
        final Worker atomicWorker = new Worker();
        final Worker storeWorker = new Worker();
        private BenchDatabase atomicDb;
        private BenchDatabase storeDb;
        private StoreTarget target;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            RetryPolicy policy = new RetryPolicy(10, ContentionBench.backoff(backoff), true);
            atomicDb = BenchDatabase.open(backend);
            DataSource atomicAdmin = atomicDb.newPool("pair-atomic-admin", 1);
            atomicDb.resetCounters(atomicAdmin, 1);
            atomic =
                    Strategy.create("atomic", atomicDb.dialect(), atomicDb, atomicDb.newPool("pair-atomic", 1), policy);
            storeDb = BenchDatabase.open(backend);
            target = StoreTarget.open(storeDb, strategy, 1);
            store = new StoreStrategy(target.replicas(), policy, 1);
            target.settle(storeDb.newPool("pair-store-admin", 1), storeDb);
            System.out.println("# pair " + strategy + "/" + backoff + " vs atomic on " + storeDb.describe()
                    + ", slowdown " + StoreStrategy.SLOWDOWN_NANOS + " ns, classpath "
                    + System.getProperty("java.class.path"));
        }

        @TearDown(Level.Trial)
        public void verify() throws SQLException {
            try {
                check("atomic", atomicWorker, atomic.applied());
                check(strategy, storeWorker, store.applied());
            } finally {
                try {
                    atomic.close();
                    store.close();
                    target.close();
                } finally {
                    atomicDb.close();
                    storeDb.close();
                }
            }
        }

        private static void check(String side, Worker w, long applied) {
            String summary = side + ": " + w.successesTotal() + " successes, " + applied + " applied, "
                    + w.giveUpsTotal() + " give-ups, errors " + w.errorLabels();
            System.out.println("# " + summary);
            if (applied != w.successesTotal()
                    || w.giveUpsTotal() > 0
                    || !w.errorLabels().isEmpty()) {
                throw new IllegalStateException("BROKEN pair side " + summary);
            }
        }
    }
}
