package io.casharness.bench;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Helpers to classify what one attempt met. */
final class Attempt {
    private Attempt() {}

    /** PostgreSQL serialization failure or deadlock: the transaction did not apply and may be retried. */
    static boolean isPgSerializationFailure(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** SQLite BUSY (any extended code, BUSY_SNAPSHOT included) or LOCKED: nothing applied, may be retried. */
    static boolean isSqliteBusy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 5 || primary == 6;
    }

    /** The label errors are counted under: the SQLState, or the SQLite result code name. */
    static String label(SQLException e) {
        if (e instanceof SQLiteException s) {
            return "sqlite:" + s.getResultCode().name();
        }
        return "sqlstate:" + e.getSQLState();
    }
}
