package io.casharness.store;

import io.casharness.store.internal.Validation;

/**
 * The input checks the {@link CasStore} contract leaves to a store, with the messages the conformance suite expects
 * (each names the value and the bound). Everything else is checked where the value is built: {@link ObjectKey},
 * {@link ObjectSpec}, {@link WriteCondition}, {@link LabelSelector} and {@link PageRequest} refuse bad input in their
 * constructors. Call these first, before touching the database, so that nothing changes on bad input. Stateless and
 * thread-safe.
 */
public final class StoreChecks {
    private StoreChecks() {}

    /**
     * For {@link CasStore#getByName} and {@link CasStore#list}.
     *
     * @throws NullPointerException if kind is null
     * @throws IllegalArgumentException if kind is blank, too long or not lower-case letters, digits and {@code -}
     */
    public static void kind(String kind) {
        Validation.kind(kind);
    }

    /**
     * For {@link CasStore#getByName}.
     *
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if name is blank, too long or has characters outside {@code [A-Za-z0-9-_.:]}
     */
    public static void name(String name) {
        Validation.name(name);
    }

    /**
     * For {@link CasStore#put}: the payload against {@link StoreOptions#maxPayloadBytes()}.
     *
     * @throws IllegalArgumentException {@code payload of 17 bytes exceeds the limit of 16 bytes}
     */
    public static void payload(ObjectSpec spec, int maxPayloadBytes) {
        Validation.payload(spec.payloadSize(), maxPayloadBytes);
    }

    /**
     * For {@link CasStore#delete}: both arguments present, and the condition not {@code MustCreate}.
     *
     * @throws NullPointerException if key or condition is null
     * @throws IllegalArgumentException if the condition is {@code MustCreate}
     */
    public static void delete(ObjectKey key, WriteCondition condition) {
        Validation.delete(key, condition);
    }
}
