package io.casharness.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload every workload writes: a small JSON object, so a human can read a row and a history can be
 * re-checked against the database. Fields (each omitted when empty):
 *
 * <ul>
 *   <li>{@code value} — a register value or a phase name;
 *   <li>{@code writer} — the unique token of the write that produced this state;
 *   <li>{@code tokens} — the append list: every token appended so far, in order;
 *   <li>{@code fields} — the merge map: writer name to the tokens it merged in.
 * </ul>
 *
 * <p>Example: {@code {"tokens":["p0-3","p5-1"]}} or {@code {"value":"ready","writer":"p2-9"}}. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Doc(String value, String writer, List<String> tokens, Map<String, List<String>> fields) {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    public static final Doc EMPTY = new Doc(null, null, List.of(), Map.of());

    public Doc {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        fields = fields == null ? Map.of() : copy(fields);
    }

    /** Decodes a payload; an empty payload is {@link #EMPTY}. */
    public static Doc decode(byte[] payload) {
        if (payload.length == 0) {
            return EMPTY;
        }
        try {
            return JSON.readValue(payload, Doc.class);
        } catch (IOException e) {
            throw new UncheckedIOException("payload is not a workload document: " + new String(payload), e);
        }
    }

    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Doc ofValue(String value, String writer) {
        return new Doc(value, writer, List.of(), Map.of());
    }

    /** This document with {@code token} appended to the list. */
    public Doc append(String token) {
        List<String> next = new ArrayList<>(tokens);
        next.add(token);
        return new Doc(value, token, next, fields);
    }

    /** This document with {@code token} merged into {@code field}'s entry, other fields untouched. */
    public Doc merge(String field, String token) {
        Map<String, List<String>> next = new LinkedHashMap<>(fields);
        List<String> mine = new ArrayList<>(next.getOrDefault(field, List.of()));
        mine.add(token);
        next.put(field, mine);
        return new Doc(value, token, tokens, next);
    }

    /** Every token in the list and in the merge map. */
    public List<String> allTokens() {
        if (fields.isEmpty()) {
            return tokens;
        }
        List<String> all = new ArrayList<>(tokens);
        fields.values().forEach(all::addAll);
        return all;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> fields) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        fields.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(c);
    }
}
