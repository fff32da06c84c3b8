package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link BackendProvider}s on the class path with {@link ServiceLoader}. Stateless and thread-safe; every call
 * looks again, so it sees the class loader of the calling thread.
 */
public final class BackendProviders {
    /** The reference backends, listed first by {@link #all()} in this order: lightest to heaviest. */
    private static final List<String> REFERENCE_ORDER = List.of("memory", "sqlite", "postgres");

    private BackendProviders() {}

    /**
     * Every provider on the class path: the reference ones ({@code memory}, {@code sqlite}, {@code postgres}) first,
     * then the others by name.
     *
     * @throws IllegalStateException if two providers claim one name (the message names both classes)
     * @throws java.util.ServiceConfigurationError if a listed provider cannot be loaded or constructed
     */
    public static List<BackendProvider> all() {
        Map<String, BackendProvider> byName = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BackendProviders.class.getClassLoader();
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader)) {
            BackendProvider before = byName.putIfAbsent(p.name(), p);
            if (before != null && before.getClass() != p.getClass()) {
                throw new IllegalStateException("two backend providers are named \"" + p.name() + "\": "
                        + before.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        List<BackendProvider> providers = new ArrayList<>(byName.values());
        providers.sort(Comparator.comparingInt((BackendProvider p) -> {
                    int i = REFERENCE_ORDER.indexOf(p.name());
                    return i < 0 ? REFERENCE_ORDER.size() : i;
                })
                .thenComparing(BackendProvider::name));
        return List.copyOf(providers);
    }

    /** The names of {@link #all()}, in its order. */
    public static List<String> names() {
        return all().stream().map(BackendProvider::name).toList();
    }

    /**
     * The provider called {@code name}.
     *
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if no provider has that name; the message lists the available names
     */
    public static BackendProvider find(String name) {
        requireNonNull(name, "name");
        List<BackendProvider> providers = all();
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend \"" + name + "\": available are "
                        + (providers.isEmpty()
                                ? "none (no io.casharness.store.BackendProvider on the class path)"
                                : providers.stream().map(BackendProvider::name).collect(Collectors.joining(", ")))));
    }

    /**
     * Opens the backend {@code name} with {@code options}: {@code find(name).open(options)}, after checking the keys.
     *
     * @throws IllegalArgumentException for an unknown name or an option key the provider does not accept
     */
    public static Backend open(String name, Map<String, String> options) {
        requireNonNull(options, "options");
        BackendProvider provider = find(name);
        checkKeys(provider, options);
        return provider.open(options);
    }

    /**
     * Parses {@code key=value} pairs separated by commas, for example {@code file=/tmp/cas.db,pool=8}; a value may
     * contain {@code =} (a URL's query) but not a comma. Blank text gives no options.
     *
     * @throws IllegalArgumentException naming the pair without {@code =}, with an empty key, or a key given twice
     */
    public static Map<String, String> parseOptions(String text) {
        requireNonNull(text, "text");
        Map<String, String> options = new LinkedHashMap<>();
        if (text.isBlank()) {
            return options;
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "an option must be key=value, was \"" + pair + "\" in \"" + text + "\"");
            }
            String key = pair.substring(0, eq).strip();
            if (options.put(key, pair.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("option " + key + " is given twice in \"" + text + "\"");
            }
        }
        return options;
    }

    /**
     * For providers: rejects a key of {@code options} that {@code provider.options()} does not list.
     *
     * @throws IllegalArgumentException {@code backend sqlite does not accept option "fille": accepted are file}
     */
    public static void checkKeys(BackendProvider provider, Map<String, String> options) {
        requireNonNull(provider, "provider");
        requireNonNull(options, "options");
        for (String key : options.keySet()) {
            if (!provider.options().containsKey(key)) {
                throw new IllegalArgumentException("backend " + provider.name() + " does not accept option \"" + key
                        + "\": accepted are "
                        + (provider.options().isEmpty()
                                ? "none"
                                : String.join(", ", provider.options().keySet())));
            }
        }
    }
}
