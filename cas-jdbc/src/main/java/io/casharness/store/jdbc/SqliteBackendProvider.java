package io.casharness.store.jdbc;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code sqlite}: {@link JdbcBackend#sqlite(Path, JdbcSettings)} on {@code file=PATH} (kept on close), else
 * {@link JdbcBackend#sqliteTemp(JdbcSettings)} (a temp file deleted on close). {@code url=jdbc:sqlite:PATH} is the
 * same as {@code file=PATH}.
 *
 * <p>{@code pool=N} sets the connections per replica (1 to {@value JdbcSettings#MAX_POOL_SIZE}, default
 * {@value JdbcBackend#DEFAULT_POOL_SIZE}); {@code statementTimeout=MS} sets SQLite's {@code busy_timeout} on the
 * replicas' connections: how long a statement or {@code BEGIN IMMEDIATE} waits for the write lock before
 * {@code SQLITE_BUSY} (0 to {@value JdbcSettings#MAX_STATEMENT_TIMEOUT_MS}; 0 fails at once; default
 * {@value JdbcBackend#SQLITE_BUSY_TIMEOUT_MS}). A value out of its bounds is an {@link IllegalArgumentException}
 * naming the option, the value and the bound.
 */
public final class SqliteBackendProvider implements BackendProvider {
    private static final String URL_PREFIX = "jdbc:sqlite:";

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String description() {
        return "SQLite file, WAL (a temp file deleted on close unless file= names one)";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("file", "the database file, created and migrated if missing, kept on close");
        options.put("url", URL_PREFIX + "PATH, the same as file=PATH");
        JdbcSettings.describeOptions(
                options,
                "busy timeout, how long a write waits for the lock (0 fails at once; default "
                        + JdbcBackend.SQLITE_BUSY_TIMEOUT_MS + ")");
        return options;
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        JdbcSettings settings = JdbcSettings.fromOptions(options);
        String file = options.get("file");
        String url = options.get("url");
        if (file != null && url != null) {
            throw new IllegalArgumentException("backend sqlite takes file= or url=, not both");
        }
        if (url != null) {
            if (!url.startsWith(URL_PREFIX) || url.length() == URL_PREFIX.length()) {
                throw new IllegalArgumentException("url must be " + URL_PREFIX + "PATH, was \"" + url + "\"");
            }
            file = url.substring(URL_PREFIX.length());
        }
        if (file == null) {
            return JdbcBackend.sqliteTemp(settings);
        }
        if (file.isBlank()) {
            throw new IllegalArgumentException("file must name a path, was blank");
        }
        return JdbcBackend.sqlite(Path.of(file), settings);
    }
}
