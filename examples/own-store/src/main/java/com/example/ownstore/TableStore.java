package com.example.ownstore;

import static java.util.Objects.requireNonNull;

import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.ErrorClass;
import io.casharness.store.LabelSelector;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreChecks;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One replica: one SQLite connection, used by one thread at a time. A write runs in {@code BEGIN IMMEDIATE}, which
 * holds the file's write lock from its first read, so the version it checks is the version it replaces.
 */
final class TableStore implements CasStore {
    private final TableBackend backend;
    private final StoreOptions options;
    private final Connection connection;
    private volatile boolean closed;

    TableStore(TableBackend backend, StoreOptions options) {
        this.backend = backend;
        this.options = requireNonNull(options, "options");
        try {
            this.connection = backend.connect();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public String backend() {
        return backend.name();
    }

    @Override
    public String describe() {
        return backend.describe() + " replica " + options.replicaName();
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        requireNonNull(condition, "condition");
        StoreChecks.payload(spec, options.maxPayloadBytes());
        ObjectKey key = spec.key();
        return write(() -> {
            Optional<StoredObject> current = find(key);
            if (condition instanceof WriteCondition.MustCreate && current.isPresent()) {
                return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
            }
            if (condition instanceof WriteCondition.MatchVersion m) {
                if (current.isEmpty()) {
                    return Conflict.absent(key, m.version());
                }
                if (current.get().resourceVersion() != m.version()) {
                    return Conflict.at(key, m.version(), current.get().resourceVersion());
                }
            }
            if (spec.name() != null) {
                for (StoredObject holder :
                        select("kind = ? AND name = ? AND id <> ?", key.kind(), spec.name(), key.id())) {
                    return new AlreadyExists(key, AlreadyExists.Constraint.NAME, holder.key());
                }
            }
            execute("UPDATE counter SET last = last + 1");
            long version =
                    select("SELECT last FROM counter", rs -> rs.getLong(1)).get(0);
            Instant now = options.clock().instant();
            Instant created = current.map(StoredObject::createdAt).orElse(now);
            // REPLACE only ever replaces this key's row: no other row holds the name (checked above)
            execute(
                    "INSERT OR REPLACE INTO objects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    key.kind(),
                    key.id(),
                    spec.name(),
                    encode(spec.labels()),
                    spec.payload(),
                    version,
                    created.toString(),
                    now.toString());
            return new Written(new StoredObject(spec, version, created, now));
        });
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        StoreChecks.delete(key, condition);
        return write(() -> {
            Optional<StoredObject> current = find(key);
            if (current.isEmpty()) {
                return new NotFound(key);
            }
            long version = current.get().resourceVersion();
            if (condition instanceof WriteCondition.MatchVersion m && version != m.version()) {
                return Conflict.at(key, m.version(), version);
            }
            execute("DELETE FROM objects WHERE kind = ? AND id = ?", key.kind(), key.id());
            return new Deleted(key, version);
        });
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        return read(() -> find(key));
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        StoreChecks.kind(kind);
        StoreChecks.name(name);
        return read(() -> select("kind = ? AND name = ?", kind, name).stream().findFirst());
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        StoreChecks.kind(kind);
        requireNonNull(selector, "selector");
        requireNonNull(page, "page");
        List<StoredObject> matching =
                read(() -> select(
                                "kind = ? AND id > ? ORDER BY id",
                                kind,
                                page.after().orElse("")))
                        .stream()
                        .filter(o -> selector.matches(o.labels()))
                        .limit(page.limit() + 1L)
                        .collect(Collectors.toCollection(ArrayList::new));
        boolean more = matching.size() > page.limit();
        List<StoredObject> items = more ? matching.subList(0, page.limit()) : matching;
        return new Page(
                items, more ? Optional.of(items.get(items.size() - 1).key().id()) : Optional.empty());
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private interface Step<T> {
        T run() throws SQLException;
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private synchronized <T> T write(Step<T> step) {
        ensureOpen();
        try {
            execute("BEGIN IMMEDIATE");
            try {
                T result = step.run();
                execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private synchronized <T> T read(Step<T> step) {
        ensureOpen();
        try {
            return step.run();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Optional<StoredObject> find(ObjectKey key) throws SQLException {
        return select("kind = ? AND id = ?", key.kind(), key.id()).stream().findFirst();
    }

    private List<StoredObject> select(String where, Object... args) throws SQLException {
        return select(
                "SELECT kind, id, name, labels, payload, version, created, updated FROM objects WHERE " + where,
                rs -> new StoredObject(
                        new ObjectSpec(
                                new ObjectKey(rs.getString(1), rs.getString(2)),
                                rs.getString(3),
                                decode(rs.getString(4)),
                                rs.getBytes(5)),
                        rs.getLong(6),
                        Instant.parse(rs.getString(7)),
                        Instant.parse(rs.getString(8))),
                args);
    }

    private <T> List<T> select(String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        }
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    /** Labels as {@code k=v,k=v}: neither character may occur in a label key or value. */
    private static String encode(Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.isEmpty() ? new String[0] : text.split(",")) {
            labels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return labels;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(describe());
        }
    }

    /** SQLITE_BUSY (5) and SQLITE_LOCKED (6) may be retried; anything else is fatal. */
    private StoreAccessException failure(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        ErrorClass errorClass = code == 5 || code == 6 ? ErrorClass.TRANSIENT : ErrorClass.FATAL;
        return new StoreAccessException(
                errorClass, backend(), e.getSQLState(), code, describe() + ": " + e.getMessage(), e);
    }
}
