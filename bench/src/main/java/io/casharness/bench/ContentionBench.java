package io.casharness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.casharness.reports.jmh.CellName;
import io.casharness.store.AdaptiveBackoff;
import io.casharness.store.Backoff;
import io.casharness.store.ExponentialBackoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Update-with-retry under contention, beside the baselines a user would pick instead, on SQLite and PostgreSQL.
 *
 * <p>One call of {@link #update} is one logical increment of one counter row, chosen by {@code keys}. The primary
 * JMH score counts calls (give-ups included); read the {@code goodput} secondary result (from {@link Worker}) for
 * updates that took effect. Threads come from {@code -t} (the pool has one connection per thread). Each cell
 * (a fork) starts from fresh rows in a fresh SQLite file or a re-created, vacuumed PostgreSQL table, and ends with a
 * correctness check: the counters must sum to the number of successes, or the cell is BROKEN and its teardown
 * throws. Latency percentiles and errors by code go to a JSON sidecar per cell in {@code -Dcas.bench.cells}
 * (default {@code target/jmh/cells}). See docs/benchmarks.md.
 *
 * <p>Run with {@code -si false} (no synchronised iterations; {@link BenchMain} does): with synchronisation JMH
 * keeps every thread calling the benchmark before and after the timed window while it waits for the slowest
 * thread, and those calls land in the {@code @AuxCounters} but not in the time they are divided by, inflating
 * goodput (observed: goodput 6x the call rate when one thread was held up by the trial setup).
 *
 * <p>Run the profiles with {@link BenchMain} ({@code bench/run.sh smoke|full|targets}); this class runs alone too:
 * {@code java -jar bench/target/benchmarks.jar ContentionBench -si false -p backend=sqlite -p strategy=atomic,store -t 8}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(4)
public class ContentionBench {

    @Benchmark
    public void update(Cell cell, Worker worker) {
        long start = System.nanoTime();
        cell.impl.update(cell.chooser.next(worker.random()), worker, start);
    }

    /** One cell of the matrix: the database, the rows, the strategy, and the check at the end. */
    @State(Scope.Benchmark)
    public static class Cell {
        /** {@code sqlite} or {@code postgres}. */
        @Param({"postgres", "sqlite"})
        public String backend;

        /**
         * {@code store} (the thing measured: one replica, threads share it), {@code store-plain} (the same, cache and
         * turns off: a read and a race per update), {@code store-replicas} (one replica per thread), {@code atomic}, {@code cas}
         * (plain JDBC CAS loop), {@code lock}
         * (FOR UPDATE / BEGIN IMMEDIATE), {@code txn} (REPEATABLE READ / deferred BEGIN, retried), {@code blind}
         * (negative control: loses updates).
         */
        @Param({"store", "store-plain", "store-replicas", "atomic", "cas", "lock", "txn"})
        public String strategy;

        /** Hot set: {@code 1}, {@code 16}, {@code 1024} keys uniformly, or {@code zipf1024}. */
        @Param({"1"})
        public String keys;

        /** Retry backoff for store, cas, txn: {@code none}, {@code exp}, {@code jitter}, {@code adaptive}. */
        @Param({"adaptive"})
        public String backoff;

        /** Attempts per update, counting the first. */
        @Param({"10"})
        public int maxAttempts;

        @Param({"42"})
        public long seed;

        KeyChooser chooser;
        Strategy impl;
        private AlternatingBench.Side side;
        private int threads;
        private final List<Worker> workers = new CopyOnWriteArrayList<>();

        long seed() {
            return seed;
        }

        void register(Worker w) {
            workers.add(w);
        }

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws SQLException {
            threads = params.getThreads();
            side = AlternatingBench.Side.open(backend, strategy, backoff, maxAttempts, keys, threads, "bench");
            chooser = side.chooser;
            impl = side.impl;
            System.out.println("# cell " + cellName() + " on " + side.describe() + ", pool " + threads);
        }

        @TearDown(Level.Trial)
        public void verify() throws SQLException {
            try {
                CellReport report = report();
                write(report);
                System.out.println("# " + report.verdict() + " " + cellName() + ": " + report.summary());
                if (report.verdict() == CellReport.Verdict.BROKEN) {
                    System.err.println("BROKEN cell " + cellName() + ": " + report.summary());
                    throw new IllegalStateException("BROKEN: " + cellName() + " lost updates: " + report.summary());
                }
            } finally {
                side.close();
            }
        }

        private CellReport report() throws SQLException {
            Histogram latency = new Histogram(3);
            Map<String, Long> errors = new TreeMap<>();
            long successes = 0;
            long giveUps = 0;
            long unknown = 0;
            long attempts = 0;
            long conflicts = 0;
            long measured = 0;
            for (Worker w : workers) {
                latency.add(w.latency());
                w.errorLabels().forEach((k, v) -> errors.merge(k, v, Long::sum));
                successes += w.successesTotal();
                giveUps += w.giveUpsTotal();
                unknown += w.unknownTotal();
                attempts += w.attemptsMeasured();
                conflicts += w.conflictsMeasured();
                measured += w.successesMeasured();
            }
            long applied = impl.applied();
            return new CellReport(
                    cellName(),
                    backend,
                    strategy,
                    keys,
                    backoff,
                    maxAttempts,
                    threads,
                    side.describe(),
                    successes,
                    giveUps,
                    unknown,
                    applied,
                    measured == 0 ? Double.NaN : (double) attempts / measured,
                    conflicts,
                    latency,
                    errors);
        }

        String cellName() {
            return CellName.of(backend, strategy, backoff, keys, threads, maxAttempts);
        }

        private void write(CellReport report) {
            Path dir = Path.of(System.getProperty("cas.bench.cells", "target/jmh/cells"));
            try {
                Files.createDirectories(dir);
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                json.writeValue(dir.resolve(cellName() + ".json").toFile(), report.toMap());
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the cell report to " + dir, e);
            }
        }
    }

    static Backoff backoff(String name) {
        return switch (name) {
            case "none" -> Backoff.none();
            // the store's default delays (RetryPolicy.defaults): 1 ms doubling to 100 ms
            case "exp" ->
                new ExponentialBackoff(
                        Duration.ofMillis(1), Duration.ofMillis(100), 2.0, ExponentialBackoff.Jitter.NONE);
            case "jitter" -> ExponentialBackoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(100));
            case "adaptive" -> AdaptiveBackoff.defaults();
            default -> throw new IllegalArgumentException("backoff must be none, exp, jitter or adaptive, was " + name);
        };
    }
}
