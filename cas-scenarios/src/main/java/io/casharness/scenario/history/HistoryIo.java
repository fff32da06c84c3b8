package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads history files: JSON Lines, a {@link HistoryHeader} line first, then one {@link Op} per line, then
 * a trailer line with the op count and the SHA-256 of the op lines, so a file cut short, two files run together or
 * an edited line is refused rather than judged. The format is specified in {@code docs/scenarios.md} and as a
 * JSON Schema in {@code docs/history.schema.json}.
 *
 * <p>An op line is one JSON object whose field names are the record components of {@link Op} ({@code process,
 * replica, thread, seq, type, kind, id, condition, expectedVersion, status, outcome, invokeNanos, completeNanos,
 * readVersion, writtenVersion, currentVersion, token, observed, name, value, attempts, error, revision, labels, page}), with two
 * differences: {@code outcome} is the {@link Op.Outcome#wireName()} ({@code Written}, {@code Conflict(absent)},
 * {@code AlreadyExists(NAME)}, ...) or, for a call that threw, the error class, and {@code error} is the
 * {@link Op.Failure}'s message. {@code null} fields, an empty {@code observed}, a zero {@code currentVersion} and a
 * zero {@code revision} are omitted; enums are written by name. Reading a written file gives back an equal header and {@link History}
 * (round-trip exact). Files written before {@code currentVersion} existed read as conflicts that did not keep the
 * version ({@code currentVersion} 0), and files written before {@code revision} existed as ops that carry none.
 * {@code labels} (an object of strings) and {@code page} (a list's selector,
 * {@code after}, {@code next} and {@code items}) are written only when present, so files without them read as
 * before.
 *
 * <p>Reading validates what a checker relies on and refuses, with the line number, a file that breaks it
 * ({@link HistoryInvalidException}): a completion before its invocation, a negative version, a process id outside
 * the topology, a process whose ops are not numbered 0, 1, 2, ... in time order or overlap in time, a history of a
 * finished run without its final reads. Such a history is not evidence against the store.
 *
 * <p>Uses Jackson's streaming API, so a history of a million ops is written and read without an object tree.
 *
 * <p>Thread-safe (stateless).
 */
public final class HistoryIo {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryIo() {}

    /** A history file's content. */
    public record HistoryFile(HistoryHeader header, History history) {
        public HistoryFile {
            requireNonNull(header, "header");
            requireNonNull(history, "history");
        }
    }

    /**
     * Writes {@code header}, {@code history} and the trailer to {@code file} (created or truncated).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(HistoryHeader header, History history, Path file) {
        requireNonNull(history, "history");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(header, history, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write history to " + file, e);
        }
    }

    /**
     * Writes {@code header}, one line per op of {@code history}, and the trailer to {@code out}; does not close it.
     *
     * @throws UncheckedIOException if writing fails
     */
    public static void write(HistoryHeader header, History history, Writer out) {
        requireNonNull(header, "header");
        requireNonNull(history, "history");
        requireNonNull(out, "out");
        try {
            Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
            w.write(MAPPER.writeValueAsString(Map.of("header", header)));
            w.write('\n');
            MessageDigest sha = sha256();
            for (Op op : history.ops()) {
                String line = toJson(op) + '\n';
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                w.write(line);
            }
            Map<String, Object> trailer = new LinkedHashMap<>();
            trailer.put("ops", history.size());
            trailer.put("sha256", HexFormat.of().formatHex(sha.digest()));
            w.write(MAPPER.writeValueAsString(Map.of("trailer", trailer)));
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write history", e);
        }
    }

    /**
     * Reads a history file.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws HistoryInvalidException if the file is not a whole, valid history (the message names the line)
     */
    public static HistoryFile read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history from " + file, e);
        }
    }

    /**
     * Reads a history file from {@code in}; does not close it.
     *
     * @throws UncheckedIOException if reading fails
     * @throws HistoryInvalidException if the text is not a whole, valid history (the message names the line)
     */
    public static HistoryFile read(Reader in) {
        requireNonNull(in, "in");
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        List<Op> ops = new ArrayList<>();
        Strings strings = new Strings();
        HistoryHeader header = null;
        JsonNode trailer = null;
        long trailerLine = 0;
        MessageDigest sha = sha256();
        long lineNo = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (trailer != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    throw new HistoryInvalidException(
                            lineNo, "text after the trailer of line " + trailerLine + " (two histories run together?)");
                }
                if (lineNo == 1) {
                    header = header(line);
                    continue;
                }
                if (line.startsWith("{\"header\"")) {
                    throw new HistoryInvalidException(lineNo, "a second header: two histories run together");
                }
                if (line.startsWith("{\"trailer\"")) {
                    trailer = json(lineNo, line).get("trailer");
                    trailerLine = lineNo;
                    continue;
                }
                try {
                    ops.add(fromJson(line, strings));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new HistoryInvalidException(lineNo, e.getMessage());
                }
                sha.update((line + '\n').getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history at line " + lineNo, e);
        }
        if (header == null) {
            throw new HistoryInvalidException(1, "empty: no header line");
        }
        if (trailer == null || !trailer.isObject()) {
            throw new HistoryInvalidException(
                    lineNo,
                    "no trailer line: the file was cut short after " + ops.size()
                            + " ops (a run that broke still writes its trailer)");
        }
        long count = trailer.path("ops").asLong(-1);
        if (count != ops.size()) {
            throw new HistoryInvalidException(
                    trailerLine, "the trailer counts " + count + " ops, the file holds " + ops.size());
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (!digest.equals(trailer.path("sha256").asText())) {
            throw new HistoryInvalidException(
                    trailerLine,
                    "the op lines' SHA-256 is " + digest + ", the trailer says "
                            + trailer.path("sha256").asText() + ": a line was changed");
        }
        validate(header, ops);
        return new HistoryFile(header, History.of(ops));
    }

    private static HistoryHeader header(String line) {
        JsonNode h = json(1, line).get("header");
        if (h == null || !h.isObject()) {
            throw new HistoryInvalidException(
                    1, "the first line must be the header {\"header\": {...}}, was: " + abbreviate(line));
        }
        JsonNode events = h.get("faultEvents");
        if (events != null && events.isArray()) {
            for (JsonNode e : events) {
                // written before events recorded it: read as the checker read such a file then
                if (e instanceof ObjectNode o && !o.has("breaksConnections")) {
                    o.put(
                            "breaksConnections",
                            FaultEvent.BROKE_CONNECTIONS_BEFORE_RECORDED.contains(
                                    o.path("fault").asText()));
                }
            }
        }
        try {
            return MAPPER.treeToValue(h, HistoryHeader.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new HistoryInvalidException(
                    1,
                    "not a valid header: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static JsonNode json(long lineNo, String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new HistoryInvalidException(lineNo, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** What the checker relies on: times, versions, processes and their sequences, the final reads. */
    private static void validate(HistoryHeader header, List<Op> ops) {
        int processes = header.processes();
        int finalReads = processes + 1;
        long[] nextSeq = new long[processes + 2];
        long[] lastComplete = new long[processes + 2];
        Arrays.fill(lastComplete, Long.MIN_VALUE);
        // the file is in invocation order; a process's ops follow each other in it
        boolean finalRead = false;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            long line = i + 2; // the header is line 1, and every line after it up to the trailer is an op
            if (op.completeNanos() < op.invokeNanos()) {
                throw new HistoryInvalidException(
                        line, "completes at " + op.completeNanos() + " before it is invoked at " + op.invokeNanos());
            }
            if (op.expectedVersion() < 0 || op.readVersion() < 0 || op.writtenVersion() < 0) {
                throw new HistoryInvalidException(
                        line,
                        "a negative version (expected " + op.expectedVersion() + ", read " + op.readVersion()
                                + ", written " + op.writtenVersion() + ")");
            }
            if (op.attempts() < 1) {
                throw new HistoryInvalidException(line, "attempts must be at least 1, was " + op.attempts());
            }
            int p = op.process();
            if (p < 0 || p > finalReads) {
                throw new HistoryInvalidException(
                        line,
                        "process p" + p + " is outside the topology (0 to " + finalReads
                                + " for " + header.replicas() + " replicas x " + header.threads()
                                + " threads, setup and final"
                                + " reads)");
            }
            if (op.seq() != nextSeq[p]) {
                throw new HistoryInvalidException(
                        line,
                        "process p" + p + "'s op #" + op.seq() + " where #" + nextSeq[p]
                                + " comes next in time: an op is missing, repeated or out of order");
            }
            if (op.invokeNanos() < lastComplete[p]) {
                throw new HistoryInvalidException(
                        line,
                        "process p" + p + "'s op #" + op.seq() + " is invoked at "
                                + op.invokeNanos() + ", before its previous op completed at " + lastComplete[p]
                                + ": one process runs one op at a time");
            }
            nextSeq[p]++;
            lastComplete[p] = op.completeNanos();
            finalRead |= p == finalReads;
        }
        if (!finalRead && header.runError() == null) {
            throw new HistoryInvalidException(
                    Math.max(2, ops.size() + 1L),
                    "no final reads" + " (process p" + finalReads
                            + "): the run did not end, yet the header names no error");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** One op as a single-line JSON object. */
    public static String toJson(Op op) {
        requireNonNull(op, "op");
        java.io.StringWriter s = new java.io.StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(s)) {
            g.writeStartObject();
            g.writeNumberField("process", op.process());
            g.writeNumberField("replica", op.replica());
            g.writeNumberField("thread", op.thread());
            g.writeNumberField("seq", op.seq());
            g.writeStringField("type", op.type().name());
            g.writeStringField("kind", op.kind());
            g.writeStringField("id", op.id());
            g.writeStringField("condition", op.condition().name());
            g.writeNumberField("expectedVersion", op.expectedVersion());
            g.writeStringField("status", op.status().name());
            g.writeStringField("outcome", op.outcomeName());
            g.writeNumberField("invokeNanos", op.invokeNanos());
            g.writeNumberField("completeNanos", op.completeNanos());
            g.writeNumberField("readVersion", op.readVersion());
            g.writeNumberField("writtenVersion", op.writtenVersion());
            if (op.currentVersion() != 0) {
                g.writeNumberField("currentVersion", op.currentVersion());
            }
            if (op.token() != null) {
                g.writeStringField("token", op.token());
            }
            if (!op.observed().isEmpty()) {
                g.writeArrayFieldStart("observed");
                for (String t : op.observed()) {
                    g.writeString(t);
                }
                g.writeEndArray();
            }
            if (op.name() != null) {
                g.writeStringField("name", op.name());
            }
            if (op.value() != null) {
                g.writeStringField("value", op.value());
            }
            g.writeNumberField("attempts", op.attempts());
            if (op.revision() != 0) {
                g.writeNumberField("revision", op.revision());
            }
            if (op.failure() != null) {
                g.writeStringField("error", op.failure().message());
            }
            if (op.labels() != null) {
                g.writeFieldName("labels");
                writeLabels(g, op.labels());
            }
            if (op.page() != null) {
                writePage(g, op.page());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render op " + op.describe(), e);
        }
        return s.toString();
    }

    private static void writeLabels(JsonGenerator g, Map<String, String> labels) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writePage(JsonGenerator g, ListedPage page) throws IOException {
        g.writeObjectFieldStart("page");
        g.writeStringField("selector", page.selector());
        if (page.after() != null) {
            g.writeStringField("after", page.after());
        }
        if (page.next() != null) {
            g.writeStringField("next", page.next());
        }
        g.writeArrayFieldStart("items");
        for (ListedPage.Item item : page.items()) {
            g.writeStartObject();
            g.writeStringField("id", item.id());
            g.writeNumberField("version", item.version());
            if (item.name() != null) {
                g.writeStringField("name", item.name());
            }
            g.writeFieldName("labels");
            writeLabels(g, item.labels());
            if (item.value() != null) {
                g.writeStringField("value", item.value());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Parses one op from a JSON object as written by {@link #toJson(Op)}. Absent numbers are 0 ({@code attempts}
     * 1), absent strings {@code null}, absent {@code observed} empty; unknown fields are ignored.
     *
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Op fromJson(String json) {
        return fromJson(json, new Strings());
    }

    /**
     * One copy of each string a history repeats (kinds, ids, names, values, and every token a read observed again),
     * shared by the ops of one file: a history of millions of ops would otherwise hold its tokens once per read.
     */
    private static final class Strings {
        private final Map<String, String> seen = new HashMap<>();

        String of(String s) {
            String known = seen.putIfAbsent(s, s);
            return known == null ? s : known;
        }
    }

    private static Op fromJson(String json, Strings strings) {
        requireNonNull(json, "json");
        int process = 0;
        int replica = 0;
        int thread = 0;
        long seq = 0;
        Op.OpType type = null;
        String kind = null;
        String id = null;
        Op.Condition condition = Op.Condition.NONE;
        long expectedVersion = 0;
        Op.Status status = null;
        String outcome = null;
        long invokeNanos = 0;
        long completeNanos = 0;
        long readVersion = 0;
        long writtenVersion = 0;
        long currentVersion = 0;
        String token = null;
        List<String> observed = List.of();
        String name = null;
        String value = null;
        int attempts = 1;
        long revision = 0;
        String error = null;
        Map<String, String> labels = null;
        ListedPage page = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object, got: " + abbreviate(json));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "process" -> process = p.getIntValue();
                    case "replica" -> replica = p.getIntValue();
                    case "thread" -> thread = p.getIntValue();
                    case "seq" -> seq = p.getLongValue();
                    case "type" -> type = Op.OpType.valueOf(p.getText());
                    case "kind" -> kind = strings.of(p.getText());
                    case "id" -> id = strings.of(p.getText());
                    case "condition" -> condition = Op.Condition.valueOf(p.getText());
                    case "expectedVersion" -> expectedVersion = p.getLongValue();
                    case "status" -> status = Op.Status.valueOf(p.getText());
                    case "outcome" -> outcome = p.getText();
                    case "invokeNanos" -> invokeNanos = p.getLongValue();
                    case "completeNanos" -> completeNanos = p.getLongValue();
                    case "readVersion" -> readVersion = p.getLongValue();
                    case "writtenVersion" -> writtenVersion = p.getLongValue();
                    case "currentVersion" -> currentVersion = p.getLongValue();
                    case "token" -> token = strings.of(p.getText());
                    case "observed" -> observed = readStrings(p, strings);
                    case "name" -> name = strings.of(p.getText());
                    case "value" -> value = strings.of(p.getText());
                    case "attempts" -> attempts = p.getIntValue();
                    case "revision" -> revision = p.getLongValue();
                    case "error" -> error = p.getText();
                    case "labels" -> labels = readLabels(p, strings);
                    case "page" -> page = readPage(p, strings);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException(
                        "more than one JSON value on the line, or an unfinished one: " + abbreviate(json));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        requireNonNull(type, "type");
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
        requireNonNull(status, "status");
        requireNonNull(outcome, "outcome");
        Op.Builder b = Op.of(type, kind, id, condition)
                .process(process, replica, thread, seq)
                .expectedVersion(expectedVersion)
                .times(invokeNanos, completeNanos)
                .readVersion(readVersion)
                .writtenVersion(writtenVersion)
                .token(token)
                .observed(observed)
                .name(name)
                .value(value)
                .attempts(attempts)
                .revision(revision)
                .labels(labels)
                .page(page);
        Op.Outcome o = Op.Outcome.ofWireName(outcome);
        if (o == null) {
            // any other name is the error class of a call that threw; info if it may have applied
            if (status == Op.Status.INFO) {
                b.info(outcome, error == null ? "" : error);
            } else {
                b.error(outcome, error == null ? "" : error);
            }
        } else if (error != null) {
            throw new IllegalArgumentException("an op with outcome " + outcome + " carries an error: " + error);
        } else if (o == Op.Outcome.CONFLICT) {
            b.conflict(currentVersion);
        } else {
            b.outcome(o);
        }
        if (currentVersion != 0 && o != Op.Outcome.CONFLICT) {
            throw new IllegalArgumentException(
                    "currentVersion " + currentVersion + " on an op whose outcome is " + outcome + ", not Conflict");
        }
        Op op = b.build();
        if (op.status() != status) {
            throw new IllegalArgumentException(
                    "status " + status + " contradicts outcome " + outcome + " (which is " + op.status() + ")");
        }
        return op;
    }

    private static List<String> readStrings(JsonParser p, Strings strings) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("observed must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(strings.of(p.getText()));
        }
        return out;
    }

    private static Map<String, String> readLabels(JsonParser p, Strings strings) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("labels must be an object of strings");
        }
        Map<String, String> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = strings.of(p.currentName());
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("label " + k + " must be a string");
            }
            out.put(k, strings.of(p.getText()));
        }
        return out;
    }

    private static ListedPage readPage(JsonParser p, Strings strings) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("page must be an object");
        }
        String selector = null;
        String after = null;
        String next = null;
        List<ListedPage.Item> items = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "selector" -> selector = p.getText();
                case "after" -> after = t == JsonToken.VALUE_NULL ? null : strings.of(p.getText());
                case "next" -> next = t == JsonToken.VALUE_NULL ? null : strings.of(p.getText());
                case "items" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("page items must be an array");
                    }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        items.add(readItem(p, strings));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ListedPage(selector, after, next, items);
    }

    private static ListedPage.Item readItem(JsonParser p, Strings strings) throws IOException {
        String id = null;
        long version = 0;
        String name = null;
        Map<String, String> labels = Map.of();
        String value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = strings.of(p.getText());
                case "version" -> version = p.getLongValue();
                case "name" -> name = strings.of(p.getText());
                case "labels" -> labels = readLabels(p, strings);
                case "value" -> value = strings.of(p.getText());
                default -> p.skipChildren();
            }
        }
        return new ListedPage.Item(id, version, name, labels, value);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
