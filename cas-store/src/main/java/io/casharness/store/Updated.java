package io.casharness.store;

import static java.util.Objects.requireNonNull;

/**
 * The update applied on attempt {@code attempts} (1 = first try, no conflict).
 *
 * @param object the object as this update left it
 * @param attempts executions used, counting the first
 * @param conflicts conflicts met before the write applied ({@code attempts - 1} unless transient errors were
 *     retried too)
 */
public record Updated(StoredObject object, int attempts, int conflicts) implements UpdateOutcome {
    public Updated {
        requireNonNull(object, "object");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        if (conflicts < 0 || conflicts >= attempts) {
            throw new IllegalArgumentException(
                    "conflicts must be between 0 and attempts - 1 (" + (attempts - 1) + "), was " + conflicts);
        }
    }

    @Override
    public ObjectKey key() {
        return object.key();
    }
}
