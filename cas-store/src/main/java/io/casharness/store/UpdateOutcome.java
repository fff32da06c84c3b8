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
     * @throws CasStoreException if the mutation broke a uniqueness rule ({@link AlreadyExists})
     */
    default StoredObject orThrow() {
        if (this instanceof Updated u) {
            return u.object();
        }
        if (this instanceof Exhausted e) {
            throw new UpdateExhaustedException(e);
        }
        if (this instanceof AlreadyExists a) {
            throw new CasStoreException("update of " + a.key() + " would break the unique " + a.constraint()
                    + " constraint held by " + a.holder());
        }
        throw new ObjectNotFoundException(key());
    }
}
