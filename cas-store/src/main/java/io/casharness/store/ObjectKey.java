package io.casharness.store;

import io.casharness.store.internal.Validation;

/**
 * The identity of a stored object: its {@code kind} and its {@code id} within that kind.
 *
 * <p>Immutable and thread-safe. Both parts are validated on construction (see {@link Limits}).
 *
 * @param kind the kind, for example {@code sandbox}; a DNS-label-like token
 * @param id the id within the kind
 * @throws NullPointerException if either part is null
 * @throws IllegalArgumentException if either part is blank, too long or holds forbidden characters
 */
public record ObjectKey(String kind, String id) implements Comparable<ObjectKey> {

    public ObjectKey {
        Validation.kind(kind);
        Validation.id(id);
    }

    public static ObjectKey of(String kind, String id) {
        return new ObjectKey(kind, id);
    }

    @Override
    public int compareTo(ObjectKey o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return kind + "/" + id;
    }
}
