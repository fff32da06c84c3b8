package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.casharness.store.ErrorClass;
import io.casharness.store.StoreAccessException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one policy that turns a database failure into an {@link ErrorClass}: the JDBC store uses it for every error,
 * and code that issues its own SQL on a {@link JdbcBackend} (a deliberately broken store, a benchmark baseline)
 * should use it too, so that all of them record the same outcome for the same failure.
 *
 * <p>The question it answers for a caller is whether a failed statement <em>may have applied</em>. A
 * {@link ErrorClass#TRANSIENT} failure definitely did not (the server rolled it back, or it never reached the
 * server): the caller may retry it and may record it as failed. A {@link ErrorClass#CONNECTION_LOST} failure may have:
 * if it struck a write — an autocommit statement or a {@code COMMIT} — the write may have committed before the reply
 * was lost, so {@link StoreAccessException#outcomeUnknown()} is true and a history must record the operation as
 * unknown ({@code info}), never as failed. A caller that knows no write was in flight (the failure struck a read)
 * says so with {@link StoreAccessException#whileReading()}.
 *
 * <p>The rules, tried in order on the first {@link SQLException} of the cause chain; the first that applies wins
 * ({@link #rules()} lists them with the reason for each):
 *
 * <table>
 *   <caption>classification, first rule that applies wins</caption>
 *   <tr><th>failure</th><th>class</th><th>may have applied</th></tr>
 *   <tr><td>{@link SQLTransientConnectionException} (HikariCP: no connection within {@code connectionTimeout})</td>
 *       <td>TRANSIENT</td><td>no: no connection was handed out, so no statement ran</td></tr>
 *   <tr><td>SQLite {@code SQLITE_BUSY} (5), {@code SQLITE_LOCKED} (6) and their extended codes
 *       ({@code BUSY_SNAPSHOT}, {@code BUSY_RECOVERY}, {@code BUSY_TIMEOUT}, {@code LOCKED_SHAREDCACHE}, …)</td>
 *       <td>TRANSIENT</td><td>no: the statement or {@code BEGIN IMMEDIATE} did not get its lock</td></tr>
 *   <tr><td>SQLite {@code SQLITE_CONSTRAINT_UNIQUE} (2067), {@code SQLITE_CONSTRAINT_PRIMARYKEY} (1555)</td>
 *       <td>UNIQUE_VIOLATION</td><td>no</td></tr>
 *   <tr><td>any other SQLite result code</td><td>FATAL</td><td></td></tr>
 *   <tr><td>SQLState 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available (lock
 *       timeout, {@code NOWAIT}), 57014 query_canceled (statement timeout, cancel request)</td><td>TRANSIENT</td>
 *       <td>no: the server rolled the statement back</td></tr>
 *   <tr><td>SQLState 53300 too_many_connections, 57P03 cannot_connect_now</td><td>TRANSIENT</td>
 *       <td>no: the server refused the session before any statement</td></tr>
 *   <tr><td>SQLState 23505 unique_violation</td><td>UNIQUE_VIOLATION</td><td>no</td></tr>
 *   <tr><td>SQLState 57P01 admin_shutdown (also {@code pg_terminate_backend}), 57P02 crash_shutdown, 40003
 *       statement_completion_unknown, and any other state of class 08 (connection exception)</td>
 *       <td>CONNECTION_LOST</td><td>yes</td></tr>
 *   <tr><td>{@link SQLRecoverableException}, {@link SQLNonTransientConnectionException},
 *       {@link SQLTimeoutException} (the driver stopped waiting for the reply)</td><td>CONNECTION_LOST</td>
 *       <td>yes</td></tr>
 *   <tr><td>{@link SQLTransactionRollbackException}</td><td>TRANSIENT</td><td>no: the driver reports a rollback</td></tr>
 *   <tr><td>anything else, an unknown SQLState, or no {@link SQLException} at all</td><td>FATAL</td><td>not known
 *       either: a caller must stop rather than retry</td></tr>
 * </table>
 *
 * <p>Server-reported states come before exception types because the server knows what it rolled back; an exception
 * type without a state is the driver's guess, so the types that may hide a lost reply count as CONNECTION_LOST. An
 * unknown state is FATAL, never TRANSIENT: retrying what nobody understood could repeat a write that applied.
 * {@link ErrorClass#CONFLICT} is never produced: compare-and-set is decided by row counts, and a 40001 is retried as
 * TRANSIENT.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlErrorClassifier {

    /**
     * One row of the table above.
     *
     * @param failure the failure the rule matches, in words
     * @param errorClass the class it gives
     * @param reason why, and whether the statement may have applied
     */
    public record Rule(String failure, ErrorClass errorClass, String reason) {
        public Rule {
            requireNonNull(failure, "failure");
            requireNonNull(errorClass, "errorClass");
            requireNonNull(reason, "reason");
        }
    }

    private record Row(Rule rule, Predicate<SQLException> matches) {}

    private static final Rule NO_SQL_EXCEPTION = new Rule(
            "no SQLException in the cause chain", ErrorClass.FATAL, "not a database error: stop rather than retry");
    private static final Rule UNKNOWN = new Rule(
            "any other failure or SQLState", ErrorClass.FATAL, "not understood: stop rather than retry a write");

    private static final List<Row> ROWS = List.of(
            row(
                    "SQLTransientConnectionException (HikariCP: no connection within connectionTimeout)",
                    ErrorClass.TRANSIENT,
                    "no connection was handed out, so no statement ran",
                    e -> e instanceof SQLTransientConnectionException),
            row(
                    "SQLite SQLITE_BUSY (5) or SQLITE_LOCKED (6), any extended code",
                    ErrorClass.TRANSIENT,
                    "the statement or BEGIN IMMEDIATE did not get its lock: nothing applied",
                    e -> sqlitePrimary(e, SQLiteErrorCode.SQLITE_BUSY)
                            || sqlitePrimary(e, SQLiteErrorCode.SQLITE_LOCKED)),
            row(
                    "SQLite SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555)",
                    ErrorClass.UNIQUE_VIOLATION,
                    "a unique rule fired outside the paths that report AlreadyExists: nothing applied",
                    e -> e instanceof SQLiteException s
                            && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)),
            row(
                    "any other SQLite result code",
                    ErrorClass.FATAL,
                    "a bug, a schema mismatch, a full disk, an unwritable file",
                    e -> e instanceof SQLiteException),
            row(
                    "SQLState 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,"
                            + " 57014 query_canceled",
                    ErrorClass.TRANSIENT,
                    "the server rolled the statement back: nothing applied",
                    state("40001", "40P01", "55P03", "57014")),
            row(
                    "SQLState 53300 too_many_connections, 57P03 cannot_connect_now",
                    ErrorClass.TRANSIENT,
                    "the server refused the session before any statement: nothing applied",
                    state("53300", "57P03")),
            row(
                    "SQLState 23505 unique_violation",
                    ErrorClass.UNIQUE_VIOLATION,
                    "a unique rule fired outside the paths that report AlreadyExists: nothing applied",
                    state("23505")),
            row(
                    "SQLState 57P01 admin_shutdown, 57P02 crash_shutdown, 40003 statement_completion_unknown",
                    ErrorClass.CONNECTION_LOST,
                    "the session ended, perhaps during COMMIT: a write may have applied",
                    state("57P01", "57P02", "40003")),
            row(
                    "SQLState class 08 (connection exception)",
                    ErrorClass.CONNECTION_LOST,
                    "the connection broke, perhaps after the server committed: a write may have applied",
                    e -> e.getSQLState() != null && e.getSQLState().startsWith("08")),
            row(
                    "SQLRecoverableException, SQLNonTransientConnectionException",
                    ErrorClass.CONNECTION_LOST,
                    "the connection is unusable, perhaps after the server committed: a write may have applied",
                    e -> e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException),
            row(
                    "SQLTimeoutException",
                    ErrorClass.CONNECTION_LOST,
                    "the driver stopped waiting for the reply: a write may have applied",
                    e -> e instanceof SQLTimeoutException),
            row(
                    "SQLTransactionRollbackException",
                    ErrorClass.TRANSIENT,
                    "the driver reports that the transaction was rolled back: nothing applied",
                    e -> e instanceof SQLTransactionRollbackException));

    private static final List<Rule> RULES = Stream.of(
                    Stream.of(NO_SQL_EXCEPTION), ROWS.stream().map(Row::rule), Stream.of(UNKNOWN))
            .flatMap(s -> s)
            .toList();

    private SqlErrorClassifier() {}

    /**
     * Classifies {@code failure} and wraps it: the exception carries the class, the backend, the SQLState and the
     * vendor code (for SQLite the extended result code), and its message is {@code what + ": " + } the driver's
     * message.
     *
     * @param failure what the driver threw
     * @param backend the backend name, for example {@code postgres}
     * @param what the operation and key, for example {@code "put sandbox/a"}
     * @throws NullPointerException if an argument is null
     */
    public static StoreAccessException classify(SQLException failure, String backend, String what) {
        return classify((Throwable) failure, backend, what);
    }

    /**
     * Classifies the first {@link SQLException} in the cause chain of {@code failure} (Jdbi, HikariCP and Flyway wrap
     * them) and wraps {@code failure}; without one, the result is {@link ErrorClass#FATAL}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static StoreAccessException classify(Throwable failure, String backend, String what) {
        requireNonNull(failure, "failure");
        requireNonNull(backend, "backend");
        requireNonNull(what, "what");
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return new StoreAccessException(ErrorClass.FATAL, backend, null, 0, what + ": " + failure, failure);
        }
        return new StoreAccessException(
                ruleFor(sql).errorClass(),
                backend,
                sql.getSQLState(),
                vendorCode(sql),
                what + ": " + sql.getMessage(),
                failure);
    }

    /** The class of {@code failure} by the rules above. */
    public static ErrorClass classOf(Throwable failure) {
        return ruleFor(failure).errorClass();
    }

    /**
     * True if a write that failed this way may still have applied ({@link ErrorClass#CONNECTION_LOST}): record it as
     * unknown, not as failed. False means the write definitely did not apply, or that the failure is FATAL.
     */
    public static boolean mayHaveApplied(Throwable failure) {
        return classOf(failure) == ErrorClass.CONNECTION_LOST;
    }

    /** The first rule that applies to {@code failure}: its class and the reason. */
    public static Rule ruleFor(Throwable failure) {
        SQLException sql = firstSqlException(requireNonNull(failure, "failure"));
        if (sql == null) {
            return NO_SQL_EXCEPTION;
        }
        for (Row row : ROWS) {
            if (row.matches().test(sql)) {
                return row.rule();
            }
        }
        return UNKNOWN;
    }

    /** Every rule in the order they are tried: the first and the last apply when no other does. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The vendor code of {@code failure}: for SQLite the extended result code, else {@link SQLException#getErrorCode()}. */
    public static int vendorCode(SQLException failure) {
        return failure instanceof SQLiteException s ? s.getResultCode().code : failure.getErrorCode();
    }

    /** The first {@link SQLException} in the cause chain of {@code failure}, or {@code null}. */
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

    private static Row row(String failure, ErrorClass errorClass, String reason, Predicate<SQLException> matches) {
        return new Row(new Rule(failure, errorClass, reason), matches);
    }

    private static Predicate<SQLException> state(String... states) {
        Set<String> set = Set.of(states);
        return e -> e.getSQLState() != null && set.contains(e.getSQLState());
    }

    private static boolean sqlitePrimary(SQLException e, SQLiteErrorCode primary) {
        return e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == primary.code;
    }
}
