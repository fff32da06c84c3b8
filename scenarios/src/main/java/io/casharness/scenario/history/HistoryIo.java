package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads histories as JSON Lines: one {@link Op} per line, one JSON object per op whose field names are
 * the record components of {@link Op} ({@code process, replica, thread, seq, type, kind, id, condition,
 * expectedVersion, status, outcome, invokeNanos, completeNanos, readVersion, writtenVersion, token, observed, name,
 * value, attempts, error}). {@code null} fields and an empty {@code observed} are omitted; enums are written by
 * name. Reading a written history gives back an equal {@link History} (round-trip exact).
 *
 * <p>Uses Jackson's streaming API, so a history of a million ops is written and read without an object tree.
 *
 * <p>Thread-safe (stateless).
 */
public final class HistoryIo {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private HistoryIo() {}

    /**
     * Writes {@code history} to {@code file} (created or truncated).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(History history, Path file) {
        requireNonNull(history, "history");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write history to " + file, e);
        }
    }

    /**
     * Writes {@code history} to {@code out}, one line per op; does not close {@code out}.
     *
     * @throws UncheckedIOException if writing fails
     */
    public static void write(History history, Writer out) {
        requireNonNull(history, "history");
        requireNonNull(out, "out");
        try {
            Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
            for (Op op : history.ops()) {
                w.write(toJson(op));
                w.write('\n');
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write history", e);
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
            g.writeStringField("outcome", op.outcome());
            g.writeNumberField("invokeNanos", op.invokeNanos());
            g.writeNumberField("completeNanos", op.completeNanos());
            g.writeNumberField("readVersion", op.readVersion());
            g.writeNumberField("writtenVersion", op.writtenVersion());
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
            if (op.error() != null) {
                g.writeStringField("error", op.error());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render op " + op.describe(), e);
        }
        return s.toString();
    }

    /**
     * Reads a history written by {@link #write(History, Path)}; blank lines are skipped.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if a line is not a valid op (the message names the line number)
     */
    public static History read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history from " + file, e);
        }
    }

    /**
     * Reads a history from {@code in}; does not close it.
     *
     * @throws UncheckedIOException if reading fails
     * @throws IllegalArgumentException if a line is not a valid op (the message names the line number)
     */
    public static History read(Reader in) {
        requireNonNull(in, "in");
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        List<Op> ops = new ArrayList<>();
        long lineNo = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    ops.add(fromJson(line));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history at line " + lineNo, e);
        }
        return History.of(ops);
    }

    /**
     * Parses one op from a JSON object as written by {@link #toJson(Op)}. Absent numbers are 0 ({@code attempts}
     * 1), absent strings {@code null}, absent {@code observed} empty; unknown fields are ignored.
     *
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Op fromJson(String json) {
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
        String token = null;
        List<String> observed = List.of();
        String name = null;
        String value = null;
        int attempts = 1;
        String error = null;
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
                    case "kind" -> kind = p.getText();
                    case "id" -> id = p.getText();
                    case "condition" -> condition = Op.Condition.valueOf(p.getText());
                    case "expectedVersion" -> expectedVersion = p.getLongValue();
                    case "status" -> status = Op.Status.valueOf(p.getText());
                    case "outcome" -> outcome = p.getText();
                    case "invokeNanos" -> invokeNanos = p.getLongValue();
                    case "completeNanos" -> completeNanos = p.getLongValue();
                    case "readVersion" -> readVersion = p.getLongValue();
                    case "writtenVersion" -> writtenVersion = p.getLongValue();
                    case "token" -> token = p.getText();
                    case "observed" -> observed = readStrings(p);
                    case "name" -> name = p.getText();
                    case "value" -> value = p.getText();
                    case "attempts" -> attempts = p.getIntValue();
                    case "error" -> error = p.getText();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        return new Op(
                process,
                replica,
                thread,
                seq,
                type,
                kind,
                id,
                condition,
                expectedVersion,
                status,
                outcome,
                invokeNanos,
                completeNanos,
                readVersion,
                writtenVersion,
                token,
                observed,
                name,
                value,
                attempts,
                error);
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("observed must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.getText());
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
