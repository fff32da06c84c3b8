package io.casharness.examples.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.store.Backend;
import io.casharness.store.conformance.CasStoreConformanceTest;
import java.util.Map;

/** The store contract (cas-testkit's suite) on Redis; skipped, saying so, when no Redis answers. */
class RedisConformanceTest extends CasStoreConformanceTest {
    @Override
    protected Backend openBackend() {
        String url = RedisStoreGateTest.redisUrl();
        assumeTrue(RedisStoreGateTest.answers(url), "no Redis answers at " + url + " (set CAS_REDIS_URL)");
        return new RedisBackendProvider().open(Map.of("url", url));
    }
}
