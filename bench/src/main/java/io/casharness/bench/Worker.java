package io.casharness.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One benchmark thread's counters. JMH reports every public {@code long} field as a rate ({@code ops/s}) beside the
 * primary score: {@code goodput} (updates that took effect; give-ups never count), {@code attempts},
 * {@code conflicts}, {@code giveUps} and {@code errors}. Attempts per success is {@code attempts / goodput}.
 *
 * <p>The latency histogram (whole operation: every attempt, every backoff) and the error labels are kept for the
 * cell's sidecar report; only measurement iterations are recorded.
 *
 * <p>Confined to its thread (JMH {@code Scope.Thread}); the cell reads it after the trial.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Worker {
    public long goodput;
    public long attempts;
    public long conflicts;
    public long giveUps;
    public long errors;

    private final Histogram latency = new Histogram(3);
    private final Map<String, Long> errorLabels = new HashMap<>();
    private SplittableRandom random;
    private int index;
    private boolean recording;

    private long successesTotal;
    private long giveUpsTotal;
    private long unknownTotal;
    private long attemptsMeasured;
    private long conflictsMeasured;
    private long successesMeasured;

    /** For JMH, which sets the index and the random source in {@link #register}. */
    public Worker() {}

    /**
     * A worker outside a {@link ContentionBench} cell ({@link AlternatingBench}: one per thread and side), seeded
     * as a cell seeds its workers.
     */
    Worker(int index, long seed) {
        this.index = index;
        this.random = new SplittableRandom(seed * 1_000_003L + index);
    }

    @Setup(Level.Trial)
    public void register(ContentionBench.Cell cell, ThreadParams thread) {
        index = thread.getThreadIndex();
        random = new SplittableRandom(cell.seed() * 1_000_003L + index);
        cell.register(this);
    }

    @Setup(Level.Iteration)
    public void resetCounters(IterationParams iteration) {
        goodput = 0;
        attempts = 0;
        conflicts = 0;
        giveUps = 0;
        errors = 0;
        recording = iteration.getType() == IterationType.MEASUREMENT;
    }

    SplittableRandom random() {
        return random;
    }

    /** This thread's index in the cell, 0 to threads - 1. */
    int index() {
        return index;
    }

    void success(int attemptsUsed, int conflictsMet, long nanos) {
        goodput++;
        successesTotal++;
        attempts += attemptsUsed;
        conflicts += conflictsMet;
        if (recording) {
            latency.recordValue(nanos);
            successesMeasured++;
            attemptsMeasured += attemptsUsed;
            conflictsMeasured += conflictsMet;
        }
    }

    void giveUp(int attemptsUsed, int conflictsMet, long nanos) {
        giveUps++;
        giveUpsTotal++;
        attempts += attemptsUsed;
        conflicts += conflictsMet;
        if (recording) {
            latency.recordValue(nanos);
            attemptsMeasured += attemptsUsed;
            conflictsMeasured += conflictsMet;
        }
    }

    /**
     * @param unknownOutcome the write may have committed (connection lost mid-write): the correctness check then
     *     allows for it
     */
    void error(String label, int attemptsUsed, boolean unknownOutcome) {
        errorLabels.merge(label, 1L, Long::sum);
        if (unknownOutcome) {
            unknownTotal++;
        }
        errors++;
        attempts += attemptsUsed;
    }

    Histogram latency() {
        return latency;
    }

    Map<String, Long> errorLabels() {
        return errorLabels;
    }

    long successesTotal() {
        return successesTotal;
    }

    long giveUpsTotal() {
        return giveUpsTotal;
    }

    long unknownTotal() {
        return unknownTotal;
    }

    long attemptsMeasured() {
        return attemptsMeasured;
    }

    long conflictsMeasured() {
        return conflictsMeasured;
    }

    long successesMeasured() {
        return successesMeasured;
    }
}
