package io.casharness.store;

/** An operation was called on a store after {@link CasStore#close()}. */
public final class StoreClosedException extends CasStoreException {
    private static final long serialVersionUID = 1L;

    public StoreClosedException(String store) {
        super("store is closed: " + store);
    }
}
