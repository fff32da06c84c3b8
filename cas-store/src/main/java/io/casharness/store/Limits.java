package io.casharness.store;

/**
 * The size bounds every store enforces at the door, before anything touches storage.
 *
 * <p>Fixed bounds follow Kubernetes object metadata: kinds and label names are DNS-label-like (at most
 * {@value #MAX_KIND_LENGTH} / {@value #MAX_LABEL_NAME_LENGTH} characters), ids and object names at most
 * {@value #MAX_ID_LENGTH} characters, label values at most {@value #MAX_LABEL_VALUE_LENGTH}, at most
 * {@value #MAX_LABELS} labels per object. The payload bound is per store: see {@link StoreOptions#maxPayloadBytes()}.
 *
 * <p>Not instantiable.
 */
public final class Limits {
    public static final int MAX_KIND_LENGTH = 63;
    public static final int MAX_ID_LENGTH = 253;
    public static final int MAX_NAME_LENGTH = 253;
    public static final int MAX_LABEL_NAME_LENGTH = 63;
    public static final int MAX_LABEL_PREFIX_LENGTH = 253;
    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    public static final int MAX_LABELS = 64;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    public static final int MAX_PAGE_SIZE = 10_000;

    private Limits() {}
}
