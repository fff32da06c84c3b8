package io.casharness.store;

/**
 * The condition a write states. Closed: exactly {@link MustCreate}, {@link MatchVersion} and {@link Unconditional}.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface WriteCondition {

    /** Create only: fails with {@link AlreadyExists} if the key, or the name within the kind, is taken. */
    static WriteCondition mustCreate() {
        return MustCreate.INSTANCE;
    }

    /**
     * Applies only if the stored version is still {@code version}; the version then increases.
     *
     * @throws IllegalArgumentException if {@code version < 1}
     */
    static WriteCondition matchVersion(long version) {
        return new MatchVersion(version);
    }

    /**
     * UNSAFE: applies whatever is stored (a blind write). Kept for bootstrap and for negative controls; a
     * read-modify-write built on it loses updates.
     */
    static WriteCondition unconditional() {
        return Unconditional.INSTANCE;
    }

    /** Create only. */
    enum MustCreate implements WriteCondition {
        INSTANCE;

        @Override
        public String toString() {
            return "MustCreate";
        }
    }

    /**
     * Compare-and-set on the resource version.
     *
     * @param version the version the writer read; at least 1
     */
    record MatchVersion(long version) implements WriteCondition {
        public MatchVersion {
            if (version < 1) {
                throw new IllegalArgumentException("MatchVersion.version must be >= 1, was " + version);
            }
        }

        @Override
        public String toString() {
            return "MatchVersion(" + version + ")";
        }
    }

    /** A blind write: unsafe. */
    enum Unconditional implements WriteCondition {
        INSTANCE;

        @Override
        public String toString() {
            return "Unconditional";
        }
    }
}
