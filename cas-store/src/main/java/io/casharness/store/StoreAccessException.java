package io.casharness.store;

import static java.util.Objects.requireNonNull;

/**
 * A database error, classified once (see {@link ErrorClass}) and carrying the backend, the SQLState and the vendor
 * code, so that a caller can decide to retry, record an unknown outcome, or stop.
 */
public final class StoreAccessException extends CasStoreException {
    private static final long serialVersionUID = 1L;
    private final ErrorClass errorClass;
    private final String backend;
    private final String sqlState;
    private final int vendorCode;

    public StoreAccessException(
            ErrorClass errorClass, String backend, String sqlState, int vendorCode, String message, Throwable cause) {
        super(
                "[" + requireNonNull(errorClass, "errorClass") + " backend=" + backend + " sqlState=" + sqlState
                        + " code=" + vendorCode + "] " + message,
                cause);
        this.errorClass = errorClass;
        this.backend = backend;
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    public String backend() {
        return backend;
    }

    /** The SQLState, or {@code null} if the driver gave none. */
    public String sqlState() {
        return sqlState;
    }

    public int vendorCode() {
        return vendorCode;
    }

    public boolean isTransient() {
        return errorClass == ErrorClass.TRANSIENT;
    }

    /** True if a write that failed this way may still have committed. */
    public boolean outcomeUnknown() {
        return errorClass == ErrorClass.CONNECTION_LOST;
    }
}
