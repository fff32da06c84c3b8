package io.casharness.store.jdbc;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.util.Map;

/**
 * {@code postgres}: {@link JdbcBackend#postgresAt(String)} on {@code url=jdbc:postgresql:...}, else
 * {@link JdbcBackend#postgres()} (the URL of {@code -Dcas.pg.url} / {@code CAS_PG_URL}, else Testcontainers when
 * Docker answers, else embedded PostgreSQL).
 */
public final class PostgresBackendProvider implements BackendProvider {
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
        return Map.of(
                "url",
                "jdbc:postgresql:// URL with credentials; currentSchema= joins that schema, else a fresh one dropped"
                        + " on close");
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        String url = options.get("url");
        return url == null ? JdbcBackend.postgres() : JdbcBackend.postgresAt(url);
    }
}
