package io.casharness.store;

/**
 * The result of {@link CasStore#put}: {@link Written}, {@link Conflict} or {@link AlreadyExists}. A lost race is
 * an outcome the caller must branch on, not an exception.
 */
public sealed interface PutOutcome permits Written, Conflict, AlreadyExists {

    ObjectKey key();

    default boolean isWritten() {
        return this instanceof Written;
    }
}
