package io.casharness.store;

import static java.util.Objects.requireNonNull;

/**
 * The delete applied.
 *
 * @param key the key deleted
 * @param deletedVersion the version the object had when it was removed
 */
public record Deleted(ObjectKey key, long deletedVersion) implements DeleteOutcome {
    public Deleted {
        requireNonNull(key, "key");
        if (deletedVersion < 1) {
            throw new IllegalArgumentException("deletedVersion must be >= 1, was " + deletedVersion + " for " + key);
        }
    }
}
