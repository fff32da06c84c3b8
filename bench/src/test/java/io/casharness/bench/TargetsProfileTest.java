package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run.sh targets} exists to measure the cells that {@code bench/gates.txt} compares, with more forks than
 * the full profile: every cell a gate names must be in it, or the gate shows UNDEFINED on the run meant to decide it.
 */
class TargetsProfileTest {

    @Test
    void theTargetsProfileHasEveryCellTheGatesCompare() throws Exception {
        BenchMain.Profile targets = BenchMain.profile("targets", List.of("sqlite", "postgres"));
        List<Map<String, String>> cells = gateCells(Path.of("gates.txt"));

        assertThat(cells).hasSizeGreaterThanOrEqualTo(12);
        for (Map<String, String> cell : cells) {
            assertThat(targets.groups())
                    .as("a group of the targets profile for gate cell %s", cell)
                    .anySatisfy(g -> {
                        assertThat(g.backend()).isEqualTo(cell.get("backend"));
                        assertThat(g.strategy()).isEqualTo(cell.get("strategy"));
                        if (cell.containsKey("backoff")) {
                            assertThat(g.backoff()).isEqualTo(cell.get("backoff"));
                        }
                        assertThat(g.keys()).contains(cell.get("keys"));
                        assertThat(g.threads()).contains(Integer.parseInt(cell.get("threads")));
                    });
        }
        assertThat(targets.timing().forks()).as("forks per cell").isGreaterThanOrEqualTo(3);
    }

    /** The numerator and denominator cells of every gate line: {@code name | cell | cell | >= x}. */
    private static List<Map<String, String>> gateCells(Path gates) throws Exception {
        List<Map<String, String>> cells = new ArrayList<>();
        for (String line : Files.readAllLines(gates)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\|");
            for (int i = 1; i <= 2; i++) {
                Map<String, String> params = new HashMap<>();
                for (String token : parts[i].trim().split("\\s+")) {
                    int eq = token.indexOf('=');
                    if (eq > 0) {
                        params.put(token.substring(0, eq), token.substring(eq + 1));
                    }
                }
                cells.add(params);
            }
        }
        return cells;
    }
}
