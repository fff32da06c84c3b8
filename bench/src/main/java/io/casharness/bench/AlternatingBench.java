package io.casharness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.casharness.store.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Both sides of one target in ONE fork, measured alternately: the numerator ({@code top}, e.g. the store on one hot
 * row) and the denominator ({@code bottom}, e.g. {@code UPDATE ... SET v = v + 1} on another), each on its own
 * database (its own SQLite file or PostgreSQL schema), rows, strategy and pool of one connection per thread, as a
 * {@link ContentionBench} cell has. All benchmark threads switch sides together every {@code sliceMillis}: the side
 * is a function of the time since the iteration started ({@link Alternation#topAt}), so every thread agrees without
 * talking to the others, and the two sides of a pair are one slice apart instead of a fork apart.
 *
 * <p>An update is counted for the slice it started in, even when it ends in the next one (no update is discarded;
 * at 500 ms slices and updates of microseconds to milliseconds the overlap is a small fraction of a slice, and it
 * falls on both sides alike since each side starts half of the pairs). Only the measurement iteration is recorded,
 * and only its whole slice pairs before its last slice (the threads stop at slightly different times). Per slice the
 * file gets each side's successes (goodput: give-ups excluded), attempts, give-ups, errors and the slice's length.
 *
 * <p>The trial ends with each side's correctness check, as a cell's: the counters must sum to the successes reported
 * (over all iterations), or the side is BROKEN, the file says so and the teardown throws. One JSON file per fork goes
 * to {@code out} ({@code <label>-<pid>.json}), read by {@link AlternatingTargets}.
 *
 * <p>Run by {@code bench/run.sh targets}; alone (a PostgreSQL side without {@code -Dcas.pg.url} starts a server of
 * its own): {@code java -jar bench/target/benchmarks.jar AlternatingBench -si false -p backend=sqlite -t 8 -p
 * out=/tmp/alt}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 1, time = 24)
@Threads(4)
public class AlternatingBench {

    @Benchmark
    public void alternate(Sides sides, Slot slot) {
        sides.step(slot);
    }

    /**
     * One side of the target, or one {@link ContentionBench} cell: its database, rows and strategy. Not thread-safe
     * for open and close; the strategy is.
     */
    static final class Side implements AutoCloseable {
        final String strategy;
        final KeyChooser chooser;
        final Strategy impl;
        private final BenchDatabase db;
        private final StoreTarget target;

        private Side(String strategy, KeyChooser chooser, Strategy impl, BenchDatabase db, StoreTarget target) {
            this.strategy = strategy;
            this.chooser = chooser;
            this.impl = impl;
            this.db = db;
            this.target = target;
        }

        /**
         * Opens a fresh database with fresh rows, settled, and the strategy on a pool of one connection per thread.
         *
         * @param pools the prefix of the pools' names ({@code bench}, {@code alt-top})
         */
        static Side open(
                String backend,
                String strategy,
                String backoff,
                int maxAttempts,
                String keys,
                int threads,
                String pools)
                throws SQLException {
            KeyChooser chooser = KeyChooser.parse(keys);
            RetryPolicy policy = new RetryPolicy(maxAttempts, ContentionBench.backoff(backoff), true);
            BenchDatabase db = BenchDatabase.open(backend);
            try {
                DataSource admin = db.newPool(pools + "-admin", 1);
                if (StoreTarget.STRATEGIES.contains(strategy)) {
                    StoreTarget target = StoreTarget.open(db, strategy, threads);
                    Strategy impl = new StoreStrategy(target.replicas(), policy, chooser.keys());
                    target.settle(admin, db);
                    return new Side(strategy, chooser, impl, db, target);
                }
                db.resetCounters(admin, chooser.keys());
                Strategy impl = Strategy.create(strategy, db.dialect(), db, db.newPool(pools, threads), policy);
                return new Side(strategy, chooser, impl, db, null);
            } catch (RuntimeException | SQLException e) {
                db.close();
                throw e;
            }
        }

        String describe() {
            return db.describe();
        }

        @Override
        public void close() {
            try {
                impl.close();
            } finally {
                if (target != null) {
                    target.close();
                }
                db.close();
            }
        }
    }

    /** Both sides, the slice clock and the per-fork file. Shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Sides {
        /** {@code sqlite} or {@code postgres}: both sides. */
        @Param({"sqlite"})
        public String backend;

        /** The numerator's strategy ({@code ContentionBench.strategy}'s names). */
        @Param({"store"})
        public String top;

        @Param({"adaptive"})
        public String topBackoff;

        @Param({"30"})
        public int topAttempts;

        /** The denominator's strategy. */
        @Param({"atomic"})
        public String bottom;

        @Param({"none"})
        public String bottomBackoff;

        @Param({"10"})
        public int bottomAttempts;

        /** Hot set of both sides ({@code ContentionBench.keys}). */
        @Param({"1"})
        public String keys;

        /** Length of a slice. */
        @Param({"500"})
        public int sliceMillis;

        /** The folder of the per-fork file; empty: {@code target/jmh/alternating}. */
        @Param({""})
        public String out;

        /** The file's name prefix (the gate's name). */
        @Param({"alternating"})
        public String label;

        @Param({"42"})
        public long seed;

        Side topSide;
        Side bottomSide;
        private long sliceNanos;
        private int recorded;
        private int threads;
        private volatile long origin;
        private volatile boolean measuring;
        private final List<Slot> slots = new CopyOnWriteArrayList<>();
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        private ArrayNode slices;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws SQLException {
            if (sliceMillis < 10) {
                throw new IllegalArgumentException("sliceMillis must be >= 10, was " + sliceMillis);
            }
            threads = params.getThreads();
            sliceNanos = TimeUnit.MILLISECONDS.toNanos(sliceMillis);
            long measured = params.getMeasurement().getTime().convertTo(TimeUnit.NANOSECONDS);
            // whole pairs only, and not the last slice: the threads stop at slightly different times
            recorded = (int) ((measured / sliceNanos - 1) / 2 * 2);
            if (recorded < 2) {
                throw new IllegalArgumentException("a measurement of " + measured / 1_000_000 + " ms holds no"
                        + " whole slice pair of " + sliceMillis + " ms before its last slice");
            }
            bottomSide = Side.open(backend, bottom, bottomBackoff, bottomAttempts, keys, threads, "alt-bottom");
            topSide = Side.open(backend, top, topBackoff, topAttempts, keys, threads, "alt-top");
            System.out.println("# alternating " + label + ": " + top + "/" + topBackoff + " vs " + bottom + " on "
                    + topSide.describe() + ", " + threads + " threads, slices of " + sliceMillis + " ms, "
                    + recorded + " recorded");
        }

        int capacity() {
            return recorded;
        }

        @Setup(Level.Iteration)
        public void start(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            origin = System.nanoTime();
        }

        void register(Slot s) {
            slots.add(s);
        }

        void step(Slot slot) {
            long now = System.nanoTime();
            long k = (now - origin) / sliceNanos;
            boolean isTop = Alternation.topAt(k);
            Side side = isTop ? topSide : bottomSide;
            Worker w = isTop ? slot.top : slot.bottom;
            long successes = w.goodput;
            long attempts = w.attempts;
            long giveUps = w.giveUps;
            long errors = w.errors;
            side.impl.update(side.chooser.next(w.random()), w, now);
            if (measuring && k < recorded) {
                int i = (int) k;
                slot.successes[i] += w.goodput - successes;
                slot.attempts[i] += w.attempts - attempts;
                slot.giveUps[i] += w.giveUps - giveUps;
                slot.errors[i] += w.errors - errors;
            }
        }

        @TearDown(Level.Iteration)
        public void collect() {
            if (!measuring) {
                return;
            }
            slices = json.createArrayNode();
            for (int k = 0; k < recorded; k++) {
                long s = 0;
                long a = 0;
                long g = 0;
                long e = 0;
                for (Slot slot : slots) {
                    s += slot.successes[k];
                    a += slot.attempts[k];
                    g += slot.giveUps[k];
                    e += slot.errors[k];
                }
                slices.addObject()
                        .put("index", k)
                        .put("side", Alternation.topAt(k) ? "top" : "bottom")
                        .put("successes", s)
                        .put("attempts", a)
                        .put("giveUps", g)
                        .put("errors", e)
                        .put("nanos", sliceNanos);
            }
        }

        @TearDown(Level.Trial)
        public void verify() throws SQLException {
            try {
                ObjectNode file = json.createObjectNode();
                file.put("label", label);
                file.put("backend", backend);
                file.put("threads", threads);
                file.put("sliceMillis", sliceMillis);
                file.put("database", topSide.describe());
                ObjectNode checks = file.putObject("checks");
                CellReport.Verdict topVerdict = check(
                        checks, "top", topSide, slots.stream().map(s -> s.top).toList());
                CellReport.Verdict bottomVerdict = check(
                        checks,
                        "bottom",
                        bottomSide,
                        slots.stream().map(s -> s.bottom).toList());
                file.set("slices", slices == null ? json.createArrayNode() : slices);
                write(file);
                if (topVerdict == CellReport.Verdict.BROKEN || bottomVerdict == CellReport.Verdict.BROKEN) {
                    System.err.println("BROKEN alternating " + label + ": " + checks);
                    throw new IllegalStateException("BROKEN: alternating " + label + " lost updates: " + checks);
                }
            } finally {
                try {
                    topSide.close();
                } finally {
                    bottomSide.close();
                }
            }
        }

        private CellReport.Verdict check(ObjectNode checks, String role, Side side, List<Worker> workers)
                throws SQLException {
            long successes = 0;
            long giveUps = 0;
            long unknown = 0;
            Map<String, Long> errors = new TreeMap<>();
            for (Worker w : workers) {
                successes += w.successesTotal();
                giveUps += w.giveUpsTotal();
                unknown += w.unknownTotal();
                w.errorLabels().forEach((k, v) -> errors.merge(k, v, Long::sum));
            }
            long applied = side.impl.applied();
            CellReport.Verdict v = CellReport.verdict(successes, unknown, applied);
            ObjectNode c = checks.putObject(role);
            c.put("strategy", side.strategy);
            c.put("verdict", v.name());
            c.put("successes", successes);
            c.put("applied", applied);
            c.put("giveUps", giveUps);
            c.put("unknownOutcomes", unknown);
            errors.forEach(c.putObject("errors")::put);
            System.out.println("# " + v + " alternating " + label + " " + role + " " + side.strategy + ": successes="
                    + successes + " applied=" + applied + " giveUps=" + giveUps + " errors=" + errors);
            return v;
        }

        private void write(ObjectNode file) {
            Path dir = Path.of(out.isBlank() ? "target/jmh/alternating" : out);
            try {
                Files.createDirectories(dir);
                json.writeValue(
                        dir.resolve(label + "-" + ProcessHandle.current().pid() + ".json")
                                .toFile(),
                        file);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the alternating report to " + dir, e);
            }
        }
    }

    /** One benchmark thread: a worker per side and its per-slice counts. Confined to its thread until collected. */
    @State(Scope.Thread)
    public static class Slot {
        Worker top;
        Worker bottom;
        long[] successes;
        long[] attempts;
        long[] giveUps;
        long[] errors;

        @Setup(Level.Trial)
        public void register(Sides sides, ThreadParams thread) {
            int i = thread.getThreadIndex();
            top = new Worker(i, sides.seed);
            bottom = new Worker(i, sides.seed + 1);
            int n = sides.capacity();
            successes = new long[n];
            attempts = new long[n];
            giveUps = new long[n];
            errors = new long[n];
            sides.register(this);
        }
    }
}
