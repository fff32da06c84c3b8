package io.casharness.scenario.check.rules;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.check.TransitionRules;
import java.util.Set;

/**
 * What the rules are told about the store and the workloads (see {@code Checker.Builder}). Immutable.
 *
 * @param transitions the state machine checked on writes whose value is a state
 * @param accumulatingKinds kinds whose values keep every write's token
 * @param versionsUniqueAcrossKeys whether two keys may never share a version
 * @param versionsRiseAcrossIncarnations whether a key's versions rise across its incarnations, or restart per
 *     incarnation (told apart by creates and deletes)
 * @param maxAnomaliesPerType how many anomalies of one type are listed (all are counted)
 * @param statuses the phase order of status kinds, whose writes carry the watch-event position they reflect in
 *     {@code revision} (the kinds it applies to); {@link TransitionRules#none()} for none
 * @param revisionKinds kinds whose objects are revisions: a create claims revision {@code revision} of the scope
 *     named by its {@code value}
 */
public record Options(
        TransitionRules transitions,
        Set<String> accumulatingKinds,
        boolean versionsUniqueAcrossKeys,
        boolean versionsRiseAcrossIncarnations,
        int maxAnomaliesPerType,
        TransitionRules statuses,
        Set<String> revisionKinds) {
    public Options {
        requireNonNull(transitions, "transitions");
        requireNonNull(statuses, "statuses");
        accumulatingKinds = Set.copyOf(accumulatingKinds);
        revisionKinds = Set.copyOf(revisionKinds);
        if (maxAnomaliesPerType < 1) {
            throw new IllegalArgumentException("maxAnomaliesPerType must be >= 1, was " + maxAnomaliesPerType);
        }
    }
}
