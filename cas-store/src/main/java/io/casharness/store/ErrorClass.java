package io.casharness.store;

/** How a database error is classified, once, where it is caught. */
public enum ErrorClass {
    /** A serialisation failure that means "someone else wrote first" (rarely surfaces: CAS uses row counts). */
    CONFLICT,
    /** A unique constraint fired outside the paths that turn it into {@link AlreadyExists}. */
    UNIQUE_VIOLATION,
    /**
     * The statement did not apply and may be retried: SQLite BUSY/LOCKED, PostgreSQL 40001 / 40P01 / 55P03 / 57014,
     * a pool timeout before any statement ran (the JDBC store's table: {@code SqlErrorClassifier}).
     */
    TRANSIENT,
    /**
     * The connection was lost, or the driver stopped waiting for the reply. If it happened during a write the outcome
     * is UNKNOWN: the write may or may not have committed.
     */
    CONNECTION_LOST,
    /** Anything else: a bug, a schema mismatch, a full disk. */
    FATAL
}
