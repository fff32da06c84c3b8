package io.casharness.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.casharness.store.internal.Validation;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels as the JSON text the {@code objects.labels} column holds: an object with keys in sorted order, so equal
 * label sets are equal text. Thread-safe. Not API.
 */
final class LabelsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

    private LabelsJson() {}

    static String write(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "{}";
        }
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode labels " + labels, e);
        }
    }

    /**
     * @throws IllegalStateException if the column does not hold a JSON object of strings (a corrupt row)
     */
    static Map<String, String> read(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "labels column does not hold a JSON object of strings: " + Validation.show(json), e);
        }
    }
}
