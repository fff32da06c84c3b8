package com.example.ownstore;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.nio.file.Path;
import java.util.Map;

/** Makes the store known by name to tools that look backends up: {@code own-sqlite}, optionally {@code file=}. */
public final class TableBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "own-sqlite";
    }

    @Override
    public String description() {
        return "a store of one's own: one SQLite table (a temp file unless file= names one)";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("file", "the SQLite database file, created if missing");
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        String file = options.get("file");
        return file == null ? TableBackend.inTempDirectory() : TableBackend.at(Path.of(file), false);
    }
}
