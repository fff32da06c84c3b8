package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.internal.LabelsJson;
import io.casharness.store.internal.SqlErrors;
import io.casharness.store.internal.Validation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * The reference JDBC store: one replica, i.e. one HikariCP pool, over SQLite or PostgreSQL. Obtain one from
 * {@link JdbcBackend#openReplica}. The SQL and the write algorithm of each database live in its dialect class;
 * see {@code docs/store-semantics.md} for the statements.
 *
 * <ul>
 *   <li>Versions come from ONE counter per database (PostgreSQL sequence {@code object_rv}, SQLite row
 *       {@code rv_counter}) that only rises: they are unique across keys and incarnations, so a
 *       {@code MatchVersion(v)} from before a delete never matches a re-created object (no ABA).
 *   <li>Reads and lists build each object from one row: payload, labels and version of one write.
 *   <li>Timestamps come from {@link StoreOptions#clock()}, truncated to microseconds (the precision both databases
 *       keep), so the {@code Written} object equals what a later read returns.
 *   <li>{@link #update} is the {@link io.casharness.store.Retrier} loop of the interface: get + conditional put,
 *       each one statement on PostgreSQL.
 * </ul>
 *
 * <p>Thread-safe. After {@link #close()} every method throws {@link StoreClosedException}. Database errors are
 * thrown as {@link StoreAccessException}, classified by {@link SqlErrors}.
 */
public final class JdbcCasStore implements CasStore {
    /** Rows fetched per round trip when a filtered list streams through the table. */
    private static final int SCAN_FETCH_SIZE = 256;

    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final StoreOptions options;
    private final String description;
    private final Consumer<JdbcCasStore> onClose;
    private volatile boolean closed;

    JdbcCasStore(
            SqlDialect dialect,
            HikariDataSource pool,
            StoreOptions options,
            String backendDescription,
            Consumer<JdbcCasStore> onClose) {
        this.dialect = requireNonNull(dialect, "dialect");
        this.pool = requireNonNull(pool, "pool");
        this.options = requireNonNull(options, "options");
        this.description = backendDescription + " " + options.replicaName();
        this.onClose = requireNonNull(onClose, "onClose");
        this.jdbi = Jdbi.create(pool);
    }

    @Override
    public String backend() {
        return dialect.dialect().backendName();
    }

    @Override
    public String describe() {
        return description;
    }

    /** The options this replica was opened with. */
    public StoreOptions options() {
        return options;
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        requireNonNull(condition, "condition");
        Validation.payload(spec.payloadSize(), options.maxPayloadBytes());
        ensureOpen();
        Instant now = options.clock().instant().truncatedTo(ChronoUnit.MICROS);
        SqlDialect.Write write = new SqlDialect.Write(spec, LabelsJson.write(spec.labels()), now);
        return call("put " + spec.key() + " " + condition, h -> dialect.put(h, write, condition));
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        requireNonNull(key, "key");
        requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.MustCreate) {
            throw new IllegalArgumentException("delete takes MatchVersion or Unconditional, not MustCreate");
        }
        ensureOpen();
        return call("delete " + key + " " + condition, h -> dialect.delete(h, key, condition));
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        return call(
                "get " + key,
                h -> h.createQuery(SqlDialect.GET)
                        .bind("kind", key.kind())
                        .bind("id", key.id())
                        .map((rs, ctx) -> dialect.object(rs))
                        .findOne());
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        Validation.kind(kind);
        Validation.name(name);
        ensureOpen();
        return call(
                "getByName " + kind + "/" + name,
                h -> h.createQuery(SqlDialect.GET_BY_NAME)
                        .bind("kind", kind)
                        .bind("name", name)
                        .map((rs, ctx) -> dialect.object(rs))
                        .findOne());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keyset pagination by id within the kind ({@code id > after ORDER BY id}), one statement per page, so a page
     * is one snapshot. Without a selector the database stops after {@code limit + 1} rows. With a selector the
     * labels are matched in Java while the one statement is streamed ({@value #SCAN_FETCH_SIZE} rows per round
     * trip on PostgreSQL, inside a read transaction because pgjdbc only streams there), until {@code limit + 1}
     * objects matched or the kind ends; {@code continueAfter} is set only if a further matching object exists.
     */
    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        Validation.kind(kind);
        requireNonNull(selector, "selector");
        requireNonNull(page, "page");
        ensureOpen();
        String after = page.after().orElse("");
        int limit = page.limit();
        return call("list " + kind + " selector=" + selector + " after=" + after, h -> {
            if (selector.isEverything()) {
                return page(
                        h.createQuery(SqlDialect.LIST_LIMIT).bind("limit", limit + 1), kind, after, selector, limit);
            }
            if (dialect.cursorNeedsTransaction()) {
                return h.inTransaction(t -> page(
                        t.createQuery(SqlDialect.LIST_SCAN).setFetchSize(SCAN_FETCH_SIZE),
                        kind,
                        after,
                        selector,
                        limit));
            }
            return page(h.createQuery(SqlDialect.LIST_SCAN), kind, after, selector, limit);
        });
    }

    private Page page(Query q, String kind, String after, LabelSelector selector, int limit) {
        return q.bind("kind", kind).bind("after", after).scanResultSet((supplier, ctx) -> {
            ResultSet rs = supplier.get();
            List<StoredObject> items = new ArrayList<>();
            boolean more = false;
            while (rs.next()) {
                Map<String, String> labels = LabelsJson.read(rs.getString("labels"));
                if (!selector.matches(labels)) {
                    continue;
                }
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(dialect.object(rs, labels));
            }
            Optional<String> next =
                    more ? Optional.of(items.get(items.size() - 1).key().id()) : Optional.empty();
            return new Page(items, next);
        });
    }

    /** Closes this replica's pool. Idempotent; stored data stays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.close();
        } finally {
            onClose.accept(this);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(describe());
        }
    }

    private <T> T call(String what, HandleCallback<T, SQLException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException | SQLException e) {
            if (closed) {
                StoreClosedException c = new StoreClosedException(describe());
                c.addSuppressed(e);
                throw c;
            }
            throw SqlErrors.classify(backend(), what + " on " + describe(), e);
        }
    }
}
