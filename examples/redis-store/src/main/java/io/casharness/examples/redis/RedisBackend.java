package io.casharness.examples.redis;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A Redis database as a {@link Backend}: every replica is a {@link RedisCasStore} with its own {@link JedisPool}, and
 * all of them keep their keys under one prefix. {@link #reset()} and {@link #close()} touch only keys under that
 * prefix; a prefix the backend chose itself is removed on close, one the user named is kept.
 *
 * <p>Thread-safe.
 */
final class RedisBackend implements Backend {
    private final URI url;
    private final String prefix;
    private final boolean ownPrefix;
    private final List<JedisPool> pools = new CopyOnWriteArrayList<>();
    private final List<CasStore> replicas = new CopyOnWriteArrayList<>();
    private final JedisPool admin;
    private volatile boolean closed;

    /**
     * Opens the backend and checks that Redis answers.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if it does not
     */
    RedisBackend(URI url, String prefix, boolean ownPrefix) {
        this.url = requireNonNull(url, "url");
        this.prefix = requireNonNull(prefix, "prefix");
        this.ownPrefix = ownPrefix;
        this.admin = new JedisPool(new JedisPoolConfig(), url);
        try (Jedis jedis = admin.getResource()) {
            jedis.ping();
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return RedisBackendProvider.NAME;
    }

    @Override
    public String describe() {
        return "redis (" + redacted(url) + ", keys under " + prefix + ")";
    }

    /** True: every version is drawn from one {@code INCR} counter for the database. */
    @Override
    public boolean versionsUniqueAcrossKeys() {
        return true;
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        requireNonNull(options, "options");
        ensureOpen();
        JedisPool pool = new JedisPool(new JedisPoolConfig(), url);
        pools.add(pool);
        CasStore replica = new RedisCasStore(pool, prefix, options, redacted(url));
        replicas.add(replica);
        return replica;
    }

    @Override
    public void reset() {
        ensureOpen();
        deleteObjects();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        replicas.forEach(CasStore::close);
        pools.forEach(JedisPool::close);
        try {
            if (ownPrefix) {
                deleteObjects();
                try (Jedis jedis = admin.getResource()) {
                    jedis.del(prefix + "rv");
                }
            }
        } finally {
            admin.close();
        }
    }

    /** Deletes every object, name and index key under the prefix; the version counter stays, so versions rise. */
    private void deleteObjects() {
        try (Jedis jedis = admin.getResource()) {
            for (String pattern : List.of(prefix + "o:*", prefix + "n:*", prefix + "k:*")) {
                String cursor = ScanParams.SCAN_POINTER_START;
                ScanParams params = new ScanParams().match(pattern).count(1000);
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    if (!page.getResult().isEmpty()) {
                        jedis.del(page.getResult().toArray(new String[0]));
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backend is closed: " + describe());
        }
    }

    /** The URL without its user info (a password), for logs and reports. */
    static String redacted(URI url) {
        return url.getUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
}
