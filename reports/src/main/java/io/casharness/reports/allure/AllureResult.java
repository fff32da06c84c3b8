package io.casharness.reports.allure;

import static java.util.Objects.requireNonNull;

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
 * One Allure 2 test result ({@code <uuid>-result.json}), built by name and written with its attachments. The
 * history id is derived from a stable key (the test's full name and what distinguishes its runs), so Allure's Trend
 * and History follow the same test across builds. Not thread-safe; use one per result.
 */
public final class AllureResult {
    /** An Allure status. */
    public enum Status {
        PASSED,
        FAILED,
        BROKEN,
        SKIPPED;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String uuid = UUID.randomUUID().toString();
    private final String fullName;
    private final String name;
    private final Status status;
    private final String message;
    private String trace = "";
    private String description = "";
    private long start;
    private long stop;
    private String historyKey;
    private final List<Map<String, String>> labels = new ArrayList<>();
    private final List<Map<String, String>> parameters = new ArrayList<>();
    private final List<String[]> attachments = new ArrayList<>();

    /**
     * @param fullName unique over the build ({@code io.casharness.stress.negative.RacyStoreMatchVersionTest})
     * @param name what the report shows
     * @param status the outcome
     * @param message one line saying why
     */
    public AllureResult(String fullName, String name, Status status, String message) {
        this.fullName = requireNonNull(fullName, "fullName");
        this.name = requireNonNull(name, "name");
        this.status = requireNonNull(status, "status");
        this.message = requireNonNull(message, "message");
        this.historyKey = fullName;
    }

    /** The longer text under the message: histogram, figures. */
    public AllureResult trace(String text) {
        this.trace = requireNonNull(text, "text");
        return this;
    }

    public AllureResult description(String text) {
        this.description = requireNonNull(text, "text");
        return this;
    }

    public AllureResult time(long startMillis, long stopMillis) {
        this.start = startMillis;
        this.stop = stopMillis;
        return this;
    }

    /** What identifies this test across builds, if more than its full name (for example the bench profile). */
    public AllureResult historyKey(String key) {
        this.historyKey = requireNonNull(key, "key");
        return this;
    }

    public AllureResult label(String labelName, String value) {
        labels.add(pair(labelName, value));
        return this;
    }

    public AllureResult parameter(String parameterName, String value) {
        parameters.add(pair(parameterName, value));
        return this;
    }

    /** Attaches {@code content} as a file of {@code type} (a MIME type) with the file name suffix {@code ext}. */
    public AllureResult attach(String attachmentName, String type, String ext, String content) {
        attachments.add(new String[] {attachmentName, type, ext, content});
        return this;
    }

    /** Writes the result and its attachments into {@code dir}, creating it. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            List<Map<String, String>> files = new ArrayList<>();
            int i = 0;
            for (String[] a : attachments) {
                String source = uuid + "-" + (i++) + "-attachment." + a[2];
                Files.writeString(dir.resolve(source), a[3], StandardCharsets.UTF_8);
                Map<String, String> m = new LinkedHashMap<>();
                m.put("name", a[0]);
                m.put("source", source);
                m.put("type", a[1]);
                files.add(m);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("uuid", uuid);
            r.put("historyId", md5(historyKey));
            r.put("testCaseId", md5(fullName));
            r.put("fullName", fullName);
            r.put("name", name);
            r.put("status", status.json());
            r.put("statusDetails", Map.of("message", message, "trace", trace));
            r.put("stage", "finished");
            r.put("description", description);
            r.put("start", start);
            r.put("stop", stop);
            r.put("labels", labels);
            r.put("parameters", parameters);
            r.put("attachments", files);
            r.put("steps", List.of());
            Files.writeString(dir.resolve(uuid + "-result.json"), Json.write(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Allure results into " + dir, e);
        }
    }

    private static Map<String, String> pair(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", requireNonNull(name, "name"));
        m.put("value", requireNonNull(value, "value"));
        return m;
    }

    /** The hex MD5 of a string: how Allure's own integrations derive history ids. */
    public static String md5(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
