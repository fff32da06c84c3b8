package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.reports.jmh.RatioGate;
import io.casharness.store.RetryPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run.sh targets} exists to measure the cells that {@code bench/gates.txt} compares (each gate's two
 * sides alternating in one fork, {@link AlternatingTargets}). The profile is derived from the gates, so this checks
 * the derivation: every cell a gate names is in it, and nothing else.
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
        assertThat(targets.timing().forks()).as("forks per gate").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theStoresTargetsAreMeasuredWithTheBudgetAUserGets() {
        for (RatioGate gate : BenchMain.gates()) {
            if (gate.numerator().params().get("strategy").startsWith("store")) {
                assertThat(gate.numerator().params().get("maxAttempts"))
                        .as("gate %s: the store's cell spends RetryPolicy's default attempts", gate.name())
                        .isEqualTo(String.valueOf(RetryPolicy.DEFAULT_MAX_ATTEMPTS));
            }
        }
    }

    @Test
    void eachRoundPutsEveryComparedCellNextToItsDenominatorAndTheNextRoundReversesTheBlock() {
        List<RatioGate> gates = BenchMain.gates();
        List<BenchMain.Cell> plan = BenchMain.plan(BenchMain.profile("targets", BenchMain.BACKENDS));
        List<BenchMain.Cell> odd = BenchMain.roundOrder(plan, gates, 1);
        List<BenchMain.Cell> even = BenchMain.roundOrder(plan, gates, 2);

        assertThat(odd).containsExactlyInAnyOrderElementsOf(plan);
        assertThat(even).containsExactlyInAnyOrderElementsOf(plan);
        assertThat(maxDistance(odd, gates))
                .as("cells between a gate's two sides in a round")
                .isLessThanOrEqualTo(2);
        assertThat(maxDistance(even, gates)).isLessThanOrEqualTo(2);
        // the first block of round 2 is round 1's first block backwards
        List<BenchMain.Cell> firstBlock = new java.util.ArrayList<>(odd.subList(0, 4));
        java.util.Collections.reverse(firstBlock);
        assertThat(even.subList(0, 4)).containsExactlyElementsOf(firstBlock);
        // negative control: the plan's own order (group by group) leaves the sides of some gate far apart
        assertThat(maxDistance(plan, gates)).isGreaterThan(2);
    }

    private static int maxDistance(List<BenchMain.Cell> order, List<RatioGate> gates) {
        int max = 0;
        for (RatioGate g : gates) {
            int top = indexOf(order, g.numerator());
            int bottom = indexOf(order, g.denominator());
            max = Math.max(max, Math.abs(top - bottom));
        }
        return max;
    }

    private static int indexOf(List<BenchMain.Cell> order, RatioGate.Selector s) {
        for (int i = 0; i < order.size(); i++) {
            if (BenchMain.matches(s, order.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no cell for " + s);
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
