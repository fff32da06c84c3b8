package io.casharness.examples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.casharness.scenario.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The harness's main job on this store: every workload on {@code redis}, and the zoo's application-level members over
 * it, which the gate must catch. Runs on the Redis {@code CAS_REDIS_URL} names, else on 127.0.0.1:6379; skipped,
 * saying so, when no Redis answers there.
 */
class RedisStoreGateTest {
    private static String url;
    private static boolean answers;

    @TempDir
    Path out;

    @BeforeAll
    static void findRedis() {
        url = redisUrl();
        answers = answers(url);
        if (!answers) {
            System.err.println("RedisStoreGateTest skipped: no Redis answers at " + url + " (set "
                    + RedisBackendProvider.ENV + ")");
        }
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
    void everyWorkloadPassesOnRedisAndEveryApplicationMistakeOverItIsCaught() {
        assumeTrue(answers, "no Redis answers at " + url + " (set " + RedisBackendProvider.ENV + ")");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = Main.execute(
                new String[] {
                    "--backends", "redis:url=" + url, "--ops", "1000", "--seed", "1201", "--out", out.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text)
                .containsPattern("pass +append +redis +redis +PASS")
                .containsPattern("pass +create-race +redis +redis +PASS")
                .containsPattern("pass +delete-race +redis +redis +PASS")
                .containsPattern("caught +append +blind-write +redis +FAIL")
                .containsPattern("caught +create-race +check-then-create +redis +FAIL")
                .containsPattern("redis +redis +6 of 6 runs +8 of 8")
                .contains("GATE PASSED (exit 0): 14 of 14 runs (6 pass, 8 caught)");
    }

    @Test
    void withoutAUrlTheProviderSaysWhatItNeeds() {
        RedisBackendProvider provider = new RedisBackendProvider(name -> null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.open(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "backend redis needs a Redis: url=redis://HOST:PORT or CAS_REDIS_URL (there is no default)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.open(Map.of("url", "http://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url= must be a redis://HOST:PORT URL, was \"http://x\"");
    }
}
