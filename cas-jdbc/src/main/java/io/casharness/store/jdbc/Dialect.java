package io.casharness.store.jdbc;

/** The SQL databases {@link JdbcBackend} runs on. Immutable and thread-safe. */
public enum Dialect {
    /** SQLite through sqlite-jdbc: one file, WAL, {@code BEGIN IMMEDIATE} write transactions. */
    SQLITE("sqlite", "db/migration/sqlite"),
    /** PostgreSQL through pgjdbc: single-statement writes with {@code RETURNING}. */
    POSTGRES("postgres", "db/migration/postgres");

    private final String backendName;
    private final String migrations;

    Dialect(String backendName, String migrations) {
        this.backendName = backendName;
        this.migrations = migrations;
    }

    /** The backend name reports use: {@code sqlite} or {@code postgres}. */
    public String backendName() {
        return backendName;
    }

    /** The classpath folder holding this dialect's Flyway migrations. */
    public String migrationLocation() {
        return "classpath:" + migrations;
    }
}
