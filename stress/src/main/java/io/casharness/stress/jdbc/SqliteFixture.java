package io.casharness.stress.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.JdbcBackend;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SQLite database per jcstress fork (a file in a fresh temp directory, deleted at exit), shared by every sample
 * of the fork; each sample races on a key of its own, so samples do not see each other. Two replicas (two stores,
 * each with its own connection pool) stand for two gateway replicas.
 *
 * <p>Thread-safe.
 */
public final class SqliteFixture {
    /** The fork's database. */
    public static final JdbcBackend BACKEND = JdbcBackend.sqliteTemp();

    private static final AtomicLong IDS = new AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BACKEND::close, "sqlite-fixture-close"));
    }

    private SqliteFixture() {}

    /** A replica of the reference JDBC store. */
    public static CasStore replica(String name) {
        return BACKEND.openReplica(StoreOptions.defaults().withReplicaName(name), 2);
    }

    /** A key no other sample of this fork uses. */
    public static ObjectKey freshKey() {
        return ObjectKey.of("stress", "k" + IDS.incrementAndGet());
    }

    public static ObjectSpec spec(ObjectKey key, String text) {
        return ObjectSpec.of(key, text.getBytes(UTF_8));
    }

    /** Creates {@code key}; fails loudly if the store refuses. */
    public static long seed(CasStore store, ObjectKey key) {
        PutOutcome o = store.put(spec(key, "base"), WriteCondition.mustCreate());
        if (o instanceof Written w) {
            return w.version();
        }
        throw new IllegalStateException("seeding " + key + " failed: " + o);
    }

    /**
     * 1 or 2 if exactly that actor's MatchVersion write (payload {@code "a1"} / {@code "a2"}) won, the other got a
     * conflict naming the winner's version, and the store holds the winner's payload at that version; 0 otherwise.
     */
    public static int winner(CasStore store, ObjectKey key, PutOutcome o1, PutOutcome o2) {
        if (o1 instanceof Written w && o2 instanceof Conflict c && consistent(store, key, w, c, "a1")) {
            return 1;
        }
        if (o2 instanceof Written w && o1 instanceof Conflict c && consistent(store, key, w, c, "a2")) {
            return 2;
        }
        return 0;
    }

    private static boolean consistent(CasStore store, ObjectKey key, Written w, Conflict c, String payload) {
        Optional<StoredObject> o = store.get(key);
        return c.currentVersion().isPresent()
                && c.currentVersion().getAsLong() == w.version()
                && o.isPresent()
                && o.get().resourceVersion() == w.version()
                && new String(o.get().payload(), UTF_8).equals(payload);
    }
}
