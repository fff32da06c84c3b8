package io.casharness.scenario;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Backend;
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
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A correct backend whose versions restart per row, as Kubernetes' objects do: every incarnation gets a fresh
 * {@code uid}, its row version starts at 1 and rises by one per write, and the version a caller sees is
 * {@code uid << 32 | row}, so a {@code MatchVersion} compares uid and row version together (Kubernetes' uid
 * precondition). A writer holding a version of a deleted incarnation names the old uid and is refused. The uids
 * are distinct but not rising (a bijection of a counter), so a re-created object's versions are as often below its
 * key's past as above it: the backend declares {@link #versionsRiseAcrossIncarnations()} false, and per-key
 * versions. Its own store is the store under test, as a user's backend's would be.
 *
 * <p>A decorator over any backend: each replica keeps uid and row version in an 8-byte envelope before the payload
 * of a replica of the backend under it, and uses that replica's own versions, which it never shows, to make each
 * check and write one compare-and-set. Thread-safe, as the replicas under it are. Closing it leaves the backend under
 * it open (its owner closes it).
 */
final class UidGuardedBackend implements Backend {
    private final Backend under;
    /** Fresh uids: a counter through an odd multiplier modulo 2^31, a bijection, so never one twice. */
    private final AtomicInteger incarnations = new AtomicInteger();

    UidGuardedBackend(Backend under) {
        this.under = under;
    }

    @Override
    public String name() {
        return under.name();
    }

    @Override
    public String describe() {
        return "uid-guarded per-row versions over " + under.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return false;
    }

    @Override
    public boolean versionsRiseAcrossIncarnations() {
        return false;
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        return new Replica(under.openReplica(options));
    }

    @Override
    public void reset() {
        under.reset();
    }

    @Override
    public void close() {}

    private int freshUid() {
        int uid = (int) ((incarnations.incrementAndGet() * 1_103_515_245L) & 0x7FFF_FFFFL);
        if (uid == 0) {
            throw new IllegalStateException("2^31 incarnations: the uids are used up");
        }
        return uid;
    }

    private final class Replica implements CasStore {
        private final CasStore inner;

        Replica(CasStore inner) {
            this.inner = inner;
        }

        @Override
        public String backend() {
            return inner.backend();
        }

        @Override
        public String describe() {
            return "uid-guarded per-row versions over " + inner.describe();
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            ObjectKey key = spec.key();
            if (condition instanceof WriteCondition.MustCreate) {
                return shown(inner.put(wrap(spec, freshUid(), 1), WriteCondition.mustCreate()));
            }
            if (condition instanceof WriteCondition.MatchVersion m) {
                Optional<StoredObject> current = inner.get(key);
                if (current.isEmpty()) {
                    return Conflict.absent(key, m.version());
                }
                StoredObject cur = current.get();
                if (version(cur) != m.version()) {
                    return Conflict.at(key, m.version(), version(cur));
                }
                return next(spec, cur, m.version());
            }
            while (true) { // unconditional: create, or write over whatever is there
                Optional<StoredObject> current = inner.get(key);
                PutOutcome out = current.isEmpty()
                        ? inner.put(wrap(spec, freshUid(), 1), WriteCondition.mustCreate())
                        : next(spec, current.get(), version(current.get()));
                if (out instanceof Written) {
                    return shown(out);
                }
                if (out instanceof AlreadyExists a && a.constraint() == AlreadyExists.Constraint.NAME) {
                    return out;
                }
            }
        }

        /** Writes the next row version of {@code cur}'s incarnation if the reference object is still {@code cur}. */
        private PutOutcome next(ObjectSpec spec, StoredObject cur, long expected) {
            ByteBuffer env = ByteBuffer.wrap(cur.payload());
            int uid = env.getInt();
            int row = env.getInt();
            PutOutcome out = inner.put(wrap(spec, uid, row + 1), WriteCondition.matchVersion(cur.resourceVersion()));
            if (out instanceof Conflict) {
                Optional<StoredObject> now = inner.get(spec.key());
                return now.isEmpty()
                        ? Conflict.absent(spec.key(), expected)
                        : Conflict.at(spec.key(), expected, version(now.get()));
            }
            return shown(out);
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            while (true) {
                Optional<StoredObject> current = inner.get(key);
                if (current.isEmpty()) {
                    return new NotFound(key);
                }
                StoredObject cur = current.get();
                long seen = version(cur);
                if (condition instanceof WriteCondition.MatchVersion m && m.version() != seen) {
                    return Conflict.at(key, m.version(), seen);
                }
                DeleteOutcome out = inner.delete(key, WriteCondition.matchVersion(cur.resourceVersion()));
                if (out instanceof Deleted) {
                    return new Deleted(key, seen);
                }
                if (condition instanceof WriteCondition.MatchVersion m) {
                    Optional<StoredObject> now = inner.get(key);
                    return now.isEmpty() ? new NotFound(key) : Conflict.at(key, m.version(), version(now.get()));
                }
            }
        }

        @Override
        public Optional<StoredObject> get(ObjectKey key) {
            return inner.get(key).map(UidGuardedBackend::shown);
        }

        @Override
        public Optional<StoredObject> getByName(String kind, String name) {
            return inner.getByName(kind, name).map(UidGuardedBackend::shown);
        }

        @Override
        public Page list(String kind, LabelSelector selector, PageRequest page) {
            Page p = inner.list(kind, selector, page);
            return new Page(p.items().stream().map(UidGuardedBackend::shown).toList(), p.continueAfter());
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static ObjectSpec wrap(ObjectSpec spec, int uid, int row) {
        byte[] payload = spec.payload();
        return spec.withPayload(ByteBuffer.allocate(8 + payload.length)
                .putInt(uid)
                .putInt(row)
                .put(payload)
                .array());
    }

    /** The version a caller sees: {@code uid << 32 | row}. */
    private static long version(StoredObject inner) {
        ByteBuffer env = ByteBuffer.wrap(inner.payload());
        return (long) env.getInt() << 32 | env.getInt();
    }

    /** The object as a caller sees it: its payload without the envelope, its uid-and-row version. */
    private static StoredObject shown(StoredObject inner) {
        byte[] payload = inner.payload();
        ObjectSpec spec = inner.spec().withPayload(Arrays.copyOfRange(payload, 8, payload.length));
        return new StoredObject(spec, version(inner), inner.createdAt(), inner.updatedAt());
    }

    private static PutOutcome shown(PutOutcome out) {
        return out instanceof Written w ? new Written(shown(w.object())) : out;
    }
}
