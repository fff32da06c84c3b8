package io.casharness.bench;

import io.casharness.scenario.check.Checker;
import io.casharness.scenario.check.HistorySimulator;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.History;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the checker takes over a history of {@code ops} operations (the budget: 1,000,000 ops in at most 1 s with
 * at most 1 GiB of heap).
 *
 * <p>The history is generated once per trial, outside the measurement, by {@link HistorySimulator} from
 * {@code seed}: 8 replicas x 2 threads over 1,000 keys spread over the four workload kinds (append with retrying
 * updates, register reads and match-version writes, named create/delete races, the phases machine; every op type,
 * a fifth of the ops on the hottest 1% of keys), followed by a final read of every key. With {@code infoRate > 0}
 * that share of writes is indeterminate. Setup checks the history once and refuses to measure unless the verdict is
 * what a correct store must get, so the benchmark always measures the full rule set on a passing history. The heap
 * limit holds the history itself (about 0.15 GiB: a million {@code Op} records of 120 bytes and their tokens) and
 * the checker's working set together.
 *
 * <p>Setup prints the heap the history holds (live after a full collection). Besides the wall-clock score, the
 * secondary result {@code cpuMicrosPerCheck} is the benchmark thread's CPU time per check in microseconds
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}): on a shared, loaded machine the wall clock also counts time the
 * thread waited for a core, the CPU time does not.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CheckerBench} (after {@code ./mvnw -pl bench -am package
 * -DskipTests}); the figure is the average time per {@code check} in milliseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx1g", "-Xms1g"})
@Warmup(iterations = 3, time = 10, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 10, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class CheckerBench {
    /** Operations in the history before the final reads. */
    @Param("1000000")
    public int ops;

    /** Seed of the simulated history. */
    @Param("42")
    public long seed;

    /** Share of writes whose outcome is indeterminate. */
    @Param("0.0")
    public double infoRate;

    private History history;
    private Checker checker;

    @Setup(Level.Trial)
    public void generate() {
        history = HistorySimulator.generate(new HistorySimulator.Config(seed, 8, 2, 1000, ops, infoRate, 5));
        checker = HistorySimulator.checker();
        Verdict v = checker.check(history);
        boolean expected = infoRate == 0 ? v.result() == Verdict.Result.PASS : v.result() != Verdict.Result.FAIL;
        if (!expected) {
            throw new IllegalStateException("the simulated history must pass; got " + v.summary());
        }
        // what the history weighs: the checker keeps nothing between checks, so a full collection leaves the history
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%nhistory: %,d ops, %,d MiB of heap live after a full GC%n", history.size(), used >> 20);
    }

    /** CPU time of the checking thread, per check: a secondary result beside the wall-clock score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long nanos;
        private long checks;

        @Setup(Level.Iteration)
        public void reset() {
            nanos = 0;
            checks = 0;
        }

        /** Microseconds of CPU per check in this iteration (JMH reports it as "events"). */
        public long cpuMicrosPerCheck() {
            return checks == 0 ? 0 : nanos / 1000 / checks;
        }
    }

    @Benchmark
    public Verdict check(Cpu cpu) {
        long start = Cpu.THREADS.getCurrentThreadCpuTime();
        Verdict v = checker.check(history);
        cpu.nanos += Cpu.THREADS.getCurrentThreadCpuTime() - start;
        cpu.checks++;
        return v;
    }
}
