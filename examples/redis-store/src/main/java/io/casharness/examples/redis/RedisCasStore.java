package io.casharness.examples.redis;

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
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link CasStore} on Redis, one replica with its own connection pool. Every write is optimistic in Redis's own
 * way: {@code WATCH} the object (and the name it claims), read it, decide, then {@code MULTI} ... {@code EXEC}; an
 * {@code EXEC} that Redis aborts because a watched key changed is read again and decided again, so a lost race
 * ends as a {@link Conflict} with the version that won, never as a silent overwrite.
 *
 * <p>Layout under a prefix {@code P}: {@code P o:KIND:ID} a hash (payload {@code p}, version {@code v}, name
 * {@code n}, labels {@code l}, created/updated micros {@code c}/{@code u}); {@code P n:KIND:NAME} the id holding a
 * name; {@code P k:KIND} a sorted set of the kind's ids, for {@link #list}; {@code P rv} the version counter. A
 * version is drawn with {@code INCR} after the read and before {@code EXEC}: a write that commits after another
 * watched and read the key aborts that one, so every version a key commits is above every version it had before —
 * across delete and re-create too — and, the counter being one for the database, unique across keys.
 *
 * <p>Thread-safe.
 */
final class RedisCasStore implements CasStore {
    private static final byte[] PAYLOAD = bytes("p");
    private static final byte[] VERSION = bytes("v");
    private static final byte[] NAME = bytes("n");
    private static final byte[] LABELS = bytes("l");
    private static final byte[] CREATED = bytes("c");
    private static final byte[] UPDATED = bytes("u");

    private final JedisPool pool;
    private final String prefix;
    private final StoreOptions options;
    private final String where;
    private volatile boolean closed;

    RedisCasStore(JedisPool pool, String prefix, StoreOptions options, String where) {
        this.pool = requireNonNull(pool, "pool");
        this.prefix = requireNonNull(prefix, "prefix");
        this.options = requireNonNull(options, "options");
        this.where = requireNonNull(where, "where");
    }

    @Override
    public String backend() {
        return RedisBackendProvider.NAME;
    }

    @Override
    public String describe() {
        return "redis " + where + " " + options.replicaName();
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        requireNonNull(condition, "condition");
        if (spec.payloadSize() > options.maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + spec.payloadSize() + " bytes exceeds the limit of "
                    + options.maxPayloadBytes() + " bytes");
        }
        ObjectKey key = spec.key();
        return withConnection("put " + key, jedis -> {
            byte[] object = objectKey(key);
            byte[] newName = spec.name() == null ? null : nameKey(key.kind(), spec.name());
            while (true) {
                if (newName == null) {
                    jedis.watch(object);
                } else {
                    jedis.watch(object, newName);
                }
                Map<byte[], byte[]> current = jedis.hgetAll(object);
                StoredObject stored = current.isEmpty() ? null : decode(key, current);
                PutOutcome refused = refusal(key, condition, stored);
                if (refused == null && newName != null) {
                    byte[] holder = jedis.get(newName);
                    if (holder != null && !string(holder).equals(key.id())) {
                        refused = new AlreadyExists(
                                key, AlreadyExists.Constraint.NAME, ObjectKey.of(key.kind(), string(holder)));
                    }
                }
                if (refused != null) {
                    jedis.unwatch();
                    return refused;
                }
                long version = jedis.incr(bytes(prefix + "rv"));
                Instant now = options.clock().instant();
                StoredObject written = new StoredObject(spec, version, stored == null ? now : stored.createdAt(), now);
                Transaction tx = jedis.multi();
                tx.del(object);
                tx.hset(object, encode(written));
                if (stored != null && stored.name() != null && !stored.name().equals(spec.name())) {
                    tx.del(nameKey(key.kind(), stored.name()));
                }
                if (newName != null) {
                    tx.set(newName, bytes(key.id()));
                }
                tx.zadd(bytes(prefix + "k:" + key.kind()), 0, bytes(key.id()));
                if (tx.exec() != null) {
                    return new Written(written);
                }
                // a watched key changed between the read and EXEC: nothing was applied; decide again on a fresh read
            }
        });
    }

    /** Why {@code condition} refuses a write over {@code stored}, or null if it allows it. */
    private static PutOutcome refusal(ObjectKey key, WriteCondition condition, StoredObject stored) {
        if (condition instanceof WriteCondition.MustCreate) {
            return stored == null ? null : new AlreadyExists(key, AlreadyExists.Constraint.KEY, key);
        }
        if (condition instanceof WriteCondition.MatchVersion m) {
            if (stored == null) {
                return Conflict.absent(key, m.version());
            }
            return stored.resourceVersion() == m.version()
                    ? null
                    : Conflict.at(key, m.version(), stored.resourceVersion());
        }
        return null;
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        requireNonNull(key, "key");
        requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.MustCreate) {
            throw new IllegalArgumentException("a delete takes MatchVersion or Unconditional, not MustCreate");
        }
        return withConnection("delete " + key, jedis -> {
            byte[] object = objectKey(key);
            while (true) {
                jedis.watch(object);
                Map<byte[], byte[]> current = jedis.hgetAll(object);
                if (current.isEmpty()) {
                    jedis.unwatch();
                    return new NotFound(key);
                }
                StoredObject stored = decode(key, current);
                if (condition instanceof WriteCondition.MatchVersion m && stored.resourceVersion() != m.version()) {
                    jedis.unwatch();
                    return Conflict.at(key, m.version(), stored.resourceVersion());
                }
                Transaction tx = jedis.multi();
                tx.del(object);
                if (stored.name() != null) {
                    tx.del(nameKey(key.kind(), stored.name()));
                }
                tx.zrem(bytes(prefix + "k:" + key.kind()), bytes(key.id()));
                if (tx.exec() != null) {
                    return new Deleted(key, stored.resourceVersion());
                }
            }
        });
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        return withConnection("get " + key, jedis -> read(jedis, key));
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        validName(kind, name);
        return withConnection("getByName " + kind + "/" + name, jedis -> {
            byte[] id = jedis.get(nameKey(kind, name));
            if (id == null) {
                return Optional.empty();
            }
            // the name and the object are two keys: a read between two writes may see a stale index entry
            return read(jedis, ObjectKey.of(kind, string(id))).filter(o -> name.equals(o.name()));
        });
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        requireNonNull(kind, "kind");
        ObjectKey.of(kind, "x"); // the API's own check of a kind
        requireNonNull(selector, "selector");
        requireNonNull(page, "page");
        return withConnection("list " + kind, jedis -> {
            byte[] index = bytes(prefix + "k:" + kind);
            byte[] from = page.after().map(a -> bytes("(" + a)).orElse(bytes("-"));
            List<StoredObject> items = new ArrayList<>();
            boolean more = false;
            while (!more) {
                List<byte[]> ids = jedis.zrangeByLex(index, from, bytes("+"), 0, 256);
                if (ids.isEmpty()) {
                    break;
                }
                for (byte[] id : ids) {
                    Optional<StoredObject> o = read(jedis, ObjectKey.of(kind, string(id)));
                    if (o.isEmpty() || !selector.matches(o.get().labels())) {
                        continue;
                    }
                    if (items.size() == page.limit()) {
                        more = true;
                        break;
                    }
                    items.add(o.get());
                }
                from = bytes("(" + string(ids.get(ids.size() - 1)));
            }
            Optional<String> next =
                    more ? Optional.of(items.get(items.size() - 1).key().id()) : Optional.empty();
            return new Page(items, next);
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Checks {@code kind} and {@code name} as the API checks them when it builds a key and a spec. */
    private static void validName(String kind, String name) {
        new ObjectSpec(ObjectKey.of(kind, "x"), name, Map.of(), new byte[0]);
    }

    private Optional<StoredObject> read(Jedis jedis, ObjectKey key) {
        Map<byte[], byte[]> fields = jedis.hgetAll(objectKey(key));
        return fields.isEmpty() ? Optional.empty() : Optional.of(decode(key, fields));
    }

    private <T> T withConnection(String what, Function<Jedis, T> body) {
        if (closed) {
            throw new StoreClosedException(describe());
        }
        try (Jedis jedis = pool.getResource()) {
            return body.apply(jedis);
        } catch (JedisConnectionException e) {
            // a write whose EXEC was sent when the connection broke may or may not have applied
            throw new StoreAccessException(
                    ErrorClass.CONNECTION_LOST, backend(), null, 0, what + ": " + e.getMessage(), e);
        } catch (JedisException e) {
            throw new StoreAccessException(ErrorClass.FATAL, backend(), null, 0, what + ": " + e.getMessage(), e);
        }
    }

    private byte[] objectKey(ObjectKey key) {
        return bytes(prefix + "o:" + key.kind() + ":" + key.id());
    }

    private byte[] nameKey(String kind, String name) {
        return bytes(prefix + "n:" + kind + ":" + name);
    }

    private static Map<byte[], byte[]> encode(StoredObject o) {
        Map<byte[], byte[]> m = new LinkedHashMap<>();
        m.put(PAYLOAD, o.payload());
        m.put(VERSION, bytes(Long.toString(o.resourceVersion())));
        if (o.name() != null) {
            m.put(NAME, bytes(o.name()));
        }
        StringBuilder labels = new StringBuilder();
        new TreeMap<>(o.labels())
                .forEach((k, v) -> labels.append(k).append('\0').append(v).append('\0'));
        m.put(LABELS, bytes(labels.toString()));
        m.put(CREATED, bytes(Long.toString(micros(o.createdAt()))));
        m.put(UPDATED, bytes(Long.toString(micros(o.updatedAt()))));
        return m;
    }

    private static StoredObject decode(ObjectKey key, Map<byte[], byte[]> raw) {
        Map<String, byte[]> f = new HashMap<>();
        raw.forEach((k, v) -> f.put(string(k), v));
        Map<String, String> labels = new LinkedHashMap<>();
        String[] parts = string(f.getOrDefault("l", new byte[0])).split("\0", -1);
        for (int i = 0; i + 1 < parts.length; i += 2) {
            labels.put(parts[i], parts[i + 1]);
        }
        byte[] name = f.get("n");
        ObjectSpec spec = new ObjectSpec(key, name == null ? null : string(name), labels, f.get("p"));
        return new StoredObject(
                spec,
                Long.parseLong(string(f.get("v"))),
                instant(Long.parseLong(string(f.get("c")))),
                instant(Long.parseLong(string(f.get("u")))));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
