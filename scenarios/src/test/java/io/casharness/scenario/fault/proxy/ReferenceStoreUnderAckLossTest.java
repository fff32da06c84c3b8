package io.casharness.scenario.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.StoreUnderTest;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.suite.ResultWriter;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference store run by the scenario engine through the fault proxy with lost acknowledgements on the
 * workers' writes (2 % of them, half cut before commit, half with the reply dropped after it): the verdict is never
 * FAIL, acknowledgements were really lost (counted by the proxy), and no acknowledged write is lost by an
 * independent count from the history and the final reads (not the checker's). Prints one line per run (the
 * verdict, its notes, the proxy's counters); {@code -Dcas.ackloss.seeds=N} runs seeds 1..N of each workload, and
 * {@code -Dcas.ackloss.histories=DIR} saves each history there ({@code cas-harness check FILE} judges it again).
 */
class ReferenceStoreUnderAckLossTest {
    static final double FRACTION = 0.02;
    static final Budget BUDGET = new Budget(2_000, Duration.ofSeconds(4));
    static final List<String> WORKLOADS = List.of("append", "register", "merge", "delete-race", "phases");

    private static PostgresSource.Server pg;

    @BeforeAll
    static void startServer() {
        pg = PostgresSource.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    static Stream<Arguments> cases() {
        long seeds = Long.getLong("cas.ackloss.seeds", 1);
        return WORKLOADS.stream()
                .filter(Workloads.names()::contains)
                .flatMap(w -> LongStream.rangeClosed(1, seeds).mapToObj(s -> Arguments.of(w, s)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void referenceStoreIsNeverFailedAndLosesNoAcknowledgedWrite(String workload, long seed) throws IOException {
        try (PgFaultProxy proxy = PgFaultProxy.forUrl(pg.url());
                JdbcBackend direct = JdbcBackend.postgresAt(pg.url());
                JdbcBackend proxied = JdbcBackend.postgresAt(proxy.jdbcUrl(direct.jdbcUrl()))) {
            // faults on the workers' writes only: a setup write that did not apply breaks the run by design
            Backend faulted = new FaultOnWorkers(proxied, () -> proxy.ackLoss(FRACTION, seed));
            Scenario s = new Scenario(workload, "reference", "postgres", Topology.defaults(), BUDGET, seed);
            RunResult run = ScenarioRunner.run(s, Workloads.byName(workload), StoreUnderTest.REFERENCE, faulted);
            proxy.clear();
            String saveTo = System.getProperty("cas.ackloss.histories");
            if (saveTo != null) {
                Path dir = Files.createDirectories(Path.of(saveTo));
                HistoryIo.write(
                        ResultWriter.header(run), run.history(), dir.resolve(workload + "-" + seed + ".history.jsonl"));
            }
            Judgement j = Judgement.judge(run, null);
            Verdict v = j.verdict();
            PgFaultProxy.Counters c = proxy.counters();
            long lost = lostAcknowledgedWrites(run, Set.of("append", "merge").contains(workload));
            System.out.printf(
                    "ack-loss %s seed %d: %s; lost acknowledged writes %d; %s; notes %s%n",
                    workload, seed, v.result(), lost, c, v.notes());
            assertThat(run.broken()).as("run error: %s", run.error()).isFalse();
            assertThat(v.result()).as("%s%n%s", s, v.summary()).isNotEqualTo(Verdict.Result.FAIL);
            assertThat(c.acknowledgementsLost()).as("the fault happened: %s", c).isPositive();
            assertThat(lost).as("acknowledged writes lost").isZero();
        }
    }

    /**
     * Acknowledged writes the final reads do not account for, counted without the checker: for accumulating kinds
     * an acknowledged token missing from its key's final read; otherwise an acknowledged write whose version is
     * above its key's final read version (or whose key the final read found absent) with no delete of the key that
     * may have taken effect after it (one that completed after the write was invoked: a delete running while a slow
     * acknowledgement was on its way may remove the very version written).
     */
    static long lostAcknowledgedWrites(RunResult run, boolean accumulating) {
        return lostAcknowledgedWrites(
                run.history().ops(),
                ScenarioRunner.finalReadProcess(run.scenario().topology()),
                accumulating);
    }

    /** {@link #lostAcknowledgedWrites(RunResult, boolean)} of {@code ops}, whose final reads are {@code finalProcess}'s. */
    static long lostAcknowledgedWrites(List<Op> ops, int finalProcess, boolean accumulating) {
        Map<String, Op> finals = new HashMap<>();
        Map<String, Long> lastDeleteComplete = new HashMap<>();
        for (Op op : ops) {
            if (op.process() == finalProcess && op.type() == Op.OpType.READ) {
                finals.put(op.key(), op);
            }
            if (op.type() == Op.OpType.DELETE && op.status() != Op.Status.FAIL) {
                lastDeleteComplete.merge(op.key(), op.completeNanos(), Math::max);
            }
        }
        long lost = 0;
        for (Op op : ops) {
            if (!op.isWrite() || op.type() == Op.OpType.DELETE || op.status() != Op.Status.OK) {
                continue;
            }
            Op last = finals.get(op.key());
            if (last == null || lastDeleteComplete.getOrDefault(op.key(), Long.MIN_VALUE) > op.invokeNanos()) {
                continue;
            }
            if (accumulating) {
                Set<String> held = new HashSet<>(last.observed());
                if (op.token() != null && !held.contains(op.token())) {
                    lost++;
                }
            } else if (last.status() != Op.Status.OK || last.readVersion() < op.writtenVersion()) {
                lost++;
            }
        }
        return lost;
    }

    /** The backend, with a step run when the first worker replica is opened (after the setup). */
    private record FaultOnWorkers(Backend backend, Runnable onWorkers) implements Backend {
        @Override
        public String name() {
            return backend.name();
        }

        @Override
        public String describe() {
            return backend.describe() + " through the fault proxy";
        }

        @Override
        public boolean versionsUniqueAcrossKeys() {
            return backend.versionsUniqueAcrossKeys();
        }

        @Override
        public CasStore openReplica(StoreOptions options) {
            if (options.replicaName().equals("replica-0")) {
                onWorkers.run();
            }
            return backend.openReplica(options);
        }

        @Override
        public void reset() {
            backend.reset();
        }

        @Override
        public void close() {
            backend.close();
        }
    }
}
