package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The targets table in markdown says, per gate, its interval and whether the interval's lower bound meets it. */
class JmhHtmlMarkdownTest {

    private static final RatioGate GATE = RatioGate.parseRules(List.of("g | ContentionBench.update:goodput"
                    + " backend=sqlite strategy=store keys=1 threads=8 | ContentionBench.update:goodput backend=sqlite"
                    + " strategy=atomic keys=1 threads=8 | >= 0.9"))
            .get(0);

    private static String row(double ratio, Optional<Bootstrap.Interval> interval) {
        RatioGate.Evaluation e = new RatioGate.Evaluation(
                GATE,
                ratio,
                Optional.empty(),
                ratio >= 0.9 ? RatioGate.Status.MET : RatioGate.Status.NOT_MET,
                "detail",
                interval);
        String table = JmhHtml.markdown(List.of(e));
        assertThat(table).startsWith("| gate | ratio | needs | 95 % interval (paired forks) | lower bound |");
        return table.lines().skip(2).findFirst().orElseThrow();
    }

    @Test
    void aLowerBoundAboveTheTargetIsMet() {
        assertThat(row(1.1, Optional.of(new Bootstrap.Interval(0.95, 1.2, 5)))).contains("| 0.950–1.20 (5) | met |");
    }

    @Test
    void aPointAboveTheTargetWithALowerBoundBelowItIsNotMetByTheBound() {
        // negative control: the point estimate alone would say met
        assertThat(row(1.1, Optional.of(new Bootstrap.Interval(0.5, 1.6, 5))))
                .contains("| 0.500–1.60 (5) | not met |")
                .contains("MET: detail");
    }

    @Test
    void withoutForkPairsThereIsNoBoundToJudge() {
        assertThat(row(1.1, Optional.empty())).contains("| – | – |");
    }
}
