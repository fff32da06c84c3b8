package io.casharness.store.memory;

import static java.util.Objects.requireNonNull;

import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.internal.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The linearizable in-memory model: the oracle the conformance suite validates the real stores against, and the
 * jcstress target.
 *
 * <p>Deliberately simple: one lock guards all state, so every operation takes effect atomically at one instant
 * while the lock is held, and reads return immutable {@link StoredObject}s. Versions come from one counter that
 * only rises, shared by all keys, so a re-created object never reuses a version (no ABA).
 *
 * <p>Thread-safe. Several "replicas" of the model share one {@link MemoryDatabase}; each replica is a
 * {@code MemoryCasStore} that can be closed on its own.
 */
public final class MemoryCasStore implements CasStore {
    private final MemoryDatabase db;
    private final StoreOptions options;
    private volatile boolean closed;

    /** A replica over {@code db}. */
    public MemoryCasStore(MemoryDatabase db, StoreOptions options) {
        this.db = requireNonNull(db, "db");
        this.options = requireNonNull(options, "options");
    }

    /** A store over a fresh database of its own. */
    public static MemoryCasStore create() {
        return new MemoryCasStore(new MemoryDatabase(), StoreOptions.defaults());
    }

    @Override
    public String backend() {
        return "memory";
    }

    @Override
    public String describe() {
        return "memory (in-process model) " + options.replicaName();
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        requireNonNull(condition, "condition");
        Validation.payload(spec.payloadSize(), options.maxPayloadBytes());
        ensureOpen();
        Instant now = options.clock().instant();
        ObjectKey key = spec.key();
        db.lock.lock();
        try {
            StoredObject current = db.objects.get(key);
            if (condition instanceof WriteCondition.MustCreate) {
                if (current != null) {
                    return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
                }
            } else if (condition instanceof WriteCondition.MatchVersion m) {
                if (current == null) {
                    return Conflict.absent(key, m.version());
                }
                if (current.resourceVersion() != m.version()) {
                    return Conflict.at(key, m.version(), current.resourceVersion());
                }
            }
            if (spec.name() != null) {
                ObjectKey holder = db.names.get(nameKey(key.kind(), spec.name()));
                if (holder != null && !holder.equals(key)) {
                    return new AlreadyExists(key, AlreadyExists.Constraint.NAME, holder);
                }
            }
            if (current != null && current.name() != null) {
                db.names.remove(nameKey(key.kind(), current.name()));
            }
            if (spec.name() != null) {
                db.names.put(nameKey(key.kind(), spec.name()), key);
            }
            StoredObject written =
                    new StoredObject(spec, ++db.lastVersion, current == null ? now : current.createdAt(), now);
            db.objects.put(key, written);
            return new Written(written);
        } finally {
            db.lock.unlock();
        }
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Validation.delete(key, condition);
        ensureOpen();
        db.lock.lock();
        try {
            StoredObject current = db.objects.get(key);
            if (current == null) {
                return new NotFound(key);
            }
            if (condition instanceof WriteCondition.MatchVersion m && current.resourceVersion() != m.version()) {
                return Conflict.at(key, m.version(), current.resourceVersion());
            }
            db.objects.remove(key);
            if (current.name() != null) {
                db.names.remove(nameKey(key.kind(), current.name()));
            }
            return new Deleted(key, current.resourceVersion());
        } finally {
            db.lock.unlock();
        }
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        ensureOpen();
        db.lock.lock();
        try {
            return Optional.ofNullable(db.objects.get(key));
        } finally {
            db.lock.unlock();
        }
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        Validation.kind(kind);
        Validation.name(name);
        ensureOpen();
        db.lock.lock();
        try {
            ObjectKey key = db.names.get(nameKey(kind, name));
            return key == null ? Optional.empty() : Optional.of(db.objects.get(key));
        } finally {
            db.lock.unlock();
        }
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        Validation.kind(kind);
        requireNonNull(selector, "selector");
        requireNonNull(page, "page");
        ensureOpen();
        List<StoredObject> items = new ArrayList<>();
        db.lock.lock();
        try {
            ObjectKey from = new ObjectKey(kind, page.after().orElse("0"));
            NavigableMap<ObjectKey, StoredObject> tail =
                    page.after().isPresent() ? db.objects.tailMap(from, false) : db.objects.tailMap(from, true);
            boolean more = false;
            for (StoredObject o : tail.values()) {
                if (!o.key().kind().equals(kind)) {
                    break;
                }
                if (!selector.matches(o.labels())) {
                    continue;
                }
                if (items.size() == page.limit()) {
                    more = true;
                    break;
                }
                items.add(o);
            }
            Optional<String> next =
                    more ? Optional.of(items.get(items.size() - 1).key().id()) : Optional.empty();
            return new Page(items, next);
        } finally {
            db.lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(describe());
        }
    }

    private static String nameKey(String kind, String name) {
        return kind + '\u0000' + name;
    }

    /**
     * The state several {@link MemoryCasStore} replicas share. Thread-safe.
     */
    public static final class MemoryDatabase {
        final ReentrantLock lock = new ReentrantLock();
        final TreeMap<ObjectKey, StoredObject> objects = new TreeMap<>();
        final Map<String, ObjectKey> names = new HashMap<>();
        long lastVersion;

        void clear() {
            lock.lock();
            try {
                objects.clear();
                names.clear();
            } finally {
                lock.unlock();
            }
        }

        /** The number of objects stored. */
        public int size() {
            lock.lock();
            try {
                return objects.size();
            } finally {
                lock.unlock();
            }
        }
    }
}
