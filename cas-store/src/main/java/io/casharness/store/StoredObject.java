package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An object as the store holds it: the written {@link ObjectSpec} plus the resource version the store assigned and
 * the creation and last-update timestamps.
 *
 * <p>Immutable and thread-safe. A reader always sees the payload and the version of one and the same write: stores
 * build a {@code StoredObject} from one row (or one model entry), never from two reads.
 *
 * @param spec what was written
 * @param resourceVersion the version the last write produced; at least 1
 * @param createdAt when the current incarnation was created
 * @param updatedAt when the last write happened
 * @throws IllegalArgumentException if the version is below 1
 */
public record StoredObject(ObjectSpec spec, long resourceVersion, Instant createdAt, Instant updatedAt) {

    public StoredObject {
        requireNonNull(spec, "spec");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        if (resourceVersion < 1) {
            throw new IllegalArgumentException("resourceVersion must be >= 1, was " + resourceVersion);
        }
    }

    public ObjectKey key() {
        return spec.key();
    }

    /** The unique name, or {@code null}. */
    public String name() {
        return spec.name();
    }

    public Map<String, String> labels() {
        return spec.labels();
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return spec.payload();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredObject s
                && resourceVersion == s.resourceVersion
                && spec.equals(s.spec)
                && createdAt.equals(s.createdAt)
                && updatedAt.equals(s.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, resourceVersion, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "StoredObject[" + spec.key() + " v" + resourceVersion + ", name=" + spec.name() + ", labels="
                + spec.labels() + ", payload=" + Arrays.hashCode(spec.payload()) + "#" + spec.payloadSize() + "B]";
    }
}
