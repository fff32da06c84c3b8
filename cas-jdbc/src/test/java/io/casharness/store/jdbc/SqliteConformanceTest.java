package io.casharness.store.jdbc;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;

/** The conformance suite on SQLite: a file in a temp directory, WAL, BEGIN IMMEDIATE writes. */
class SqliteConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        return JdbcBackend.sqliteTemp();
    }
}
