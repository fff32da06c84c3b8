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
    private final boolean whileReading;

    public StoreAccessException(
            ErrorClass errorClass, String backend, String sqlState, int vendorCode, String message, Throwable cause) {
        this(errorClass, backend, sqlState, vendorCode, message, cause, false);
    }

    private StoreAccessException(
            ErrorClass errorClass,
            String backend,
            String sqlState,
            int vendorCode,
            String message,
            Throwable cause,
            boolean whileReading) {
        super(
                "[" + requireNonNull(errorClass, "errorClass") + " backend=" + backend + " sqlState=" + sqlState
                        + " code=" + vendorCode + "] " + message,
                cause);
        this.errorClass = errorClass;
        this.backend = backend;
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
        this.whileReading = whileReading;
    }

    /**
     * This failure, known to have struck an operation's read step with no write of the operation in flight (an
     * {@code update} whose attempt failed before its write was sent, every earlier attempt having lost or failed
     * definitely): the operation applied nothing, so its outcome is known whatever the class. This exception is the
     * cause.
     */
    public StoreAccessException whileReading() {
        if (whileReading) {
            return this;
        }
        return new StoreAccessException(
                errorClass,
                backend,
                sqlState,
                vendorCode,
                "while reading, no write in flight: nothing was applied",
                this,
                true);
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

    /**
     * True if a write that failed this way may still have committed: the connection was lost while a write may have
     * been in flight. False for a failure {@linkplain #whileReading() known to have struck a read}.
     */
    public boolean outcomeUnknown() {
        return errorClass == ErrorClass.CONNECTION_LOST && !whileReading;
    }
}
