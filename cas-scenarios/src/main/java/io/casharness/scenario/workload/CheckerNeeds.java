package io.casharness.scenario.workload;

import io.casharness.scenario.check.TransitionRules;

/**
 * What the checker must know about a workload's objects beyond the rules every history is held to, declared by the
 * workload itself ({@link Workload#needs()}) so that no list of kind names lives anywhere else. Immutable.
 *
 * @param accumulating the object's value accumulates the token of every write (list-append): a missing acknowledged
 *     token is a lost update; otherwise values are registers and a later write may replace an earlier token
 * @param exhaustion the workload exists to exercise a bounded retry's give-up path: a run with no {@code Exhausted}
 *     update proved nothing about it and is UNKNOWN, not PASS
 * @param transitions the state machine a write's value must follow, or {@code null} for none
 * @param statusOrder for a status object written from a stream of events: the phase order its status must never
 *     move back in, and the event position each write records must never fall; {@code null} for none
 * @param revisions the objects are revisions of a scope, claimed by must-create: each acknowledged one must be
 *     present at the end, and a scope's revisions dense
 */
public record CheckerNeeds(
        boolean accumulating,
        boolean exhaustion,
        TransitionRules transitions,
        TransitionRules statusOrder,
        boolean revisions) {
    /** Nothing beyond the common rules: a register. */
    public static final CheckerNeeds NONE = new CheckerNeeds(false, false, null, null, false);

    /** Values accumulate tokens. */
    public static CheckerNeeds accumulatingValues() {
        return new CheckerNeeds(true, false, null, null, false);
    }

    /** Values accumulate tokens, and updates must run out of attempts in every run. */
    public static CheckerNeeds accumulatingValuesAndExhaustion() {
        return new CheckerNeeds(true, true, null, null, false);
    }

    /** Values are states of {@code rules}. */
    public static CheckerNeeds stateMachine(TransitionRules rules) {
        return new CheckerNeeds(false, false, rules, null, false);
    }

    /** A status written from events: its phase follows {@code order} and its event position never falls. */
    public static CheckerNeeds statusesIn(TransitionRules order) {
        return new CheckerNeeds(false, false, null, order, false);
    }

    /** Revisions claimed by must-create. */
    public static CheckerNeeds revisionsOfAScope() {
        return new CheckerNeeds(false, false, null, null, true);
    }
}
