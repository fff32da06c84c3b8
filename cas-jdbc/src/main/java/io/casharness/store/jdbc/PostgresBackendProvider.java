package io.casharness.store.jdbc;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code postgres}: {@link JdbcBackend#postgresAt(String, JdbcSettings)} on {@code url=jdbc:postgresql:...}, else
 * {@link JdbcBackend#postgres(JdbcSettings)} (the URL of {@code -Dcas.pg.url} / {@code CAS_PG_URL}, else
 * Testcontainers when Docker answers, else embedded PostgreSQL).
 *
 * <p>{@code pool=N} sets the connections per replica (1 to {@value JdbcSettings#MAX_POOL_SIZE}, default
 * {@value JdbcBackend#DEFAULT_POOL_SIZE}); {@code statementTimeout=MS} sets {@code statement_timeout} on the
 * replicas' connections: a statement running longer is cancelled with SQLState 57014, a TRANSIENT failure that did
 * not apply (0 to {@value JdbcSettings#MAX_STATEMENT_TIMEOUT_MS}; 0 and the default: no timeout). A value out of its
 * bounds is an {@link IllegalArgumentException} naming the option, the value and the bound. {@code schema=NAME} joins
 * that schema on whichever server the URL or the source names (created if absent, never dropped on close), so several
 * processes given the same server and schema share one database.
 */
public final class PostgresBackendProvider implements BackendProvider {
    /** {@code schema=NAME}: join that schema (created if absent, never dropped), as {@code currentSchema=} does. */
    public static final String SCHEMA_OPTION = "schema";

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String description() {
        return "PostgreSQL in its own schema (url=, else CAS_PG_URL, else Testcontainers, else embedded)";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "url",
                "jdbc:postgresql:// URL with credentials; currentSchema= joins that schema, else a fresh one dropped"
                        + " on close");
        options.put(
                SCHEMA_OPTION,
                "a schema to join, created if absent and never dropped: processes given the same server and schema"
                        + " share one database (as the URL's currentSchema=)");
        JdbcSettings.describeOptions(
                options, "statement_timeout, a longer statement is cancelled (0 and the default: none)");
        return options;
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        JdbcSettings settings = JdbcSettings.fromOptions(options);
        String url = options.get("url");
        String schema = options.get(SCHEMA_OPTION);
        if (schema != null) {
            return url == null
                    ? JdbcBackend.postgresInSchema(settings, schema)
                    : JdbcBackend.postgresAt(JdbcBackend.withSchema(url, schema), settings);
        }
        return url == null ? JdbcBackend.postgres(settings) : JdbcBackend.postgresAt(url, settings);
    }
}
