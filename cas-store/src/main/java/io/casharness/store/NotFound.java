package io.casharness.store;

import static java.util.Objects.requireNonNull;

/** There was no object to delete (or to update). */
public record NotFound(ObjectKey key) implements DeleteOutcome, UpdateOutcome {
    public NotFound {
        requireNonNull(key, "key");
    }
}
