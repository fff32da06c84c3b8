package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.ErrorClass;
import io.casharness.store.StoreAccessException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * {@link SqlErrorClassifier}'s table, one row per SQLState, SQLite code and exception type. The exceptions are built
 * by hand so that every row is covered, including those a test cannot provoke from a real server (a crash shutdown);
 * {@link SqlErrorClassificationTest} provokes the common ones from real databases.
 */
class SqlErrorClassifierTest {

    @ParameterizedTest(name = "SQLState {0} is {1}")
    @CsvSource({
        "40001, TRANSIENT",
        "40P01, TRANSIENT",
        "55P03, TRANSIENT",
        "57014, TRANSIENT",
        "53300, TRANSIENT",
        "57P03, TRANSIENT",
        "23505, UNIQUE_VIOLATION",
        "57P01, CONNECTION_LOST",
        "57P02, CONNECTION_LOST",
        "40003, CONNECTION_LOST",
        "08000, CONNECTION_LOST",
        "08001, CONNECTION_LOST",
        "08003, CONNECTION_LOST",
        "08006, CONNECTION_LOST",
        "08S01, CONNECTION_LOST",
        "42P01, FATAL",
        "42601, FATAL",
        "22012, FATAL",
        "53100, FATAL",
        "40002, FATAL",
        "XX000, FATAL",
    })
    void sqlStateIsClassified(String state, ErrorClass expected) {
        SQLException e = new SQLException("boom", state, 7);
        assertThat(SqlErrorClassifier.classOf(e)).isEqualTo(expected);
        assertThat(SqlErrorClassifier.mayHaveApplied(e)).isEqualTo(expected == ErrorClass.CONNECTION_LOST);
    }

    /** The negative control of the table: a state nobody listed must stop the caller, never be retried. */
    @Test
    void unknownStateIsFatalNotTransient() {
        SQLException e = new SQLException("unheard of", "ZZ999");
        StoreAccessException classified = SqlErrorClassifier.classify(e, "postgres", "put sandbox/a");
        assertThat(classified.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(classified.isTransient()).isFalse();
        assertThat(classified.outcomeUnknown()).isFalse();
        assertThat(SqlErrorClassifier.ruleFor(e))
                .isEqualTo(SqlErrorClassifier.rules()
                        .get(SqlErrorClassifier.rules().size() - 1));
        assertThat(SqlErrorClassifier.classOf(new SQLException("no state"))).isEqualTo(ErrorClass.FATAL);
        assertThat(SqlErrorClassifier.classOf(new SQLTransientException("a transient type, no state")))
                .isEqualTo(ErrorClass.FATAL);
    }

    @Test
    void jdbcExceptionTypesWithoutAStateAreClassifiedByType() {
        assertThat(SqlErrorClassifier.classOf(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(ErrorClass.TRANSIENT);
        assertThat(SqlErrorClassifier.classOf(new SQLRecoverableException("socket closed")))
                .isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(SqlErrorClassifier.classOf(new SQLNonTransientConnectionException("connection unusable")))
                .isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(SqlErrorClassifier.classOf(new SQLTimeoutException("query timeout")))
                .isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(SqlErrorClassifier.classOf(new SQLTransactionRollbackException("rolled back")))
                .isEqualTo(ErrorClass.TRANSIENT);
    }

    /**
     * HikariCP's pool timeout carries the SQLState of the last failed connection attempt (class 08): it still ran no
     * statement, so its type wins over that state.
     */
    @Test
    void poolTimeoutIsTransientWhateverStateItCarries() {
        SQLException refused = new SQLException("Connection refused", "08001");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "cas-admin - Connection is not available, request timed out after 250ms", "08001", refused);
        assertThat(SqlErrorClassifier.classOf(timeout)).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(SqlErrorClassifier.mayHaveApplied(timeout)).isFalse();
    }

    @Test
    void stateWinsOverType() {
        assertThat(SqlErrorClassifier.classOf(new SQLRecoverableException("refused at start-up", "53300")))
                .isEqualTo(ErrorClass.TRANSIENT);
        assertThat(SqlErrorClassifier.classOf(new SQLTransactionRollbackException("bad", "XX000")))
                .as("an unknown state falls through to the type")
                .isEqualTo(ErrorClass.TRANSIENT);
    }

    @ParameterizedTest(name = "SQLite {0}")
    @EnumSource(
            value = SQLiteErrorCode.class,
            names = {
                "SQLITE_BUSY",
                "SQLITE_BUSY_RECOVERY",
                "SQLITE_BUSY_SNAPSHOT",
                "SQLITE_BUSY_TIMEOUT",
                "SQLITE_LOCKED",
                "SQLITE_LOCKED_SHAREDCACHE"
            })
    void sqliteBusyAndLockedAreTransient(SQLiteErrorCode code) {
        SQLiteException e = new SQLiteException("database is locked", code);
        StoreAccessException classified = SqlErrorClassifier.classify(e, "sqlite", "begin");
        assertThat(classified.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(classified.vendorCode()).as("the extended code").isEqualTo(code.code);
    }

    @ParameterizedTest(name = "SQLite {0}")
    @EnumSource(
            value = SQLiteErrorCode.class,
            names = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})
    void sqliteUniqueRulesAreUniqueViolations(SQLiteErrorCode code) {
        assertThat(SqlErrorClassifier.classOf(new SQLiteException("UNIQUE constraint failed", code)))
                .isEqualTo(ErrorClass.UNIQUE_VIOLATION);
    }

    @ParameterizedTest(name = "SQLite {0}")
    @EnumSource(
            value = SQLiteErrorCode.class,
            names = {
                "SQLITE_CONSTRAINT_NOTNULL",
                "SQLITE_CONSTRAINT_CHECK",
                "SQLITE_IOERR",
                "SQLITE_FULL",
                "SQLITE_CANTOPEN",
                "SQLITE_READONLY",
                "SQLITE_CORRUPT",
                "SQLITE_ERROR"
            })
    void otherSqliteCodesAreFatal(SQLiteErrorCode code) {
        assertThat(SqlErrorClassifier.classOf(new SQLiteException("failed", code)))
                .isEqualTo(ErrorClass.FATAL);
    }

    @Test
    void theFirstSqlExceptionOfTheCauseChainDecides() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend", "08006");
        RuntimeException wrapped = new IllegalStateException("jdbi", new RuntimeException("hikari", lost));
        StoreAccessException e = SqlErrorClassifier.classify(wrapped, "postgres", "put sandbox/a");
        assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(e.outcomeUnknown()).as("a write may have applied").isTrue();
        assertThat(e.whileReading().outcomeUnknown())
                .as("a read applies nothing")
                .isFalse();
        assertThat(e.sqlState()).isEqualTo("08006");
        assertThat(e.backend()).isEqualTo("postgres");
        assertThat(e.getCause()).isSameAs(wrapped);
        assertThat(e.getMessage()).contains("put sandbox/a: An I/O error occurred", "sqlState=08006");
    }

    @Test
    void noSqlExceptionIsFatal() {
        IllegalStateException notSql = new IllegalStateException("not a database error");
        StoreAccessException e = SqlErrorClassifier.classify(notSql, "sqlite", "get sandbox/a");
        assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(e.sqlState()).isNull();
        assertThat(SqlErrorClassifier.ruleFor(notSql))
                .isEqualTo(SqlErrorClassifier.rules().get(0));
    }

    @Test
    void theRulesNameEveryClassButConflict() {
        Set<ErrorClass> classes = SqlErrorClassifier.rules().stream()
                .map(SqlErrorClassifier.Rule::errorClass)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorClass.class)));
        assertThat(classes).isEqualTo(EnumSet.complementOf(EnumSet.of(ErrorClass.CONFLICT)));
        assertThat(SqlErrorClassifier.rules())
                .allSatisfy(r -> assertThat(r.reason()).isNotBlank())
                .filteredOn(r -> r.errorClass() == ErrorClass.CONNECTION_LOST)
                .allSatisfy(r -> assertThat(r.reason()).contains("may have applied"));
    }
}
