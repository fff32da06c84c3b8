package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.history.History;
import java.time.Duration;

/**
 * What a run produced, before checking: the history and the counts the runner saw.
 *
 * @param scenario what ran
 * @param backendDescription where the database came from
 * @param versionsUniqueAcrossKeys what the backend promises ({@link io.casharness.store.Backend#versionsUniqueAcrossKeys()}):
 *     whether one version on two keys is an anomaly
 * @param history every recorded op (setup, workers, final reads)
 * @param workerOps logical operations the workers performed
 * @param conflicts races lost: failed match-version writes and deletes, refused creates, every retry of an update
 * @param errors store calls that threw
 * @param firstError the first error's text, or null
 * @param elapsed wall time of the worker phase
 */
public record RunResult(
        Scenario scenario,
        String backendDescription,
        boolean versionsUniqueAcrossKeys,
        History history,
        long workerOps,
        long conflicts,
        long errors,
        String firstError,
        Duration elapsed) {
    public RunResult {
        requireNonNull(scenario, "scenario");
        requireNonNull(history, "history");
        requireNonNull(elapsed, "elapsed");
    }
}
