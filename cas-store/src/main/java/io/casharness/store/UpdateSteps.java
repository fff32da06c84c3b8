package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The database steps of {@link CasStore#update}, for a store that can do better than {@code get} then {@code put}:
 * a first basis that may come from the replica's cache, and a conditional write that, when it loses, can return the
 * object it lost to, so the retry needs no separate read. The {@link Retrier} runs them and keeps the policy
 * (attempts, backoff, transient errors); the steps only talk to the database.
 *
 * <p>Correctness does not depend on the basis being fresh: the write applies only if the key is still at the
 * basis's version, and a version names exactly one write, so a write that applies was computed from the current
 * object. A stale basis costs one conflicted attempt, never an update.
 *
 * <p>{@link #of(CasStore)} gives the plain steps every store has: no cache, a fresh {@code get}, a
 * {@code MatchVersion put}.
 */
public interface UpdateSteps {

    /**
     * The newest copy of {@code key} this replica holds without a round trip (a cache of what it last read or
     * wrote), or empty. The first attempt mutates it if present, else a {@link #read}; a retry mutates the newer of
     * it and the object the lost write returned. The default holds nothing.
     */
    default Optional<StoredObject> cached(ObjectKey key) {
        return Optional.empty();
    }

    /** A fresh read of {@code key}: empty if there is no object. */
    Optional<StoredObject> read(ObjectKey key);

    /** Writes {@code next} under {@code MatchVersion(basis.resourceVersion())}. */
    Step write(ObjectSpec next, StoredObject basis);

    /**
     * What one conditional write did.
     *
     * @param outcome {@link Written}, {@link Conflict} or {@link AlreadyExists}
     * @param current for a {@link Conflict} at another version: the object found at that version, if the write
     *     returned it; {@code null} otherwise (the retrier then reads)
     */
    record Step(PutOutcome outcome, StoredObject current) {
        public Step {
            requireNonNull(outcome, "outcome");
            if (current != null) {
                if (!(outcome instanceof Conflict c) || c.currentVersion().isEmpty()) {
                    throw new IllegalArgumentException(
                            "only a conflict at another version carries the current object, not " + outcome);
                }
                if (!current.key().equals(c.key())
                        || current.resourceVersion() != c.currentVersion().getAsLong()) {
                    throw new IllegalArgumentException("the current object " + current.key() + " v"
                            + current.resourceVersion() + " is not the one the conflict names: " + c);
                }
            }
        }

        /** A step whose outcome says nothing more than the outcome. */
        public static Step of(PutOutcome outcome) {
            return new Step(outcome, null);
        }
    }

    /** The steps every store has: no cache, {@code get} as read, {@code put(next, MatchVersion)} as write. */
    static UpdateSteps of(CasStore store) {
        requireNonNull(store, "store");
        return new UpdateSteps() {
            @Override
            public Optional<StoredObject> read(ObjectKey key) {
                return store.get(key);
            }

            @Override
            public Step write(ObjectSpec next, StoredObject basis) {
                return Step.of(store.put(next, WriteCondition.matchVersion(basis.resourceVersion())));
            }
        };
    }
}
