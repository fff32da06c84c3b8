package com.example.ownstore;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One SQLite file holding one table of objects and a version counter; every replica has its own connection. */
public final class TableBackend implements Backend {
    private final Path file;
    private final boolean deleteOnClose;
    private final List<CasStore> replicas = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TableBackend(Path file, boolean deleteOnClose) {
        this.file = file;
        this.deleteOnClose = deleteOnClose;
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT,"
                    + " labels TEXT NOT NULL, payload BLOB NOT NULL, version INTEGER NOT NULL,"
                    + " created TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (kind, id), UNIQUE (kind, name))");
            // one counter for the whole file: versions rise across delete, re-create and reset (no ABA)
            s.execute("CREATE TABLE IF NOT EXISTS counter (one INTEGER PRIMARY KEY CHECK (one = 1), last INTEGER)");
            s.execute("INSERT OR IGNORE INTO counter VALUES (1, 0)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the tables in " + file, e);
        }
    }

    /** A backend on {@code file}, created if missing; deleted on close if {@code deleteOnClose}. */
    public static TableBackend at(Path file, boolean deleteOnClose) {
        return new TableBackend(file.toAbsolutePath(), deleteOnClose);
    }

    /** A backend on a fresh file in a temp directory, deleted on close. */
    public static TableBackend inTempDirectory() {
        try {
            return at(Files.createTempDirectory("own-store-").resolve("objects.db"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a connection in WAL mode that waits for a lock instead of failing at once. */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA synchronous=NORMAL");
        }
        return c;
    }

    @Override
    public String name() {
        return "own-sqlite";
    }

    @Override
    public String describe() {
        return "own-sqlite (one table in " + file + ")";
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        ensureOpen();
        CasStore store = new TableStore(this, options);
        replicas.add(store);
        return store;
    }

    @Override
    public void reset() {
        ensureOpen();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM objects");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + file, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        replicas.forEach(CasStore::close);
        if (deleteOnClose) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                file.resolveSibling(file.getFileName() + suffix).toFile().delete();
            }
            file.getParent().toFile().delete();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backend is closed: " + describe());
        }
    }
}
