package io.casharness.scenario.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy against a real PostgreSQL (embedded unless {@code CAS_PG_URL} names one) and the reference store:
 * under ack-loss every write either is acknowledged or raises {@code CONNECTION_LOST} (outcome unknown), never a
 * definite failure; the proxy's counts match what the server holds, read directly (not through the proxy); no
 * acknowledged write is lost; {@code slow} delays every request; close leaves no thread or socket.
 */
class PgFaultProxyTest {
    private static PostgresSource.Server pg;

    @BeforeAll
    static void startServer() {
        pg = PostgresSource.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    /** A backend in a fresh schema through the proxy, and one on the same schema reaching the server directly. */
    private record Pair(JdbcBackend proxied, JdbcBackend direct) implements AutoCloseable {
        /** The direct backend owns the schema (drops it on close), so closing never needs the proxy. */
        static Pair through(PgFaultProxy proxy) {
            JdbcBackend direct = JdbcBackend.postgresAt(pg.url());
            return new Pair(JdbcBackend.postgresAt(proxy.jdbcUrl(direct.jdbcUrl())), direct);
        }

        @Override
        public void close() {
            proxied.close();
            direct.close();
        }
    }

    private static ObjectSpec spec(String id, String text) {
        return ObjectSpec.of(ObjectKey.of("proxy", id), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(StoredObject o) {
        return new String(o.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void createsUnderAckLossAreAcknowledgedOrConnectionLostAndTheCountsMatchTheServer() {
        try (PgFaultProxy proxy = PgFaultProxy.forUrl(pg.url());
                Pair b = Pair.through(proxy)) {
            CasStore store = b.proxied().openReplica(StoreOptions.defaults().withReplicaName("r1"), 2);
            Map<String, Long> acked = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            proxy.ackLoss(0.3, 42);
            for (int i = 0; i < 200; i++) {
                String id = "k" + i;
                try {
                    PutOutcome o = store.put(spec(id, "v" + i), WriteCondition.mustCreate());
                    assertThat(o).as("a fresh key's create").isInstanceOf(Written.class);
                    acked.put(id, ((Written) o).object().resourceVersion());
                } catch (StoreAccessException e) {
                    assertThat(e.errorClass()).as("%s", e).isEqualTo(ErrorClass.CONNECTION_LOST);
                    assertThat(e.outcomeUnknown()).as("may have applied").isTrue();
                    unknown.add(id);
                }
            }
            proxy.clear();
            PgFaultProxy.Counters c = proxy.counters();
            assertThat(c.requestsCut()).as("requests cut: %s", c).isPositive();
            assertThat(c.repliesDropped()).as("replies dropped: %s", c).isPositive();
            assertThat(c.repliesDroppedAfterCommit()).isEqualTo(c.repliesDropped());
            assertThat(unknown).as("one lost acknowledgement per fault: %s", c).hasSize((int) c.acknowledgementsLost());

            CasStore direct = b.direct().openReplica(StoreOptions.defaults().withReplicaName("reader"), 1);
            acked.forEach((id, v) -> assertThat(direct.get(ObjectKey.of("proxy", id)))
                    .as("acknowledged create of %s", id)
                    .hasValueSatisfying(o -> assertThat(o.resourceVersion()).isEqualTo(v)));
            long committed = unknown.stream()
                    .filter(id -> direct.get(ObjectKey.of("proxy", id)).isPresent())
                    .count();
            assertThat(committed)
                    .as("unacknowledged creates the server holds = replies dropped after commit (cuts never commit)")
                    .isEqualTo(c.repliesDroppedAfterCommit());
        }
    }

    @Test
    void matchVersionUpdatesUnderAckLossNeverLoseAnAcknowledgedToken() {
        try (PgFaultProxy proxy = PgFaultProxy.forUrl(pg.url());
                Pair b = Pair.through(proxy)) {
            CasStore store = b.proxied().openReplica(StoreOptions.defaults().withReplicaName("r1"), 2);
            assertThat(store.put(spec("list", ""), WriteCondition.mustCreate())).isInstanceOf(Written.class);
            proxy.ackLoss(0.25, 7);
            Set<String> acked = new LinkedHashSet<>();
            Set<String> unknown = new LinkedHashSet<>();
            // a reply dropped after commit leaves the replica's cached copy behind: its next attempt conflicts once
            RetryPolicy policy = RetryPolicy.defaults();
            for (int i = 0; i < 120; i++) {
                String token = "t" + i;
                try {
                    UpdateOutcome o = store.update(
                            ObjectKey.of("proxy", "list"),
                            cur -> cur.spec().withPayload((text(cur) + token + ",").getBytes(StandardCharsets.UTF_8)),
                            policy);
                    assertThat(o)
                            .as("one writer: at most one stale cached copy to retry past")
                            .isInstanceOf(Updated.class);
                    acked.add(token);
                } catch (StoreAccessException e) {
                    assertThat(e.errorClass()).as("%s", e).isEqualTo(ErrorClass.CONNECTION_LOST);
                    assertThat(e.outcomeUnknown()).isTrue();
                    unknown.add(token);
                }
            }
            proxy.clear();
            PgFaultProxy.Counters c = proxy.counters();
            assertThat(c.requestsCut()).as("%s", c).isPositive();
            assertThat(c.repliesDroppedAfterCommit()).as("%s", c).isPositive();
            assertThat(unknown).as("%s", c).hasSize((int) c.acknowledgementsLost());

            CasStore direct = b.direct().openReplica(StoreOptions.defaults().withReplicaName("reader"), 1);
            Optional<StoredObject> last = direct.get(ObjectKey.of("proxy", "list"));
            assertThat(last).isPresent();
            Set<String> held =
                    new LinkedHashSet<>(Arrays.asList(text(last.get()).split(",")));
            assertThat(held).as("every acknowledged token survives").containsAll(acked);
            long applied = unknown.stream().filter(held::contains).count();
            // a dropped reply of a conditional write that found another version committed having written nothing
            assertThat(applied)
                    .as("unacknowledged updates that took effect: some, at most the replies dropped after commit")
                    .isPositive()
                    .isLessThanOrEqualTo(c.repliesDroppedAfterCommit());
        }
    }

    @Test
    void slowDelaysEveryRequestByAtLeastItsBase() {
        try (PgFaultProxy proxy = PgFaultProxy.forUrl(pg.url());
                Pair b = Pair.through(proxy)) {
            CasStore store = b.proxied().openReplica(StoreOptions.defaults().withReplicaName("r1"), 1);
            assertThat(store.put(spec("slow", "x"), WriteCondition.mustCreate()))
                    .isInstanceOf(Written.class);
            proxy.slow(Duration.ofMillis(20), Duration.ofMillis(10), 3);
            long before = proxy.counters().requestsDelayed();
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(store.get(ObjectKey.of("proxy", "slow"))).isPresent();
            }
            long elapsed = System.nanoTime() - t0;
            PgFaultProxy.Counters c = proxy.counters();
            long delayed = c.requestsDelayed() - before;
            assertThat(delayed).as("each read is at least one request: %s", c).isGreaterThanOrEqualTo(10);
            assertThat(c.totalDelay()).isBetween(Duration.ofMillis(20 * delayed), Duration.ofMillis(30 * delayed));
            // a lower bound only: each request waited its delay before it was sent on
            assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            proxy.clear();
            long after = proxy.counters().requestsDelayed();
            assertThat(store.get(ObjectKey.of("proxy", "slow"))).isPresent();
            assertThat(proxy.counters().requestsDelayed()).as("cleared").isEqualTo(after);
            assertThat(c.acknowledgementsLost()).isZero();
        }
    }

    @Test
    void closeLeavesNoThreadNorSocket() {
        PgFaultProxy proxy = PgFaultProxy.forUrl(pg.url());
        int port = proxy.port();
        try (Pair b = Pair.through(proxy)) {
            CasStore store = b.proxied().openReplica(StoreOptions.defaults().withReplicaName("r1"), 3);
            assertThat(store.put(spec("c", "x"), WriteCondition.mustCreate())).isInstanceOf(Written.class);
            assertThat(proxy.counters().openConnections()).isPositive();
            assertThat(proxyThreads(proxy)).isNotEmpty();
            proxy.close(); // with the pools' connections still open
            assertThat(proxy.counters().openConnections()).as("connections").isZero();
            assertThat(proxyThreads(proxy)).as("threads").isEmpty();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .as("nothing listens on the proxy's port")
                    .isInstanceOf(IOException.class);
        }
    }

    private static List<String> proxyThreads(PgFaultProxy proxy) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(PgFaultProxy.THREAD_PREFIX) && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void badArgumentsNameTheBound() {
        try (PgFaultProxy proxy = PgFaultProxy.start("localhost", 1)) {
            assertThatThrownBy(() -> proxy.ackLoss(1.5, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ack-loss fraction must be between 0 and 1, was 1.5");
            assertThatThrownBy(() -> proxy.slow(Duration.ofMillis(-1), Duration.ZERO, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not be negative");
            assertThatThrownBy(() -> proxy.jdbcUrl("jdbc:sqlite:x.db"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jdbc:postgresql://host[:port]/");
            assertThat(proxy.jdbcUrl("jdbc:postgresql://db.example:6543/app?user=u"))
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/app?user=u");
        }
        assertThatThrownBy(() -> PgFaultProxy.start("localhost", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, was 0");
    }

    @Test
    void writesAreToldFromReadsBySql() {
        assertThat(PgConnection.writes("SELECT resource_version FROM put_object($1, $2)"))
                .isTrue();
        assertThat(PgConnection.writes("SELECT written FROM put_if_version($1)"))
                .isTrue();
        assertThat(PgConnection.writes("DELETE FROM objects WHERE kind = $1 RETURNING resource_version"))
                .isTrue();
        assertThat(PgConnection.writes("COMMIT")).isTrue();
        assertThat(PgConnection.writes("SELECT payload FROM objects WHERE kind = $1 AND id = $2"))
                .isFalse();
        assertThat(PgConnection.writes("")).isFalse();
        assertThat(PgConnection.writes("SELECT updated_at FROM objects"))
                .as("a column, not an UPDATE")
                .isFalse();
    }
}
