package io.casharness.reports.jcstress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes verdicts as Allure results: one {@code <uuid>-result.json} per jcstress test (status passed / failed /
 * broken, labels for suite, package, class and "negative-control"), with its outcome histogram attached as CSV.
 * The files follow the Allure 2 result model, so {@code allure generate} shows them beside the JUnit tests.
 * Stateless.
 *
 * <p>The JSON is written by a few lines here rather than a library, so that the gate runs from the module's classes
 * alone ({@code java -cp reports/target/classes}) with no classpath to assemble in CI scripts.
 */
public final class AllureWriter {
    private AllureWriter() {}

    /**
     * Writes one result per verdict into {@code dir} (created if needed).
     *
     * @param startMillis when the jcstress run started
     * @param stopMillis when it ended
     */
    public static void write(List<Verdict> verdicts, Path dir, long startMillis, long stopMillis) {
        try {
            Files.createDirectories(dir);
            for (Verdict v : verdicts) {
                String uuid = UUID.randomUUID().toString();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("uuid", uuid);
                result.put("historyId", md5(v.name()));
                result.put("testCaseId", md5(v.name()));
                result.put("fullName", v.name());
                result.put("name", v.simpleName());
                result.put("status", status(v.kind()));
                result.put("statusDetails", Map.of("message", v.message(), "trace", v.details()));
                result.put("stage", "finished");
                result.put("description", v.result() == null ? "" : v.result().description());
                result.put("start", startMillis);
                result.put("stop", stopMillis);
                List<Map<String, String>> labels = new ArrayList<>();
                labels.add(label("framework", "jcstress"));
                labels.add(label("language", "java"));
                labels.add(label("parentSuite", "stress"));
                labels.add(label("suite", v.negativeControl() ? "jcstress negative controls" : "jcstress"));
                labels.add(label("package", v.packageName()));
                labels.add(label("testClass", v.name()));
                if (v.negativeControl()) {
                    labels.add(label("tag", "negative-control"));
                }
                result.put("labels", labels);
                List<Map<String, String>> attachments = new ArrayList<>();
                if (v.result() != null) {
                    String source = uuid + "-histogram-attachment.csv";
                    Files.writeString(dir.resolve(source), v.result().histogramCsv(), StandardCharsets.UTF_8);
                    attachments.add(Map.of("name", "outcome histogram", "source", source, "type", "text/csv"));
                }
                result.put("attachments", attachments);
                result.put("parameters", List.of());
                result.put("steps", List.of());
                Files.writeString(dir.resolve(uuid + "-result.json"), Json.write(result), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Allure results into " + dir, e);
        }
    }

    private static String status(Verdict.Kind kind) {
        return switch (kind) {
            case PASSED -> "passed";
            case FORBIDDEN_OBSERVED, NOT_CAUGHT -> "failed";
            case ERROR, MISSING -> "broken";
        };
    }

    private static Map<String, String> label(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
