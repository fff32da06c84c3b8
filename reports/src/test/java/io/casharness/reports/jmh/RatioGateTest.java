package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioGateTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RatioGateTest.class.getResource("/jmh/" + name).toURI());
    }

    private static final List<String> RULES = List.of(
            "# ratios from one run",
            "pg-hot-16 | ContentionBench.store backend=postgres keys=1 threads=16 "
                    + "| ContentionBench.atomic backend=postgres keys=1 threads=16 | >= 0.5",
            "pg-hot-4 | ContentionBench.store backend=postgres threads=4 | ContentionBench.atomic backend=postgres"
                    + " threads=4 | >= 0.7   # the 4-thread target",
            "missing | ContentionBench.store backend=sqlite | ContentionBench.atomic backend=sqlite | >= 0.9");

    @Test
    void readsJmhJsonIncludingNanErrorsAndSecondaryMetrics() throws Exception {
        List<JmhResult> run = JmhJson.read(resource("run.json"));

        assertThat(run).hasSize(4);
        JmhResult store16 = run.get(1);
        assertThat(store16.shortName()).isEqualTo("ContentionBench.store");
        assertThat(store16.threads()).isEqualTo(16);
        assertThat(store16.params()).containsEntry("backend", "postgres");
        assertThat(store16.score()).isEqualTo(600.0);
        assertThat(store16.scoreError()).isNaN();
        assertThat(store16.secondaryScore("conflicts")).isEqualTo(120.0);
        assertThat(store16.cellLabel()).isEqualTo("backend=postgres keys=1 threads=16");
    }

    @Test
    void gatesAreMetNotMetOrUndefinedWithinOneRun() throws Exception {
        List<JmhResult> run = JmhJson.read(resource("run.json"));
        List<RatioGate> gates = RatioGate.parseRules(RULES);

        List<RatioGate.Evaluation> e =
                gates.stream().map(g -> g.evaluate(run, Optional.empty(), 0.2)).toList();

        assertThat(e.get(0).status()).isEqualTo(RatioGate.Status.MET);
        assertThat(e.get(0).ratio()).isEqualTo(0.6);
        assertThat(e.get(1).status()).isEqualTo(RatioGate.Status.NOT_MET);
        assertThat(e.get(1).ratio()).isEqualTo(0.6);
        assertThat(e.get(2).status()).isEqualTo(RatioGate.Status.UNDEFINED);
        assertThat(e.get(2).detail()).contains("matched 0 cells");
    }

    @Test
    void aRatioThatFellAgainstTheBaselineIsCaughtAsARegression() throws Exception {
        // negative control for the regression gate: the baseline run had store/atomic = 0.9 at 4 threads, this run 0.6
        List<JmhResult> run = JmhJson.read(resource("run.json"));
        List<JmhResult> baseline = JmhJson.read(resource("baseline.json"));
        RatioGate gate = RatioGate.parseRules(RULES).get(1);

        RatioGate.Evaluation e = gate.evaluate(run, Optional.of(baseline), 0.2);

        assertThat(e.status()).isEqualTo(RatioGate.Status.REGRESSED);
        assertThat(e.baselineRatio()).contains(0.9);
        assertThat(e.detail()).contains("baseline 0.900");
        // the same run against itself is not a regression
        assertThat(gate.evaluate(run, Optional.of(run), 0.2).status()).isEqualTo(RatioGate.Status.NOT_MET);
    }

    @Test
    void ambiguousSelectorsAreUndefinedNotGuessed() throws Exception {
        List<JmhResult> run = JmhJson.read(resource("run.json"));
        RatioGate gate = RatioGate.parseRules(
                        List.of("vague | ContentionBench.store | ContentionBench.atomic threads=4 | >= 0.1"))
                .get(0);

        RatioGate.Evaluation e = gate.evaluate(run, Optional.empty(), 0.2);

        assertThat(e.status()).isEqualTo(RatioGate.Status.UNDEFINED);
        assertThat(e.detail()).contains("matched 2 cells");
    }

    @Test
    void malformedRulesNameTheLineAndTheText() {
        assertThatThrownBy(() -> RatioGate.parseRules(List.of("", "a | b | c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate line 2")
                .hasMessageContaining("a | b | c");
        assertThatThrownBy(() -> RatioGate.parseRules(List.of("a | B.m | B.n | >= fast")))
                .hasMessageContaining("ratio is not a number");
        assertThatThrownBy(() -> RatioGate.parseRules(List.of("a | B.m x | B.n | >= 1")))
                .hasMessageContaining("expected key=value, found \"x\"");
        assertThatThrownBy(() -> RatioGate.parseRules(List.of("a | B.m | B.n | >= 0")))
                .hasMessageContaining("min ratio must be a finite number > 0, was 0.0");
    }

    @Test
    void mainWritesHtmlAndFailsOnlyOnWhatItIsToldToEnforce(@TempDir Path dir) throws Exception {
        Path gates = dir.resolve("gates.txt");
        Files.write(gates, RULES.subList(0, 3));
        Path out = dir.resolve("report.html");
        String in = resource("run.json").toString();

        int lenient =
                JmhReportMain.run(new String[] {"--in", in, "--out", out.toString(), "--gates", gates.toString()});
        int enforced = JmhReportMain.run(
                new String[] {"--in", in, "--out", out.toString(), "--gates", gates.toString(), "--enforce-targets"});
        int regressed = JmhReportMain.run(new String[] {
            "--in",
            in,
            "--out",
            out.toString(),
            "--gates",
            gates.toString(),
            "--baseline",
            resource("baseline.json").toString()
        });
        int bad = JmhReportMain.run(new String[] {"--in", in, "--max-drop", "2"});
        int noInput = JmhReportMain.run(new String[] {"--out", out.toString()});
        int missing = JmhReportMain.run(
                new String[] {"--in", dir.resolve("targets.json").toString()});

        assertThat(lenient).isZero();
        assertThat(enforced).isEqualTo(1);
        assertThat(regressed).isEqualTo(1);
        assertThat(bad).isEqualTo(2);
        assertThat(noInput).isEqualTo(2);
        assertThat(missing).isEqualTo(2);
        String html = Files.readString(out);
        assertThat(html)
                .contains("ContentionBench")
                .contains("pg-hot-16")
                .contains("id=\"report-data\"")
                .contains("echarts")
                .contains("REGRESSED");
    }
}
