package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Validation at the door, the key choosers, seeds and the payload encoding. */
class EngineBasicsTest {

    @Test
    void zipfianMakesKeyZeroTheHottestAndUniformDoesNot() {
        int[] zipf = histogram(Skew.parse("zipfian:1.1"), 8);
        int[] uniform = histogram(Skew.parse("uniform"), 8);
        assertThat(zipf[0]).isGreaterThan(zipf[7] * 4);
        assertThat(uniform[0]).isBetween(uniform[7] / 2, uniform[7] * 2);
    }

    @Test
    void skewParsingNamesTheBadText() {
        assertThat(Skew.parse("zipfian")).isEqualTo(Skew.zipfian(1.1));
        assertThatThrownBy(() -> Skew.parse("pareto")).hasMessageContaining("\"pareto\"");
        assertThatThrownBy(() -> Skew.parse("zipfian:0")).hasMessageContaining("(0, 10]");
    }

    @Test
    void topologyAndBudgetRejectValuesOutOfBounds() {
        assertThatThrownBy(() -> new Topology(0, 1, 1, Skew.uniform()))
                .hasMessage("replicas must be between 1 and 64, was 0");
        assertThatThrownBy(() -> new Budget(0, Duration.ofSeconds(5)))
                .hasMessage("ops must be between 1 and 100000000, was 0");
        assertThat(new Budget(1001, Duration.ZERO).opsPerProcess(8)).isEqualTo(126);
    }

    @Test
    void processStreamsAreReproducibleAndIndependent() {
        long a1 = Seeds.forProcess(7, 0, Seeds.CHOICES).nextLong();
        long a2 = Seeds.forProcess(7, 0, Seeds.CHOICES).nextLong();
        long b = Seeds.forProcess(7, 1, Seeds.CHOICES).nextLong();
        long jitter = Seeds.forProcess(7, 0, Seeds.JITTER).nextLong();
        assertThat(a1).isEqualTo(a2).isNotEqualTo(b).isNotEqualTo(jitter);
    }

    @Test
    void documentsRoundTripAsReadableJson() {
        Doc d = Doc.EMPTY.append("p0-1").append("p1-4").merge("p2", "p2-9");
        byte[] json = d.encode();
        assertThat(new String(json))
                .isEqualTo("{\"writer\":\"p2-9\",\"tokens\":[\"p0-1\",\"p1-4\"],\"fields\":{\"p2\":[\"p2-9\"]}}");
        assertThat(Doc.decode(json)).isEqualTo(d);
        assertThat(Doc.decode(json).allTokens()).containsExactly("p0-1", "p1-4", "p2-9");
        assertThat(Doc.decode(new byte[0])).isEqualTo(Doc.EMPTY);
        assertThat(new Doc("ready", "p1-1", List.of(), Map.of()).encode())
                .asString()
                .isEqualTo("{\"value\":\"ready\",\"writer\":\"p1-1\"}");
    }

    private static int[] histogram(Skew skew, int keys) {
        Skew.KeyChooser c = skew.chooser(keys);
        SplittableRandom rnd = new SplittableRandom(1);
        int[] h = new int[keys];
        for (int i = 0; i < 20_000; i++) {
            h[c.next(rnd)]++;
        }
        return h;
    }
}
