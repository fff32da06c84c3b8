package io.casharness.store;

import static java.util.Objects.requireNonNull;

import io.casharness.store.internal.Validation;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a caller writes: the key, an optional name (unique per kind), labels and a payload. The store adds the
 * resource version and timestamps.
 *
 * <p>Immutable and thread-safe: the payload array is copied in and out, labels are an immutable sorted copy.
 * The payload size is checked by the store against {@link StoreOptions#maxPayloadBytes()}, not here.
 *
 * @param key the object's key
 * @param name the object's unique name within its kind, or {@code null} for none
 * @param labels label name to value; never null (empty for none)
 * @param payload the opaque body; never null (empty for none)
 * @throws NullPointerException if key, labels or payload is null
 * @throws IllegalArgumentException if the name or a label is invalid (message names the value and the bound)
 */
public record ObjectSpec(ObjectKey key, String name, Map<String, String> labels, byte[] payload) {

    public ObjectSpec {
        requireNonNull(key, "key");
        requireNonNull(labels, "labels");
        requireNonNull(payload, "payload");
        if (name != null) {
            Validation.name(name);
        }
        Validation.labels(labels);
        labels = Map.copyOf(new TreeMap<>(labels));
        payload = payload.clone();
    }

    public static ObjectSpec of(ObjectKey key, byte[] payload) {
        return new ObjectSpec(key, null, Map.of(), payload);
    }

    public Optional<String> optionalName() {
        return Optional.ofNullable(name);
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length without copying it. */
    public int payloadSize() {
        return payload.length;
    }

    public ObjectSpec withPayload(byte[] newPayload) {
        return new ObjectSpec(key, name, labels, newPayload);
    }

    public ObjectSpec withLabels(Map<String, String> newLabels) {
        return new ObjectSpec(key, name, newLabels, payload);
    }

    public ObjectSpec withName(String newName) {
        return new ObjectSpec(key, newName, labels, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectSpec s
                && key.equals(s.key)
                && java.util.Objects.equals(name, s.name)
                && labels.equals(s.labels)
                && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, name, labels, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "ObjectSpec[key=" + key + ", name=" + name + ", labels=" + labels + ", payload=" + payload.length
                + " bytes]";
    }
}
