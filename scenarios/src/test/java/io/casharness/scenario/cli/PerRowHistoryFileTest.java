package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.scenario.suite.ResultWriter;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.BackendProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history file records whether the store's versions rise across incarnations, so {@code check} judges a per-row
 * store's saved history exactly as the run did; a file without the field (written before it existed) is judged as
 * a store that promises rising versions.
 */
class PerRowHistoryFileTest {
    @TempDir
    Path dir;

    @Test
    void aPerRowHistoryIsJudgedAgainByIncarnationsAndAnOlderHeaderAsRising() throws Exception {
        ZooMember member = Zoo.byName("version-restart");
        // whether a run of 600 ops sees a restart depends on how its threads interleave (in a JVM warmed by the
        // whole suite a run takes ~0.1 s and once saw none), so the run is the first of a few seeds that catches it,
        // as detect --seeds reads a member
        RunResult run = null;
        Judgement j = null;
        for (long seed = 3; seed < 11; seed++) {
            Scenario s = new Scenario(
                    member.workload(),
                    member.name(),
                    "sqlite",
                    Topology.defaults(),
                    new Budget(600, Duration.ofSeconds(5)),
                    seed);
            try (Backend backend = BackendProviders.open("sqlite", Map.of())) {
                run = ScenarioRunner.run(s, Workloads.byName(member.workload()), member, backend);
            }
            j = Judgement.judge(run, member);
            if (j.ok()) {
                break;
            }
        }
        assertThat(j.ok()).as("version-restart caught on one of seeds 3-10").isTrue();
        Path file = dir.resolve("run.history.jsonl");
        HistoryIo.write(ResultWriter.header(run), run.history(), file);

        HistoryIo.HistoryFile saved = HistoryIo.read(file);
        assertThat(saved.header().versionsRiseAcrossIncarnations()).isFalse();
        Judgement again = CheckCommand.judge(saved);
        assertThat(again.verdict().countsByType()).isEqualTo(j.verdict().countsByType());
        // the restart is always seen; whether a reader also saw an old version come back (ABA) depends on how the
        // threads interleaved, so it may or may not be there (a clean-clone run once had only the restart)
        assertThat(again.verdict().countsByType().keySet())
                .contains(AnomalyType.VERSIONS_RESTART)
                .isSubsetOf(AnomalyType.ABA, AnomalyType.VERSIONS_RESTART);
        assertThat(again.ok()).isTrue();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).contains("\"versionsRiseAcrossIncarnations\":false");
        lines.set(0, lines.get(0).replace("\"versionsRiseAcrossIncarnations\":false,", ""));
        Path older = dir.resolve("older.history.jsonl");
        Files.write(older, lines, StandardCharsets.UTF_8);
        HistoryIo.HistoryFile old = HistoryIo.read(older);
        assertThat(old.header().versionsRiseAcrossIncarnations()).isTrue();
        Map<AnomalyType, Integer> asRising = CheckCommand.judge(old).verdict().countsByType();
        assertThat(asRising).containsKey(AnomalyType.VERSIONS_RESTART);
        assertThat(asRising.get(AnomalyType.ABA))
                .isEqualTo(j.verdict().countsByType().get(AnomalyType.ABA));
    }
}
