package io.casharness.store;

import static java.util.Objects.requireNonNull;

/**
 * A write would break a uniqueness rule: the key exists (only for {@code MustCreate}) or the name is held by
 * another object of the same kind. Nothing changed.
 *
 * @param key the key written
 * @param constraint which rule
 * @param holder the key of the object that holds the key or name, if known
 */
public record AlreadyExists(ObjectKey key, Constraint constraint, ObjectKey holder)
        implements PutOutcome, UpdateOutcome {

    /** Which uniqueness rule a write broke. */
    public enum Constraint {
        /** {@code (kind, id)} is taken. */
        KEY,
        /** {@code (kind, name)} is taken. */
        NAME
    }

    public AlreadyExists {
        requireNonNull(key, "key");
        requireNonNull(constraint, "constraint");
    }
}
