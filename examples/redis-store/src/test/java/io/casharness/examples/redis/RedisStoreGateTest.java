package io.casharness.examples.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.scenario.gate.CasStoreGateTest;
import io.casharness.scenario.gate.GateOptions;
import io.casharness.store.Backend;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The harness's scenario gate on this store: every workload on {@code redis} must PASS, and every application-level
 * zoo member over it must be caught, one test each. Runs on the Redis {@code CAS_REDIS_URL} names, else on
 * 127.0.0.1:6379; skipped, saying so, when no Redis answers there.
 */
class RedisStoreGateTest extends CasStoreGateTest {
    @Override
    protected Backend openBackend() {
        String url = redisUrl();
        assumeTrue(answers(url), "no Redis answers at " + url + " (set " + RedisBackendProvider.ENV + ")");
        return new RedisBackendProvider().open(Map.of("url", url));
    }

    @Override
    protected GateOptions options() {
        return GateOptions.defaults().withOps(1_000).withSeed(1201);
    }

    /** The Redis the tests use: {@code CAS_REDIS_URL}, else 127.0.0.1:6379. */
    static String redisUrl() {
        String named = System.getenv(RedisBackendProvider.ENV);
        return named != null && !named.isBlank() ? named : "redis://127.0.0.1:6379";
    }

    /** Whether a Redis answers {@code PING} at {@code url} within 2 s. */
    static boolean answers(String url) {
        try (Jedis jedis = new Jedis(URI.create(url), 2_000)) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void withoutAUrlTheProviderSaysWhatItNeeds() {
        RedisBackendProvider provider = new RedisBackendProvider(name -> null);
        assertThatThrownBy(() -> provider.open(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "backend redis needs a Redis: url=redis://HOST:PORT or CAS_REDIS_URL (there is no default)");
        assertThatThrownBy(() -> provider.open(Map.of("url", "http://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url= must be a redis://HOST:PORT URL, was \"http://x\"");
    }
}
