package io.casharness.store;

import java.util.Map;

/**
 * A named way to open a {@link Backend}, found by {@link java.util.ServiceLoader}: a module that implements a store
 * lists its providers in {@code META-INF/services/io.casharness.store.BackendProvider}, and tools open a backend by
 * name through {@link BackendProviders#find(String)} without compiling against the store. The reference providers are
 * {@code memory} (module {@code cas-store}), {@code sqlite} and {@code postgres} (module {@code cas-jdbc}).
 *
 * <p>Implementations need a public no-argument constructor (the {@code ServiceLoader} rule), must be thread-safe and
 * should be cheap to construct: looking up one provider instantiates all of them. Open databases in {@link #open},
 * never in the constructor.
 */
public interface BackendProvider {

    /**
     * The name a user types, for example {@code sqlite}: lower case letters, digits and {@code -}, unique among the
     * providers on the class path. {@link Backend#name()} of what {@link #open} returns is this name.
     */
    String name();

    /** One line for a list of backends, for example {@code SQLite file (a temp file unless file= names one)}. */
    String description();

    /**
     * The option keys {@link #open} accepts, each with a one-line description, in the order a help text lists them.
     * Empty (the default) when the provider takes no options.
     */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * Opens a new backend; the caller closes it.
     *
     * @param options key=value settings (see {@link #options()}), for example parsed by
     *     {@link BackendProviders#parseOptions(String)}; empty for the defaults
     * @throws IllegalArgumentException for a key not in {@link #options()} (the message names the key and the accepted
     *     ones, see {@link BackendProviders#checkKeys}) or a value out of its bounds (the message names value and bound)
     * @throws RuntimeException when the database cannot be opened
     */
    Backend open(Map<String, String> options);
}
