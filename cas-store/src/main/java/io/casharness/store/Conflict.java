package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * A {@code MatchVersion} write or delete lost: the stored version was not the expected one. Nothing changed.
 *
 * @param key the key written
 * @param expectedVersion the version the writer named
 * @param currentVersion the version observed after the write failed, or empty if no object exists ("absent")
 */
public record Conflict(ObjectKey key, long expectedVersion, OptionalLong currentVersion)
        implements PutOutcome, DeleteOutcome {
    public Conflict {
        requireNonNull(key, "key");
        requireNonNull(currentVersion, "currentVersion");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException(
                    "a conflict's expected version must be >= 1, was " + expectedVersion + " for " + key);
        }
        if (currentVersion.isPresent() && currentVersion.getAsLong() < 1) {
            throw new IllegalArgumentException(
                    "a conflict's current version must be >= 1, was " + currentVersion.getAsLong() + " for " + key);
        }
        if (currentVersion.isPresent() && currentVersion.getAsLong() == expectedVersion) {
            throw new IllegalArgumentException(
                    "a conflict cannot report the expected version " + expectedVersion + " as current for " + key);
        }
    }

    public static Conflict absent(ObjectKey key, long expectedVersion) {
        return new Conflict(key, expectedVersion, OptionalLong.empty());
    }

    public static Conflict at(ObjectKey key, long expectedVersion, long currentVersion) {
        return new Conflict(key, expectedVersion, OptionalLong.of(currentVersion));
    }

    public boolean isAbsent() {
        return currentVersion.isEmpty();
    }

    @Override
    public String toString() {
        return "Conflict[" + key + " expected v" + expectedVersion + ", current "
                + (currentVersion.isPresent() ? "v" + currentVersion.getAsLong() : "absent") + "]";
    }
}
