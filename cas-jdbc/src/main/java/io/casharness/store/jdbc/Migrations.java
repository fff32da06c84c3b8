package io.casharness.store.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Flyway, per dialect: {@code V1} is the pre-version schema an older gateway had, {@code V2} adds
 * {@code resource_version} (backfilled to 1) and the version counter, {@code V3} the one-round-trip
 * {@code MatchVersion} write, {@code V4} (SQLite) per-key versions, {@code V5} (PostgreSQL) versions drawn only
 * once the writing transaction holds its key. The dialects share one numbering: PostgreSQL has no V4, SQLite no
 * V5. Not API.
 */
final class Migrations {
    private Migrations() {}

    /**
     * Migrates the database behind {@code dataSource}.
     *
     * @param schema the PostgreSQL schema to create if missing and migrate (Flyway keeps its history there), or
     *     {@code null} for SQLite
     * @param target the version to stop at, or {@code null} for the latest
     * @return the number of migrations applied
     */
    static int migrate(DataSource dataSource, Dialect dialect, String schema, String target) {
        return migrate(dataSource, dialect, schema, target, null);
    }

    /**
     * {@link #migrate(DataSource, Dialect, String, String)} with the migrations of the Flyway location
     * {@code extraLocation} too, if not {@code null}: tests add one that fails.
     */
    static int migrate(DataSource dataSource, Dialect dialect, String schema, String target, String extraLocation) {
        String[] locations = extraLocation == null
                ? new String[] {dialect.migrationLocation()}
                : new String[] {dialect.migrationLocation(), extraLocation};
        FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .failOnMissingLocations(true);
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        if (target != null) {
            config = config.target(target);
        }
        return config.load().migrate().migrationsExecuted;
    }
}
