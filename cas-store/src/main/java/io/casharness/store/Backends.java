package io.casharness.store;

import static java.util.Objects.requireNonNull;

import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.memory.MemoryBackend;
import java.util.List;

/** Opens a {@link Backend} by name. Stateless and thread-safe. */
public final class Backends {
    /** The names {@link #open(String)} accepts. */
    public static final List<String> NAMES = List.of("memory", "sqlite", "postgres");

    private Backends() {}

    /**
     * Opens {@code memory} (the in-process model), {@code sqlite} ({@link JdbcBackend#sqliteTemp()}) or
     * {@code postgres} ({@link JdbcBackend#postgres()}: explicit URL, else Testcontainers, else embedded).
     *
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if the name is none of {@link #NAMES}
     */
    public static Backend open(String name) {
        requireNonNull(name, "name");
        return switch (name) {
            case "memory" -> new MemoryBackend();
            case "sqlite" -> JdbcBackend.sqliteTemp();
            case "postgres" -> JdbcBackend.postgres();
            default ->
                throw new IllegalArgumentException(
                        "unknown backend \"" + name + "\": allowed are " + String.join(", ", NAMES));
        };
    }
}
