package io.casharness.scenario.cli;

import static java.util.Objects.requireNonNull;

import io.casharness.store.BackendProviders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One backend as {@code --backends} names it: {@code NAME} or {@code NAME:key=value,key=value}, where NAME is a
 * {@link io.casharness.store.BackendProvider}'s name and the options are what that provider accepts. A value may
 * contain {@code :} and {@code =} (a URL) but not a comma. Immutable.
 *
 * @param name the provider's name
 * @param options the options in the order given; empty for the provider's defaults
 */
record BackendSpec(String name, Map<String, String> options) {
    /**
     * Splits {@code --backends} values at a comma that starts a new backend rather than another option: one whose
     * next item has no {@code =} before any {@code :} ({@code sqlite} or {@code redis:url=...}, not {@code db=1}).
     */
    static final String SPLIT = ",(?![^,:]*=)";

    BackendSpec {
        requireNonNull(name, "name");
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses one backend.
     *
     * @throws IllegalArgumentException naming the text if it has no name or an option is not key=value
     */
    static BackendSpec parse(String text) {
        requireNonNull(text, "text");
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(
                    "--backends \"" + text + "\": a backend needs a name, e.g. sqlite or" + " sqlite:file=/tmp/cas.db");
        }
        if (colon < 0) {
            return new BackendSpec(name, Map.of());
        }
        String options = text.substring(colon + 1);
        if (options.isBlank()) {
            throw new IllegalArgumentException(
                    "--backends \"" + text + "\": options must follow the colon as key=value,key=value");
        }
        try {
            return new BackendSpec(name, BackendProviders.parseOptions(options));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--backends " + name + ": " + e.getMessage(), e);
        }
    }

    /** The text that names this backend again: {@code sqlite} or {@code redis:url=redis://127.0.0.1:6379}. */
    String text() {
        if (options.isEmpty()) {
            return name;
        }
        return name + ":"
                + options.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return text();
    }
}
