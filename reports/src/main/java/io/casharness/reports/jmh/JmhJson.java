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
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads JMH's {@code -rf json} output, and the {@code "cas"} object the bench module adds to each entry (profile,
 * cell name, the cell's sidecar). Other JMH tools ignore that field; a plain JMH JSON file reads without it.
 */
public final class JmhJson {
    /** The field the bench module adds to each JMH entry. */
    public static final String CAS_FIELD = "cas";

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
                    .properties()
                    .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Metric> secondary = new LinkedHashMap<>();
            n.path("secondaryMetrics").properties().forEach(e -> secondary.put(e.getKey(), metric(e.getValue())));
            JsonNode cas = n.path(CAS_FIELD);
            results.add(new JmhResult(
                    n.get("benchmark").asText(),
                    n.path("mode").asText(),
                    n.path("threads").asInt(1),
                    params,
                    metric(primary),
                    secondary,
                    cas.path("profile").asText(""),
                    cas.has("report") ? Optional.of(check(cas.get("report"))) : Optional.empty(),
                    cas.path("failed").asBoolean(false)));
        }
        return results;
    }

    /**
     * The machine the bench recorded in a run ({@code "cas": {"machine": {...}}} of its first entry that has one:
     * cores, JDK, load average, slowdown), as text; empty for a run without one.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Map<String, String> machine(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file, e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (root != null && root.isArray()) {
            for (JsonNode n : root) {
                JsonNode machine = n.path(CAS_FIELD).path("machine");
                if (machine.isObject()) {
                    machine.properties()
                            .forEach(e -> m.put(e.getKey(), e.getValue().asText()));
                    break;
                }
            }
        }
        return m;
    }

    private static Metric metric(JsonNode m) {
        List<List<Double>> forks = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            List<Double> iterations = new ArrayList<>();
            fork.forEach(v -> iterations.add(number(v)));
            forks.add(iterations);
        }
        return new Metric(
                number(m.path("score")),
                number(m.path("scoreError")),
                m.path("scoreUnit").asText(""),
                forks);
    }

    /** The sidecar as {@code io.casharness.bench.CellReport#toMap} writes it. */
    static CellCheck check(JsonNode r) {
        Map<String, Long> errors = new TreeMap<>();
        r.path("errors")
                .properties()
                .forEach(e -> errors.put(e.getKey(), e.getValue().asLong()));
        return new CellCheck(
                r.path("verdict").asText("NO-REPORT"),
                r.path("database").asText(""),
                r.path("successes").asLong(),
                r.path("applied").asLong(),
                number(r.path("p50us")),
                number(r.path("p99us")),
                number(r.path("p999us")),
                number(r.path("maxus")),
                errors);
    }

    private static double number(JsonNode node) {
        // JMH writes "NaN" as a string when an error is undefined (one iteration); Jackson writes NaN as a string too
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
