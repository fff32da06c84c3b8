package io.casharness.bench;

import io.casharness.store.ErrorClass;
import io.casharness.store.jdbc.SqlErrorClassifier;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Helpers to classify what one attempt met. */
final class Attempt {
    private Attempt() {}

    /**
     * Whether the attempt did not apply and may be retried (a PostgreSQL serialization failure, deadlock, lock or
     * statement timeout; SQLite BUSY or LOCKED, any extended code), exactly as the store decides it: the project's one
     * classifier, {@link SqlErrorClassifier}.
     */
    static boolean retryable(SQLException e) {
        return SqlErrorClassifier.classOf(e) == ErrorClass.TRANSIENT;
    }

    /** The label errors are counted under: the SQLState, or the SQLite result code name. */
    static String label(SQLException e) {
        if (e instanceof SQLiteException s) {
            return "sqlite:" + s.getResultCode().name();
        }
        return "sqlstate:" + e.getSQLState();
    }
}
