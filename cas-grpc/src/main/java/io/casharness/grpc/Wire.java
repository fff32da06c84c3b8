package io.casharness.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import java.time.Instant;
import java.util.Optional;

/** Conversions between the store's domain types and the protocol's messages; stateless. */
public final class Wire {
    private Wire() {}

    public static io.casharness.grpc.v1.ObjectKey key(ObjectKey key) {
        return io.casharness.grpc.v1.ObjectKey.newBuilder()
                .setKind(key.kind())
                .setId(key.id())
                .build();
    }

    /** A key from the wire; the domain's own checks name a bad kind or id (IllegalArgumentException). */
    public static ObjectKey key(io.casharness.grpc.v1.ObjectKey key) {
        return ObjectKey.of(key.getKind(), key.getId());
    }

    public static io.casharness.grpc.v1.ObjectSpec spec(ObjectSpec spec) {
        io.casharness.grpc.v1.ObjectSpec.Builder b = io.casharness.grpc.v1.ObjectSpec.newBuilder()
                .setKey(key(spec.key()))
                .putAllLabels(spec.labels())
                .setPayload(ByteString.copyFrom(spec.payload()));
        if (spec.name() != null) {
            b.setName(spec.name());
        }
        return b.build();
    }

    public static ObjectSpec spec(io.casharness.grpc.v1.ObjectSpec spec) {
        if (!spec.hasKey()) {
            throw new IllegalArgumentException("object.key must be set");
        }
        return new ObjectSpec(
                key(spec.getKey()),
                spec.hasName() ? spec.getName() : null,
                spec.getLabelsMap(),
                spec.getPayload().toByteArray());
    }

    public static io.casharness.grpc.v1.StoredObject object(StoredObject o) {
        return io.casharness.grpc.v1.StoredObject.newBuilder()
                .setSpec(spec(o.spec()))
                .setResourceVersion(o.resourceVersion())
                .setCreatedAt(timestamp(o.createdAt()))
                .setUpdatedAt(timestamp(o.updatedAt()))
                .build();
    }

    /** A stored object from a reply; a reply that breaks the protocol (no version, no key) is refused by name. */
    public static StoredObject object(io.casharness.grpc.v1.StoredObject o) {
        if (!o.hasSpec() || !o.hasCreatedAt() || !o.hasUpdatedAt()) {
            throw new IllegalStateException("a stored object in a reply must carry spec, created_at and updated_at");
        }
        return new StoredObject(
                spec(o.getSpec()), o.getResourceVersion(), instant(o.getCreatedAt()), instant(o.getUpdatedAt()));
    }

    public static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** The protocol's empty string for "no page after": absent. */
    public static Optional<String> continueAfter(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
