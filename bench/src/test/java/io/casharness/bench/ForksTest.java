package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ForksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode entry(double... iterations) throws Exception {
        StringBuilder raw = new StringBuilder("[");
        for (int i = 0; i < iterations.length; i++) {
            raw.append(i == 0 ? "" : ",").append(iterations[i]);
        }
        raw.append("]");
        String metric = "{\"score\":0,\"scoreError\":\"NaN\",\"scoreUnit\":\"ops/s\",\"rawData\":[" + raw + "]}";
        return JSON.readTree("{\"benchmark\":\"b\",\"forks\":1,\"threads\":4,\"primaryMetric\":" + metric
                + ",\"secondaryMetrics\":{\"goodput\":" + metric + "}}");
    }

    private static JsonNode sidecar(String verdict, long successes, long... latenciesNanos) {
        Histogram h = new Histogram(3);
        for (long l : latenciesNanos) {
            h.recordValue(l);
        }
        CellReport r = new CellReport(
                "c",
                "sqlite",
                "store",
                "1",
                "jitter",
                10,
                4,
                "db",
                successes,
                0,
                0,
                verdict.equals("OK") ? successes : successes - 1,
                1.0,
                0,
                h,
                Map.of("SQLITE_BUSY", 1L));
        return JSON.valueToTree(r.toMap());
    }

    @Test
    void forksMergeIntoOneEntryWithEveryIterationAndJmhsError() throws Exception {
        JsonNode merged = Forks.entries(List.of(entry(100, 110), entry(90, 100), entry(120, 80)));

        assertThat(merged.path("forks").asInt()).isEqualTo(3);
        for (String path : List.of("/primaryMetric", "/secondaryMetrics/goodput")) {
            JsonNode m = merged.at(path);
            assertThat(m.path("rawData")).hasSize(3);
            assertThat(m.path("score").asDouble()).isEqualTo(100.0);
            // six iterations, standard deviation 14.14: t(0.9995, 5) = 6.869, so 6.869 * 14.14 / sqrt(6) = 39.66
            assertThat(m.path("scoreError").asDouble()).isBetween(39.6, 39.7);
        }
    }

    @Test
    void oneForkIsLeftAsJmhWroteIt() throws Exception {
        JsonNode one = entry(100, 110);

        assertThat(Forks.entries(List.of(one))).isEqualTo(one);
    }

    @Test
    void sidecarsMergeCountsHistogramsAndTheWorstVerdict() {
        JsonNode merged = Forks.sidecars(
                List.of(sidecar("OK", 10, 1_000, 2_000), sidecar("BROKEN", 20, 3_000_000), sidecar("OK", 5, 4_000)));

        assertThat(merged.path("verdict").asText())
                .as("one fork lost updates: the cell did")
                .isEqualTo("BROKEN");
        assertThat(merged.path("successes").asLong()).isEqualTo(35);
        assertThat(merged.path("applied").asLong()).isEqualTo(34);
        assertThat(merged.path("latencyCount").asLong()).isEqualTo(4);
        assertThat(merged.path("maxus").asDouble()).isBetween(2_990.0, 3_010.0);
        assertThat(merged.path("p50us").asDouble()).isBetween(1.99, 2.01);
        assertThat(merged.path("errors").path("SQLITE_BUSY").asLong()).isEqualTo(3);
        assertThat(merged.path("forkVerdicts")).hasSize(3);
    }

    @Test
    void verdictsOrderFromOkToBroken() {
        assertThat(Forks.worse("OK", "UNKNOWN")).isEqualTo("UNKNOWN");
        assertThat(Forks.worse("BROKEN", "OK")).isEqualTo("BROKEN");
        assertThat(Forks.worse("UNKNOWN", "NO-REPORT")).isEqualTo("NO-REPORT");
    }
}
