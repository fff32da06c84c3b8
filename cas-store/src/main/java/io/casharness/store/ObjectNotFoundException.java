package io.casharness.store;

/** Thrown by {@link UpdateOutcome#orThrow()} when there was no object to update. */
public final class ObjectNotFoundException extends CasStoreException {
    private static final long serialVersionUID = 1L;
    private final ObjectKey key;

    public ObjectNotFoundException(ObjectKey key) {
        super("no object " + key);
        this.key = key;
    }

    public ObjectKey key() {
        return key;
    }
}
