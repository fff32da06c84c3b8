package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.check.HistorySimulator.Config;
import io.casharness.scenario.check.HistorySimulator.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An explanation is data rendered to a sentence: named values, a reason id naming the rule's case. */
class ExplanationTest {
    @Test
    void aTemplateRendersItsNamedValues() {
        Explanation e = Explanation.of("stale-read.after-write", "a read of {key} returned v{read}, older than v{seen}")
                .with("key", "kind/k1")
                .with("read", 3L)
                .with("seen", 7L);
        assertThat(e.text()).isEqualTo("a read of kind/k1 returned v3, older than v7");
        assertThat(e.values())
                .containsExactly(
                        java.util.Map.entry("key", "kind/k1"),
                        java.util.Map.entry("read", 3L),
                        java.util.Map.entry("seen", 7L));
    }

    @Test
    void aTemplateNamingAValueItLacksIsRefusedAndAPlainSentenceKeepsItsBraces() {
        assertThatThrownBy(() -> Explanation.of("x.y", "v{missing}").text())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("{missing}");
        assertThat(Explanation.text("a {literal} brace").text()).isEqualTo("a {literal} brace");
        assertThat(new Anomaly(AnomalyType.ABA, "k", "said {so}", List.of()).explanation())
                .isEqualTo("said {so}");
    }

    @Test
    void everyAnomalyOfTheFaultyStoresNamesItsTypeInItsReason() {
        Checker checker = HistorySimulator.checker();
        for (Fault fault : Fault.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                Verdict v = checker.check(HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.0, 4), fault));
                assertThat(v.anomalies())
                        .allSatisfy(a ->
                                assertThat(a.why().reason()).startsWith(a.type().id() + "."))
                        .allSatisfy(a -> assertThat(a.explanation()).doesNotContain("{"));
            }
        }
    }
}
