package io.casharness.reports.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's {@code -rf json} output. */
public final class JmhJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {}

    /**
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a JMH JSON result array (the message names the file)
     */
    public static List<JmhResult> read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file, e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result array: " + file);
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode primary = n.path("primaryMetric");
            if (!n.hasNonNull("benchmark") || primary.isMissingNode()) {
                throw new IllegalArgumentException("entry without benchmark/primaryMetric in " + file + ": " + n);
            }
            Map<String, String> params = new LinkedHashMap<>();
            n.path("params")
                    .fields()
                    .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> secondary = new LinkedHashMap<>();
            n.path("secondaryMetrics")
                    .fields()
                    .forEachRemaining(
                            e -> secondary.put(e.getKey(), number(e.getValue().path("score"))));
            results.add(new JmhResult(
                    n.get("benchmark").asText(),
                    n.path("mode").asText(),
                    n.path("threads").asInt(1),
                    params,
                    number(primary.path("score")),
                    number(primary.path("scoreError")),
                    primary.path("scoreUnit").asText(),
                    secondary));
        }
        return results;
    }

    private static double number(JsonNode node) {
        // JMH writes "NaN" as a string when an error is undefined (one iteration).
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
