package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.History;
import java.time.Duration;
import java.util.List;

/**
 * What a run produced, before checking: the history and the counts the runner saw.
 *
 * @param scenario what ran
 * @param backendDescription where the database came from
 * @param versionsUniqueAcrossKeys what the backend promises ({@link io.casharness.store.Backend#versionsUniqueAcrossKeys()}):
 *     whether one version on two keys is an anomaly
 * @param versionsRiseAcrossIncarnations what the backend promises
 *     ({@link io.casharness.store.Backend#versionsRiseAcrossIncarnations()}): whether a re-created object starts
 *     above its key's past, or incarnations are told apart by their creates and deletes
 * @param history every recorded op (setup, workers, final reads)
 * @param workerOps logical operations the workers performed
 * @param conflicts races lost, as {@link io.casharness.scenario.history.Conflicts#count} defines them
 * @param errors store calls that threw
 * @param firstError the first error's text, or null
 * @param elapsed wall time of the worker phase
 * @param error why the run broke (reset, setup or final reads failed, workers would not stop, the run was
 *     interrupted), or {@code null} when it ran to its end; a broken run keeps the history recorded until then
 * @param faultEvents the fault timeline: every fault skipped or injected while the workers ran (empty for none)
 */
public record RunResult(
        Scenario scenario,
        String backendDescription,
        boolean versionsUniqueAcrossKeys,
        boolean versionsRiseAcrossIncarnations,
        History history,
        long workerOps,
        long conflicts,
        long errors,
        String firstError,
        Duration elapsed,
        String error,
        List<FaultEvent> faultEvents) {
    public RunResult {
        requireNonNull(scenario, "scenario");
        faultEvents = List.copyOf(faultEvents);
        requireNonNull(history, "history");
        requireNonNull(elapsed, "elapsed");
    }

    /** A result of a run without faults. */
    public RunResult(
            Scenario scenario,
            String backendDescription,
            boolean versionsUniqueAcrossKeys,
            History history,
            long workerOps,
            long conflicts,
            long errors,
            String firstError,
            Duration elapsed,
            String error) {
        this(
                scenario,
                backendDescription,
                versionsUniqueAcrossKeys,
                true,
                history,
                workerOps,
                conflicts,
                errors,
                firstError,
                elapsed,
                error,
                List.of());
    }

    /** Whether the run broke before it could be judged (see {@link #error()}). */
    public boolean broken() {
        return error != null;
    }
}
