package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.reports.jmh.RatioGate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run.sh targets} exists to measure the cells that {@code bench/gates.txt} compares, with more forks than
 * the full profile. The profile is derived from the gates, so this checks the derivation: every cell a gate names is
 * in it, and nothing else.
 */
class TargetsProfileTest {

    @Test
    void theTargetsProfileMeasuresExactlyTheCellsTheGatesCompare() {
        List<RatioGate> gates = BenchMain.gates();
        BenchMain.Profile targets = BenchMain.profile("targets", BenchMain.BACKENDS);

        assertThat(gates).hasSizeGreaterThanOrEqualTo(9);
        for (RatioGate gate : gates) {
            for (RatioGate.Selector cell : List.of(gate.numerator(), gate.denominator())) {
                assertThat(targets.groups())
                        .as("a group of the targets profile for the cell %s of gate %s", cell, gate.name())
                        .anySatisfy(g -> {
                            assertThat(g.backend()).isEqualTo(cell.params().get("backend"));
                            assertThat(g.strategy()).isEqualTo(cell.params().get("strategy"));
                            assertThat(g.backoff()).isEqualTo(cell.params().getOrDefault("backoff", "none"));
                            assertThat(g.keys()).containsExactly(cell.params().get("keys"));
                            assertThat(g.threads())
                                    .contains(Integer.parseInt(cell.params().get("threads")));
                        });
            }
        }
        int cells = targets.groups().stream().mapToInt(g -> g.threads().size()).sum();
        assertThat(cells)
                .as("cells: atomic at 3 thread counts, then 3 store shapes at each")
                .isEqualTo(12);
        assertThat(targets.timing().forks()).as("forks per cell").isGreaterThanOrEqualTo(3);
    }

    @Test
    void oneBackendKeepsOnlyItsCells() {
        BenchMain.Profile sqlite = BenchMain.profile("targets", List.of("sqlite"));

        assertThat(sqlite.groups())
                .isNotEmpty()
                .allSatisfy(g -> assertThat(g.backend()).isEqualTo("sqlite"));
    }

    @Test
    void aGateWhoseCellNamesNoThreadsCannotBeMeasuredAndSaysSo() {
        // negative control for the derivation: a selector that leaves out a dimension must not be guessed at
        List<RatioGate> vague = RatioGate.parseRules(List.of("vague | ContentionBench.update:goodput backend=sqlite"
                + " strategy=store keys=1 | ContentionBench.update:goodput backend=sqlite strategy=atomic keys=1"
                + " threads=8 | >= 0.9"));

        assertThatThrownBy(() -> BenchMain.gateGroups(vague, BenchMain.BACKENDS))
                .hasMessageContaining("gate vague")
                .hasMessageContaining("names no threads");
    }
}
