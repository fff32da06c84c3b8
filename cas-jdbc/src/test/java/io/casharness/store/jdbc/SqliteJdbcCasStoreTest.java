package io.casharness.store.jdbc;

/** {@link JdbcCasStoreContract} on a SQLite file in a temp directory. */
class SqliteJdbcCasStoreTest extends JdbcCasStoreContract {
    @Override
    protected JdbcBackend openBackend() {
        return JdbcBackend.sqliteTemp();
    }

    @Override
    protected boolean takesUpdateTurns() {
        return false;
    }
}
