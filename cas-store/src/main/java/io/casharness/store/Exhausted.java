package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Every attempt of an update conflicted. Nothing was written by this update.
 *
 * @param key the key
 * @param attempts attempts made; equals the policy's {@code maxAttempts}
 * @param conflicts the conflict of each attempt that conflicted, in order: each names the version the attempt
 *     expected and the version it met; at least one, and fewer than {@code attempts} only if transient errors were
 *     retried too
 */
public record Exhausted(ObjectKey key, int attempts, List<Conflict> conflicts) implements UpdateOutcome {
    public Exhausted {
        requireNonNull(key, "key");
        conflicts = List.copyOf(conflicts);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts + " for " + key);
        }
        if (conflicts.isEmpty() || conflicts.size() > attempts) {
            throw new IllegalArgumentException("an exhausted update has 1 to attempts (" + attempts
                    + ") conflicts, was " + conflicts.size() + " for " + key);
        }
    }

    /** The conflict of the last attempt. */
    public Conflict lastConflict() {
        return conflicts.get(conflicts.size() - 1);
    }

    @Override
    public String toString() {
        Conflict last = conflicts.isEmpty() ? null : lastConflict();
        return "update of " + key + " exhausted after " + attempts + " attempts"
                + (last == null
                        ? ""
                        : "; last attempt expected v" + last.expectedVersion() + ", found "
                                + (last.currentVersion().isPresent()
                                        ? "v" + last.currentVersion().getAsLong()
                                        : "absent"));
    }
}
