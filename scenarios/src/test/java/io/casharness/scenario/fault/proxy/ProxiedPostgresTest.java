package io.casharness.scenario.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Seeds;
import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.Faults;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.JdbcSettings;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backend opened through the fault proxy ({@link ProxiedPostgres#open}) is one every PostgreSQL fault applies to:
 * {@code kill}, {@code pause} and {@code restart} still reach the real server (it terminates, freezes and restarts
 * the server's own processes, counted in their events) and the store works through the proxy after each;
 * {@code ack-loss} and {@code slow} find the proxy. A backend not opened through it, or a plan whose rate is not
 * the proxy's, is skipped with the reason.
 */
class ProxiedPostgresTest {
    private static final ObjectKey KEY = ObjectKey.of("k", "a");
    private static final long FAR = Duration.ofMinutes(1).toNanos();
    private static final List<String> SERVER_FAULTS = List.of("kill", "pause", "restart");

    @Test
    void everyPostgresFaultAppliesAndTheServerFaultsReachTheRealServer() {
        FaultPlan plan = new FaultPlan(
                List.of("kill", "pause", "restart", "ack-loss", "slow"), FaultPlan.DEFAULT_INTERVAL, 0.2, false);
        try (JdbcBackend backend = ProxiedPostgres.open(PostgresSource.startEmbedded(), JdbcSettings.defaults(), 0.2)) {
            assertThat(backend.ownedServer().kind()).isEqualTo(PostgresSource.Kind.EMBEDDED);
            assertThat(backend.describe()).contains("through the fault proxy on 127.0.0.1:");
            CasStore store = backend.openReplica(StoreOptions.defaults().withReplicaName("replica-0"), 3);
            store.put(ObjectSpec.of(KEY, "v".getBytes(StandardCharsets.UTF_8)), WriteCondition.mustCreate());
            for (Fault f : plan.faults()) {
                assertThat(f.skipReason(backend, plan)).as(f.name()).isNull();
            }
            int seed = 0;
            for (String name : List.of("kill", "pause", "restart", "ack-loss", "slow")) {
                FaultEvent e =
                        Faults.byName(name).inject(backend, Seeds.forProcess(++seed, -1, 2), System.nanoTime() + FAR);
                assertThat(e.error()).as("%s", e).isNull();
                if (SERVER_FAULTS.contains(name)) {
                    // ack-loss and slow count what they did to the requests of their window: none are sent here
                    assertThat(e.count()).as("%s", e).isPositive();
                }
                readWorks(store);
            }
        }
    }

    @Test
    void aBackendNotOpenedThroughTheProxyOrAnotherRateIsSkippedWithTheReason() {
        FaultPlan plan = new FaultPlan(List.of("ack-loss", "slow"), FaultPlan.DEFAULT_INTERVAL, 0.2, false);
        try (JdbcBackend sqlite = JdbcBackend.sqliteTemp();
                JdbcBackend proxied =
                        ProxiedPostgres.open(PostgresSource.startEmbedded(), JdbcSettings.defaults(), 0.1);
                PgFaultProxy other = PgFaultProxy.forUrl(proxied.ownedServer().url());
                JdbcBackend plain = JdbcBackend.postgresAt(
                        other.jdbcUrl(proxied.ownedServer().url()))) {
            assertThat(Faults.byName("slow").skipReason(sqlite, plan))
                    .isEqualTo("slow acts on PostgreSQL's wire protocol; sqlite is not PostgreSQL");
            assertThat(Faults.byName("ack-loss").skipReason(plain, plan))
                    .startsWith("ack-loss needs the backend's connections to go through the fault proxy");
            assertThat(Faults.byName("ack-loss").skipReason(proxied, plan))
                    .isEqualTo("the backend's fault proxy was opened for --fault-rate 0.1, the plan asks 0.2");
            assertThat(Faults.byName("slow").skipReason(proxied, plan))
                    .as("slow takes no rate")
                    .isNull();
        }
    }

    /** Reads until one succeeds (a pool may hand out a connection a fault ended); at most 5 tries. */
    private static void readWorks(CasStore store) {
        for (int i = 0; ; i++) {
            try {
                assertThat(store.get(KEY)).isPresent();
                return;
            } catch (StoreAccessException e) {
                if (i >= 4) {
                    throw e;
                }
            }
        }
    }
}
