package io.casharness.examples.redis;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code redis}: a {@link RedisBackend} on the Redis that {@code url=} names, else {@code CAS_REDIS_URL}; there is
 * no default, so a run never writes to a Redis nobody named. Keys live under {@code prefix=}, else under a fresh
 * {@code cas-harness:<random>:} prefix removed on close. Listed in {@code META-INF/services}, so the main job finds
 * it by name when this jar is on its class path.
 */
public final class RedisBackendProvider implements BackendProvider {
    /** The provider's name, and its backend's. */
    public static final String NAME = "redis";

    /** The variable that names the Redis when {@code url=} does not. */
    public static final String ENV = "CAS_REDIS_URL";

    private final Function<String, String> env;

    /** The provider {@code ServiceLoader} makes: reads {@value #ENV} from the environment. */
    public RedisBackendProvider() {
        this(System::getenv);
    }

    RedisBackendProvider(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Redis with WATCH/MULTI/EXEC (url=, else " + ENV + "; no default)";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("url", "redis://[user:password@]HOST:PORT[/DB]; else " + ENV);
        options.put("prefix", "the keys' prefix, kept on close (default: a fresh one, removed on close)");
        return options;
    }

    /**
     * @throws IllegalArgumentException for an unknown option, no URL at all, or a URL that is not redis:// or
     *     rediss://
     * @throws redis.clients.jedis.exceptions.JedisException if Redis does not answer
     */
    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        String text = options.get("url");
        String origin = "url=";
        if (text == null) {
            text = env.apply(ENV);
            origin = ENV;
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "backend redis needs a Redis: url=redis://HOST:PORT or " + ENV + " (there is no default)");
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(origin + " must be a redis://HOST:PORT URL, was \"" + text + "\"");
        }
        if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException(
                    origin + " must be a redis://HOST:PORT URL, was \"" + RedisBackend.redacted(url) + "\"");
        }
        String prefix = options.get("prefix");
        if (prefix != null && prefix.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank");
        }
        boolean own = prefix == null;
        return new RedisBackend(
                url, own ? "cas-harness:" + UUID.randomUUID().toString().substring(0, 8) + ":" : prefix, own);
    }
}
