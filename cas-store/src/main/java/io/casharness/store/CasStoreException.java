package io.casharness.store;

/** The root of every exception a store throws on its own account (bad input uses the JDK's exceptions). */
public class CasStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CasStoreException(String message) {
        super(message);
    }

    public CasStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
