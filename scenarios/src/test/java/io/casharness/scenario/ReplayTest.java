package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.memory.MemoryBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seed replays a run: every process performs the same sequence of operation types on the same keys, however the
 * threads interleave (and however many retries that costs: jitter has its own stream). A different seed gives a
 * different sequence — the negative control that shows the comparison can fail.
 *
 * <p>Workloads whose next step depends on what was read (create-race's loser reads, delete-race's stale writers
 * and re-creates, phases' next transition) replay the same keys and choices but may take other branches: their
 * sequences are reproducible only up to the interleaving, which is why forced interleavings ({@link Pause}) exist.
 */
class ReplayTest {
    static final Topology TOPOLOGY = Topology.defaults();
    static final Budget BUDGET = new Budget(400, Duration.ZERO);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"append", "register", "merge"})
    void sameSeedGivesSameKeyAndOpSequencePerProcess(String workload) {
        Map<Integer, List<String>> first = sequences(workload, 42);
        Map<Integer, List<String>> second = sequences(workload, 42);
        Map<Integer, List<String>> other = sequences(workload, 43);

        assertThat(first).hasSize(TOPOLOGY.processes());
        assertThat(first.values()).allSatisfy(seq -> assertThat(seq).isNotEmpty());
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** Per worker process: "TYPE key" of every op, in order. */
    private static Map<Integer, List<String>> sequences(String workload, long seed) {
        try (MemoryBackend backend = new MemoryBackend()) {
            Scenario s = new Scenario(workload, "reference", "memory", TOPOLOGY, BUDGET, seed);
            History h = ScenarioRunner.run(s, Workloads.byName(workload), StoreUnderTest.REFERENCE, backend)
                    .history();
            return h.ops().stream()
                    .filter(op -> op.process() < TOPOLOGY.processes())
                    .collect(Collectors.groupingBy(
                            Op::process,
                            TreeMap::new,
                            Collectors.mapping(op -> op.type() + " " + op.key(), Collectors.toList())));
        }
    }
}
