package io.casharness.store;

/**
 * The result of {@link CasStore#update}: {@link Updated}, {@link NotFound}, {@link Exhausted} or
 * {@link AlreadyExists} (the mutation renamed the object onto a name another object holds). Use
 * {@link #orThrow()} where exhaustion is not expected.
 */
public sealed interface UpdateOutcome permits Updated, NotFound, Exhausted, AlreadyExists {

    ObjectKey key();

    /**
     * @return the updated object
     * @throws UpdateExhaustedException if every attempt conflicted
     * @throws ObjectNotFoundException if there was no object
     */
    default StoredObject orThrow() {
        if (this instanceof Updated u) {
            return u.object();
        }
        if (this instanceof Exhausted e) {
            throw new UpdateExhaustedException(e);
        }
        throw new ObjectNotFoundException(key());
    }
}
