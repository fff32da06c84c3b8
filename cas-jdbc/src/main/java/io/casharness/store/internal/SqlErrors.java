package io.casharness.store.internal;

import io.casharness.store.ErrorClass;
import io.casharness.store.StoreAccessException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place where a database failure becomes an {@link ErrorClass}. Stateless and thread-safe. Not API.
 *
 * <table>
 *   <caption>classification, first rule that applies wins</caption>
 *   <tr><th>failure</th><th>class</th><th>why</th></tr>
 *   <tr><td>{@link SQLTransientConnectionException} anywhere in the chain (HikariCP: no connection within
 *       {@code connectionTimeout})</td><td>TRANSIENT</td><td>thrown before any statement ran</td></tr>
 *   <tr><td>SQLite {@code SQLITE_BUSY} (5) / {@code SQLITE_LOCKED} (6) and their extended codes</td>
 *       <td>TRANSIENT</td><td>the statement or {@code BEGIN IMMEDIATE} did not get the lock: nothing applied</td></tr>
 *   <tr><td>SQLite {@code SQLITE_CONSTRAINT_UNIQUE} (2067) / {@code _PRIMARYKEY} (1555)</td>
 *       <td>UNIQUE_VIOLATION</td><td>a unique rule fired outside the paths that report AlreadyExists</td></tr>
 *   <tr><td>PostgreSQL 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,
 *       57014 query_canceled</td><td>TRANSIENT</td><td>the server rolled the statement back</td></tr>
 *   <tr><td>SQLState 23505 unique_violation</td><td>UNIQUE_VIOLATION</td><td></td></tr>
 *   <tr><td>SQLState class 08 (connection exception), 57P01/57P02/57P03 (server shutting down),
 *       {@link SQLRecoverableException}</td><td>CONNECTION_LOST</td><td>a write may or may not have committed</td></tr>
 *   <tr><td>anything else, or no {@link SQLException} at all</td><td>FATAL</td><td></td></tr>
 * </table>
 *
 * <p>{@link ErrorClass#CONFLICT} is never produced here: compare-and-set is decided by row counts, not by
 * serialization failures, and a 40001 is retried as TRANSIENT.
 */
public final class SqlErrors {
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57014");
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {}

    /**
     * Classifies {@code failure} and wraps it.
     *
     * @param backend the backend name, for the exception
     * @param what the operation and key, for the message
     */
    public static StoreAccessException classify(String backend, String what, Throwable failure) {
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return new StoreAccessException(ErrorClass.FATAL, backend, null, 0, what + ": " + failure, failure);
        }
        int code = sql instanceof SQLiteException s ? s.getResultCode().code : sql.getErrorCode();
        return new StoreAccessException(
                classOf(failure), backend, sql.getSQLState(), code, what + ": " + sql.getMessage(), failure);
    }

    /** The class of {@code failure} by the rules above. */
    public static ErrorClass classOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return ErrorClass.TRANSIENT;
            }
        }
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return ErrorClass.FATAL;
        }
        if (sql instanceof SQLiteException s) {
            return sqliteClass(s.getResultCode());
        }
        if (sql instanceof SQLRecoverableException) {
            return ErrorClass.CONNECTION_LOST;
        }
        String state = sql.getSQLState();
        if (state == null) {
            return ErrorClass.FATAL;
        }
        if (TRANSIENT_STATES.contains(state)) {
            return ErrorClass.TRANSIENT;
        }
        if (state.equals("23505")) {
            return ErrorClass.UNIQUE_VIOLATION;
        }
        if (state.startsWith("08") || SHUTDOWN_STATES.contains(state)) {
            return ErrorClass.CONNECTION_LOST;
        }
        return ErrorClass.FATAL;
    }

    private static ErrorClass sqliteClass(SQLiteErrorCode code) {
        int primary = code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return ErrorClass.TRANSIENT;
        }
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
            return ErrorClass.UNIQUE_VIOLATION;
        }
        return ErrorClass.FATAL;
    }

    /** The first {@link SQLException} in the cause chain, or {@code null}. */
    public static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return e;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
