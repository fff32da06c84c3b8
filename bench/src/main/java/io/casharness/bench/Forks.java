package io.casharness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Merges the forks of one cell that {@link BenchMain} ran as separate rounds (A, B, A, B: fork i of every cell
 * before fork i + 1 of any, so the cells a ratio compares are measured side by side) back into what one JMH run
 * with several forks would have written: one JSON entry whose {@code rawData} lists every fork, its score the mean
 * of every iteration and its error JMH's own 99.9 % interval over them ({@link ListStatistics}), and one sidecar
 * whose verdict is the worst fork's, whose counts are summed and whose percentiles come from the merged latency
 * histograms. Stateless.
 */
final class Forks {
    private Forks() {}

    /** One JMH JSON entry from the entries of each fork (same benchmark, parameters and threads). */
    static ObjectNode entries(List<JsonNode> forks) {
        ObjectNode merged = forks.get(0).deepCopy();
        if (forks.size() == 1) {
            return merged;
        }
        merged.put("forks", forks.size());
        merged.set(
                "primaryMetric",
                metric(forks.stream().map(f -> f.path("primaryMetric")).toList()));
        ObjectNode secondary = merged.putObject("secondaryMetrics");
        Iterator<String> names = forks.get(0).path("secondaryMetrics").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            secondary.set(
                    name,
                    metric(forks.stream()
                            .map(f -> f.path("secondaryMetrics").path(name))
                            .toList()));
        }
        return merged;
    }

    private static ObjectNode metric(List<JsonNode> forks) {
        ObjectNode m = forks.get(0).deepCopy();
        ArrayNode raw = m.putArray("rawData");
        ListStatistics all = new ListStatistics();
        for (JsonNode f : forks) {
            for (JsonNode fork : f.path("rawData")) {
                raw.add(fork.deepCopy());
                fork.forEach(v -> all.addValue(v.asDouble()));
            }
        }
        m.put("score", all.getMean());
        double error = all.getN() > 1 ? all.getMeanErrorAt(0.999) : Double.NaN;
        if (Double.isNaN(error)) {
            m.put("scoreError", "NaN");
        } else {
            m.put("scoreError", error);
        }
        ArrayNode confidence = m.putArray("scoreConfidence");
        confidence.add(all.getMean() - (Double.isNaN(error) ? 0 : error));
        confidence.add(all.getMean() + (Double.isNaN(error) ? 0 : error));
        ObjectNode percentiles = m.putObject("scorePercentiles");
        for (double p : new double[] {0, 50, 90, 95, 99, 99.9, 99.99, 99.9999, 100}) {
            percentiles.put(String.valueOf(p), all.getPercentile(Math.max(p, 1e-9)));
        }
        return m;
    }

    /** One sidecar ({@link CellReport#toMap}) from each fork's. */
    static ObjectNode sidecars(List<JsonNode> forks) {
        ObjectNode merged = forks.get(forks.size() - 1).deepCopy();
        if (forks.size() == 1) {
            return merged;
        }
        String verdict = "OK";
        Histogram latency = new Histogram(3);
        Map<String, Long> errors = new TreeMap<>();
        double attempts = 0;
        for (JsonNode f : forks) {
            String v = f.path("verdict").asText("NO-REPORT");
            verdict = worse(verdict, v);
            decode(f.path("latencyHistogram").asText("")).ifPresent(latency::add);
            f.path("errors")
                    .properties()
                    .forEach(e -> errors.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            attempts += f.path("attemptsPerSuccess").asDouble(Double.NaN);
        }
        merged.put("verdict", verdict);
        merged.put("forks", forks.size());
        for (String count : List.of("successes", "applied", "giveUps", "unknownOutcomes", "conflictsMeasured")) {
            merged.put(
                    count, forks.stream().mapToLong(f -> f.path(count).asLong()).sum());
        }
        merged.put("attemptsPerSuccess", attempts / forks.size());
        merged.put("latencyCount", latency.getTotalCount());
        merged.put("p50us", percentile(latency, 50));
        merged.put("p99us", percentile(latency, 99));
        merged.put("p999us", percentile(latency, 99.9));
        merged.put("maxus", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1_000.0);
        ObjectNode e = merged.putObject("errors");
        errors.forEach(e::put);
        merged.put("latencyHistogram", encode(latency));
        ArrayNode verdicts = merged.putArray("forkVerdicts");
        forks.forEach(f -> verdicts.add(f.path("verdict").asText("NO-REPORT")));
        return merged;
    }

    private static final List<String> ORDER = List.of("OK", "UNKNOWN", "NO-REPORT", "BROKEN");

    /** The worse of two verdicts: BROKEN over a missing report over UNKNOWN over OK. */
    static String worse(String a, String b) {
        return ORDER.indexOf(b) > ORDER.indexOf(a) || !ORDER.contains(b) ? b : a;
    }

    private static double percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1_000.0;
    }

    /** A histogram as base64 of HdrHistogram's compressed encoding. */
    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    static java.util.Optional<Histogram> decode(String base64) {
        if (base64.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0));
        } catch (DataFormatException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
