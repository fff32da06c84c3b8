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
 * @param maxAnomaliesPerType how many anomalies of one type are listed (all are counted)
 */
public record Options(
        TransitionRules transitions,
        Set<String> accumulatingKinds,
        boolean versionsUniqueAcrossKeys,
        int maxAnomaliesPerType) {
    public Options {
        requireNonNull(transitions, "transitions");
        accumulatingKinds = Set.copyOf(accumulatingKinds);
        if (maxAnomaliesPerType < 1) {
            throw new IllegalArgumentException("maxAnomaliesPerType must be >= 1, was " + maxAnomaliesPerType);
        }
    }
}
