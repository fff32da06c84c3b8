package io.casharness.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.casharness.store.CasStore;
import io.casharness.store.CasStoreException;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.Retrier;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.UpdateSteps;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.internal.Validation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 *   <li>A key's versions rise across its incarnations, so a {@code MatchVersion(v)} from before a delete never
 *       matches a re-created object (no ABA). PostgreSQL draws every version from the sequence {@code object_rv}
 *       (unique across keys too); SQLite counts per key and a new object draws from the {@code rv_counter} floor,
 *       which every delete raises (see {@link JdbcBackend#versionsUniqueAcrossKeys()}).
 *   <li>Reads and lists build each object from one row: payload, labels and version of one write.
 *   <li>Timestamps come from {@link StoreOptions#clock()}, truncated to microseconds (the precision both databases
 *       keep), so the {@code Written} object equals what a later read returns.
 *   <li>{@link #update} is the {@link Retrier} loop of the interface run on this store's own {@link UpdateSteps}:
 *       the first attempt starts from the object this replica last read or wrote (its {@link BasisCache}, sized by
 *       {@link StoreOptions#basisCacheBytes()}) instead of a read, and a write that loses returns the object it
 *       lost to, so a retry needs no read either. Every attempt is one round trip on PostgreSQL and one
 *       {@code BEGIN IMMEDIATE} transaction on SQLite. The write still applies only at the basis's version, so
 *       a stale basis costs one conflicted attempt, never an update. On PostgreSQL the threads of the replica take
 *       turns per key ({@link KeyTurns}, {@link StoreOptions#updateTurns()}), so they do not conflict with each
 *       other: only other replicas make an update retry. SQLite ignores the option: its write lock already admits
 *       one writer at a time for microseconds, and handing turns between threads cost more than it saved.
 *   <li>The hot path ({@link #get}, {@code MatchVersion} {@link #put}, {@link #update}) is plain JDBC on one pool
 *       connection per step, its statements prepared once per connection ({@link StatementCache}); the rest goes
 *       through Jdbi.
 * </ul>
 *
 * <p>Thread-safe. After {@link #close()} every method throws {@link StoreClosedException}. Database errors are
 * thrown as {@link StoreAccessException}, classified by {@link SqlErrorClassifier}.
 */
public final class JdbcCasStore implements CasStore {
    /** Rows fetched per round trip when a filtered list streams through the table. */
    private static final int SCAN_FETCH_SIZE = 256;

    /** How long an update waits for its key's turn before it goes ahead without it (see {@link KeyTurns}). */
    static final long TURN_MAX_WAIT_NANOS = 1_000_000_000L;

    private final SqlDialect dialect;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final StoreOptions options;
    private final String description;
    private final Consumer<JdbcCasStore> onClose;
    private final BasisCache cache;
    private final StatementCache statements = new StatementCache();
    private final KeyTurns turns = new KeyTurns(TURN_MAX_WAIT_NANOS);
    private final boolean useTurns;
    private final UpdateSteps steps = new Steps();
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
        this.cache = new BasisCache(options.basisCacheBytes());
        // SQLite's write lock already admits one writer at a time, held for microseconds in this process: handing a
        // turn from thread to thread costs more than the conflicts it saves (docs/benchmarks.md)
        this.useTurns = options.updateTurns() && dialect.dialect() == Dialect.POSTGRES;
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
        if (condition instanceof WriteCondition.MatchVersion m) {
            return putIfVersion(spec, m.version(), null).outcome();
        }
        SqlDialect.Write write = write(spec);
        PutOutcome outcome = call("put " + spec.key() + " " + condition, h -> dialect.put(h, write, condition));
        if (outcome instanceof Written w) {
            cache.offer(w.object());
        }
        return outcome;
    }

    /** {@code update} on this store's own steps: see the class comment. */
    @Override
    public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
        requireNonNull(key, "key");
        requireNonNull(mutation, "mutation");
        requireNonNull(policy, "policy");
        ensureOpen();
        if (!useTurns) {
            return Retrier.of(policy).update(steps, key, mutation);
        }
        KeyTurns.Held turn;
        try {
            turn = turns.take(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CasStoreException("interrupted while waiting for the update turn of " + key, e);
        }
        try {
            return Retrier.of(policy).update(steps, key, mutation);
        } finally {
            turns.release(turn);
        }
    }

    private UpdateSteps.Step putIfVersion(ObjectSpec spec, long expected, StoredObject basis) {
        SqlDialect.Write write = write(spec);
        UpdateSteps.Step step = jdbc(
                () -> "put " + spec.key() + " " + WriteCondition.matchVersion(expected),
                c -> dialect.putIfVersion(c, statements, write, expected, basis));
        if (step.outcome() instanceof Written w) {
            cache.offer(w.object());
        } else if (step.current() != null) {
            cache.offer(step.current());
        } else if (step.outcome() instanceof Conflict c && c.isAbsent()) {
            cache.forget(spec.key());
        }
        return step;
    }

    private SqlDialect.Write write(ObjectSpec spec) {
        Instant now = options.clock().instant().truncatedTo(ChronoUnit.MICROS);
        return new SqlDialect.Write(spec, LabelsJson.write(spec.labels()), now);
    }

    /** The update steps: the basis cache, a plain read, every write one step that returns what it lost to. */
    /** The size of this replica's pool. */
    int poolSize() {
        return pool.getMaximumPoolSize();
    }

    private final class Steps implements UpdateSteps {
        @Override
        public Optional<StoredObject> cached(ObjectKey key) {
            return Optional.ofNullable(cache.get(key));
        }

        @Override
        public Optional<StoredObject> read(ObjectKey key) {
            return get(key);
        }

        @Override
        public Step write(ObjectSpec next, StoredObject basis) {
            Validation.payload(next.payloadSize(), options.maxPayloadBytes());
            ensureOpen();
            return putIfVersion(next, basis.resourceVersion(), basis);
        }
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Validation.delete(key, condition);
        ensureOpen();
        DeleteOutcome outcome = call("delete " + key + " " + condition, h -> dialect.delete(h, key, condition));
        if (outcome instanceof Deleted d) {
            cache.forget(key, d.deletedVersion());
        } else if (outcome instanceof NotFound) {
            cache.forget(key);
        }
        return outcome;
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        Optional<StoredObject> found = jdbc(() -> "get " + key, c -> dialect.get(c, statements, key));
        if (found.isPresent()) {
            cache.offer(found.get());
        } else {
            cache.forget(key);
        }
        return found;
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

    @FunctionalInterface
    private interface JdbcWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Plain JDBC on one pooled connection, in autocommit mode; {@code what} is built only for an error. */
    private <T> T jdbc(Supplier<String> what, JdbcWork<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                return work.run(c);
            } catch (SQLException | RuntimeException e) {
                statements.forget(c);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what.get(), e);
        }
    }

    private RuntimeException failure(String what, Exception e) {
        if (closed) {
            StoreClosedException c = new StoreClosedException(describe());
            c.addSuppressed(e);
            return c;
        }
        return SqlErrorClassifier.classify(e, backend(), what + " on " + describe());
    }

    private <T> T call(String what, HandleCallback<T, SQLException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException | SQLException e) {
            throw failure(what, e);
        }
    }
}
