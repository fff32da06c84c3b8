package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The first line of a history file: what produced the history, so that a file attached to a bug report can be
 * re-judged offline exactly as the run was ({@code cas-harness check FILE}). Immutable.
 *
 * @param format the history format's version ({@value #FORMAT})
 * @param harness the harness that wrote it, e.g. {@code cas-harness 0.1.0}
 * @param workload the workload's name
 * @param store {@code reference} or the zoo member's name
 * @param backend {@code memory}, {@code sqlite}, {@code postgres} or a user's backend name
 * @param backendDescription where the database came from
 * @param versionsUniqueAcrossKeys what the backend promises: whether one version on two keys is an anomaly
 * @param versionsRiseAcrossIncarnations what the backend promises: whether a re-created object starts above its
 *     key's past ({@code true}) or its versions restart per incarnation; optional in a file, {@code null} reads as
 *     {@code true} (files written before the field existed)
 * @param seed the run's seed
 * @param replicas store replicas
 * @param threads threads per replica
 * @param keys objects the workload spreads over
 * @param skew the key skew, e.g. {@code zipfian:1.1}
 * @param opsBudget the op budget
 * @param durationBudgetMillis the duration cap, 0 for none
 * @param workerOps logical operations the workers performed
 * @param elapsedMillis wall time of the worker phase
 * @param runError why the run broke, or {@code null}: such a history is partial, and is judged ERROR again
 * @param faults the faults the run injected, as {@code --faults} named them with their schedule, or {@code null} for
 *     none (optional: files written before faults existed have neither this nor {@code faultEvents})
 * @param faultEvents every injection, in start order (the fault timeline); empty when none (never {@code null})
 */
public record HistoryHeader(
        int format,
        String harness,
        String workload,
        String store,
        String backend,
        String backendDescription,
        boolean versionsUniqueAcrossKeys,
        Boolean versionsRiseAcrossIncarnations,
        long seed,
        int replicas,
        int threads,
        int keys,
        String skew,
        long opsBudget,
        long durationBudgetMillis,
        long workerOps,
        long elapsedMillis,
        String runError,
        // left out of the file when absent, so a run without faults writes the header it always wrote
        @JsonInclude(JsonInclude.Include.NON_NULL) String faults,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FaultEvent> faultEvents) {

    /** The format this harness writes and reads. */
    public static final int FORMAT = 2;

    /** The harness, as headers name it. */
    public static final String HARNESS = "cas-harness 0.1.0";

    public HistoryHeader {
        requireNonNull(harness, "harness");
        requireNonNull(workload, "workload");
        requireNonNull(store, "store");
        requireNonNull(backend, "backend");
        requireNonNull(skew, "skew");
        versionsRiseAcrossIncarnations = versionsRiseAcrossIncarnations == null || versionsRiseAcrossIncarnations;
        faultEvents = faultEvents == null ? List.of() : List.copyOf(faultEvents);
        if (format != FORMAT) {
            throw new IllegalArgumentException("history format must be " + FORMAT + ", was " + format);
        }
        if (replicas < 1 || threads < 1 || keys < 1) {
            throw new IllegalArgumentException(
                    "replicas, threads and keys must be at least 1, were " + replicas + ", " + threads + ", " + keys);
        }
    }

    /** A header of a run without faults. */
    public HistoryHeader(
            int format,
            String harness,
            String workload,
            String store,
            String backend,
            String backendDescription,
            boolean versionsUniqueAcrossKeys,
            long seed,
            int replicas,
            int threads,
            int keys,
            String skew,
            long opsBudget,
            long durationBudgetMillis,
            long workerOps,
            long elapsedMillis,
            String runError) {
        this(
                format,
                harness,
                workload,
                store,
                backend,
                backendDescription,
                versionsUniqueAcrossKeys,
                null,
                seed,
                replicas,
                threads,
                keys,
                skew,
                opsBudget,
                durationBudgetMillis,
                workerOps,
                elapsedMillis,
                runError,
                null,
                List.of());
    }

    /** Worker processes: {@code replicas x threads}; the setup process is this number, the final reads one more. */
    public int processes() {
        return replicas * threads;
    }
}
