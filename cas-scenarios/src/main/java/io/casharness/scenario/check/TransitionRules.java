package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legal transitions of a workload state machine whose state a write stores in {@code Op.value} (the phases
 * workload: {@code provisioning -> ready -> deleting -> deleted}).
 *
 * <p>A write whose {@code value} is one of {@link #states()} on a kind the rules {@link #appliesTo apply to} is
 * checked: its from-state is the state of the version it was based on (or, for a must-create, "absent"), and the
 * pair must be {@link #allows allowed}. Values that are not states are ignored.
 *
 * <p>Immutable.
 *
 * @param initial the states a must-create (a write onto "absent") may write
 * @param allowed for each state, the states a write may move it to (self-loops only when {@code selfLoops})
 * @param selfLoops whether a write may keep the state unchanged
 * @param kinds the kinds the rules apply to; empty = every kind
 */
public record TransitionRules(
        Set<String> initial, Map<String, Set<String>> allowed, boolean selfLoops, Set<String> kinds) {

    public TransitionRules {
        requireNonNull(initial, "initial");
        requireNonNull(allowed, "allowed");
        requireNonNull(kinds, "kinds");
        initial = Set.copyOf(initial);
        Map<String, Set<String>> copy = new HashMap<>();
        allowed.forEach((from, to) -> copy.put(from, Set.copyOf(to)));
        allowed = Map.copyOf(copy);
        kinds = Set.copyOf(kinds);
    }

    /**
     * The phases machine: {@code provisioning -> ready -> deleting -> deleted}, self-loops allowed, created in
     * {@code provisioning}, for every kind.
     */
    public static TransitionRules phases() {
        return chain(List.of("provisioning", "ready", "deleting", "deleted"), true);
    }

    /** A linear machine over {@code states} in order; the first is the only initial state; every kind. */
    public static TransitionRules chain(List<String> states, boolean selfLoops) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("states must not be empty");
        }
        Map<String, Set<String>> allowed = new HashMap<>();
        for (int i = 0; i < states.size(); i++) {
            allowed.put(states.get(i), i + 1 < states.size() ? Set.of(states.get(i + 1)) : Set.of());
        }
        return new TransitionRules(Set.of(states.get(0)), allowed, selfLoops, Set.of());
    }

    /** No rules: nothing is checked. */
    public static TransitionRules none() {
        return new TransitionRules(Set.of(), Map.of(), true, Set.of());
    }

    /** These rules restricted to {@code kinds}. */
    public TransitionRules forKinds(String... kinds) {
        return new TransitionRules(initial, allowed, selfLoops, Set.of(kinds));
    }

    /** Every state named (initial, sources and targets). */
    public Set<String> states() {
        Set<String> all = new LinkedHashSet<>(initial);
        allowed.forEach((from, to) -> {
            all.add(from);
            all.addAll(to);
        });
        return all;
    }

    /** Whether writes of {@code kind} are checked. */
    public boolean appliesTo(String kind) {
        return !allowed.isEmpty() && (kinds.isEmpty() || kinds.contains(kind));
    }

    /** Whether {@code value} is a state of this machine. */
    public boolean isState(String value) {
        return value != null && (allowed.containsKey(value) || initial.contains(value));
    }

    /** Whether a write may move {@code from} (or "absent" when {@code null}) to {@code to}. */
    public boolean allows(String from, String to) {
        if (from == null) {
            return initial.contains(to);
        }
        if (from.equals(to)) {
            return selfLoops;
        }
        Set<String> next = allowed.get(from);
        return next != null && next.contains(to);
    }
}
