package io.casharness.scenario.check;

import java.util.Locale;

/**
 * The kinds of anomaly the {@link Checker} reports. Each has a stable {@link #id()} (the word used in reports, JSON
 * verdicts and the docs).
 */
public enum AnomalyType {
    /**
     * An acknowledged write was erased: another write (or match-version delete) from its base version also took
     * effect, or its token is gone from a read that should hold it. Counted once per erased write.
     */
    LOST_UPDATE("lost-update"),
    /** Two acknowledged writes produced the same version (on one key, or across keys when versions are global). */
    DUPLICATE_VERSION("duplicate-version"),
    /**
     * A write produced a version not greater than one its key already had — committed before it was invoked, or, for
     * a new incarnation, a version of an incarnation that was deleted before the new one was observed (a must-create
     * whose version was drawn before it took effect).
     */
    VERSION_REGRESSION("version-regression"),
    /** A read that began after a write (or read) of a key completed returned an older state of that key. */
    STALE_READ("stale-read"),
    /** One process read a key's versions going backwards. */
    NON_MONOTONIC_READ("non-monotonic-read"),
    /** Two acknowledged must-create writes of one key (or one name in a kind) without a delete between. */
    DOUBLE_CREATE("double-create"),
    /** After a delete completed, a read saw a version from before the delete. */
    RESURRECTION("resurrection"),
    /** A match-version op succeeded on a version of an earlier incarnation, or a re-create reused old versions. */
    ABA("aba"),
    /** A write moved a workload state machine along a transition the {@link TransitionRules} forbid. */
    ILLEGAL_TRANSITION("illegal-transition"),
    /** A read saw a version of a key that no acknowledged or indeterminate write of that key produced. */
    UNEXPLAINED_VERSION("unexplained-version"),
    /**
     * A write, update or delete failed claiming a state its key provably did not have while it ran: {@code NotFound}
     * or {@code Conflict(absent)} although the key existed throughout, {@code Conflict} on a match-version op
     * although the version it named was current throughout, {@code AlreadyExists(KEY)} although the key was absent
     * throughout; or a refused write whose token is in the key's value (its mutation took effect).
     */
    FALSE_FAILURE("false-failure"),
    /** An accumulating value holds one write's token twice: the write's mutation was applied twice. */
    DUPLICATE_APPLY("duplicate-apply"),
    /**
     * A read at a version returned a value other than the one the write of that version stored: the payload of one
     * write under the version of another.
     */
    TORN_READ("torn-read"),
    /**
     * A status write stored the state of an earlier watch event over the state of a later one (its position, along
     * the key's versions, fell): the later event's effect is lost.
     */
    LOST_EVENT("lost-event"),
    /**
     * A status write moved the phase back in the phase order (along the key's versions), other than by an
     * unconditional bootstrap upsert that begins a new life of the object.
     */
    STATUS_REGRESSION("status-regression"),
    /** An acknowledged revision is not present at the end: its key's last read holds another write, or nothing. */
    LOST_REVISION("lost-revision"),
    /** A scope's revisions are not dense: a revision is present while a lower one of its scope is not. */
    REVISION_GAP("revision-gap"),
    /**
     * A key's versions restarted with a new incarnation: a re-created object at or below a version deleted before
     * it (where versions must rise across incarnations), or a version an earlier incarnation of the key already had
     * (where they restart per incarnation). Reported once per key, with how often; what the restart explains on that
     * key is not reported apart.
     */
    VERSIONS_RESTART("versions-restart"),
    /** A listed object's version, payload and labels were not one write's. */
    TORN_LIST("torn-list"),
    /**
     * A page of a list returned an object whose labels do not match its selector, or left out one in its span whose
     * labels matched throughout the call.
     */
    SELECTOR_MISMATCH("selector-mismatch"),
    /** Paging through a list returned an object twice, or skipped one present (and matching) throughout. */
    PAGING("paging"),
    /** Two keys held one unique name of a kind at the same time. */
    DUPLICATE_NAME("duplicate-name"),
    /** A read by name disagreed with the key that held the name: another key, nothing, or another version. */
    NAME_READ_MISMATCH("name-read-mismatch");

    private final String id;

    AnomalyType(String id) {
        this.id = id;
    }

    /** The stable kebab-case id, e.g. {@code lost-update}. */
    public String id() {
        return id;
    }

    /**
     * The type with the given {@link #id()} (or enum constant name).
     *
     * @throws IllegalArgumentException if none matches
     */
    public static AnomalyType fromId(String id) {
        for (AnomalyType t : values()) {
            if (t.id.equals(id) || t.name().equals(id.toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown anomaly type '" + id + "'");
    }

    @Override
    public String toString() {
        return id;
    }
}
