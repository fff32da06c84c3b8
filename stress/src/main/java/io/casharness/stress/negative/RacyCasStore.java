package io.casharness.stress.negative;

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
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DELIBERATELY BROKEN: a store built from thread-safe parts that is not thread-safe as a whole. Two real-world
 * mistakes, each the negative control of one property:
 *
 * <ol>
 *   <li><b>Check, then act.</b> {@code put} and {@code delete} read the current version, compare it with the
 *       condition, and only then write: two writers can both pass the check on the same version (lost update,
 *       double create, resurrection).
 *   <li><b>One object, two reads.</b> The version and the spec live in two maps, written one after the other and
 *       read one after the other: a reader can pair the spec of one write with the version of another (a torn
 *       object).
 * </ol>
 *
 * <p>Versions come from one atomic counter, so they are unique: the bugs are only the two above. Used by the tests
 * in this package only.
 */
public final class RacyCasStore implements CasStore {
    private static final Instant T = Instant.EPOCH;

    private final ConcurrentHashMap<ObjectKey, Long> versions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ObjectKey, ObjectSpec> specs = new ConcurrentHashMap<>();
    private final AtomicLong lastVersion = new AtomicLong();

    @Override
    public String backend() {
        return "racy";
    }

    @Override
    public String describe() {
        return "racy (check-then-act, two maps): a negative control";
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        ObjectKey key = spec.key();
        Long current = versions.get(key); // the check ...
        if (condition instanceof WriteCondition.MustCreate && current != null) {
            return new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
        }
        if (condition instanceof WriteCondition.MatchVersion m) {
            if (current == null) {
                return Conflict.absent(key, m.version());
            }
            if (current != m.version()) {
                return Conflict.at(key, m.version(), current);
            }
        }
        long version = lastVersion.incrementAndGet(); // ... then the act, with nothing holding the check true
        versions.put(key, version);
        specs.put(key, spec);
        return new Written(new StoredObject(spec, version, T, T));
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Long current = versions.get(key);
        if (current == null) {
            return new NotFound(key);
        }
        if (condition instanceof WriteCondition.MatchVersion m && current != m.version()) {
            return Conflict.at(key, m.version(), current);
        }
        versions.remove(key);
        specs.remove(key);
        return new Deleted(key, current);
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        ObjectSpec spec = specs.get(key); // two reads of what should be one object
        Long version = versions.get(key);
        if (spec == null || version == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(spec, version, T, T));
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        throw new UnsupportedOperationException("names are not needed by the negative controls");
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        List<StoredObject> items = new ArrayList<>();
        for (ObjectKey key : new TreeSet<>(specs.keySet())) {
            if (key.kind().equals(kind) && items.size() < page.limit()) {
                get(key).filter(o -> selector.matches(o.labels())).ifPresent(items::add);
            }
        }
        return new Page(items, Optional.empty());
    }

    @Override
    public void close() {}
}
