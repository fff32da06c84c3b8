package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.jdbc.JdbcBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void unknownNameIsRejectedNamingTheValueAndTheAllowedNames() {
        assertThatThrownBy(() -> Backends.open("mysql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend \"mysql\": allowed are memory, sqlite, postgres");
        assertThatThrownBy(() -> Backends.open(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void memoryAndSqliteOpenByName() {
        try (Backend memory = Backends.open("memory")) {
            assertThat(memory.name()).isEqualTo("memory");
        }
        Path file;
        try (Backend sqlite = Backends.open("sqlite")) {
            assertThat(sqlite.name()).isEqualTo("sqlite");
            assertThat(sqlite.describe()).startsWith("sqlite (file ");
            file = Path.of(((JdbcBackend) sqlite).jdbcUrl().substring("jdbc:sqlite:".length()));
            assertThat(file).exists();
        }
        assertThat(Files.exists(file.getParent()))
                .as("temp directory deleted on close")
                .isFalse();
    }
}
