package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.jdbc.JdbcBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendProvidersTest {
    @Test
    void referenceProvidersAreFoundInTheirOrder() {
        assertThat(BackendProviders.names()).containsExactly("memory", "sqlite", "postgres");
        assertThat(BackendProviders.all())
                .allSatisfy(p -> assertThat(p.description()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void unknownNameIsRejectedNamingTheValueAndTheAvailableNames() {
        assertThatThrownBy(() -> BackendProviders.find("mysql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend \"mysql\": available are memory, sqlite, postgres");
        assertThatThrownBy(() -> BackendProviders.find(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownOptionIsRejectedNamingTheKeyAndTheAcceptedOnes() {
        assertThatThrownBy(() -> BackendProviders.open("sqlite", Map.of("fille", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "backend sqlite does not accept option \"fille\": accepted are file, url, pool, statementTimeout");
        assertThatThrownBy(() -> BackendProviders.find("memory").open(Map.of("url", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend memory does not accept option \"url\": accepted are none");
        assertThatThrownBy(() -> BackendProviders.find("postgres").open(Map.of("database", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend postgres does not accept option \"database\": accepted are url, schema, pool,"
                        + " statementTimeout");
    }

    @Test
    void optionsParseFromKeyValuePairs() {
        assertThat(BackendProviders.parseOptions("")).isEmpty();
        assertThat(BackendProviders.parseOptions("url=jdbc:postgresql://h/db?user=u&currentSchema=s, file = f"))
                .containsExactly(
                        Map.entry("url", "jdbc:postgresql://h/db?user=u&currentSchema=s"), Map.entry("file", "f"));
        assertThatThrownBy(() -> BackendProviders.parseOptions("file"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an option must be key=value, was \"file\" in \"file\"");
        assertThatThrownBy(() -> BackendProviders.parseOptions("a=1,a=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option a is given twice in \"a=1,a=2\"");
    }

    @Test
    void memoryAndSqliteOpenByName(@TempDir Path dir) {
        try (Backend memory = BackendProviders.open("memory", Map.of())) {
            assertThat(memory.name()).isEqualTo("memory");
        }
        Path file;
        try (Backend sqlite = BackendProviders.open("sqlite", Map.of())) {
            assertThat(sqlite.name()).isEqualTo("sqlite");
            assertThat(sqlite.describe()).startsWith("sqlite (file ");
            file = Path.of(((JdbcBackend) sqlite).jdbcUrl().substring("jdbc:sqlite:".length()));
            assertThat(file).exists();
        }
        assertThat(Files.exists(file.getParent()))
                .as("temp directory deleted on close")
                .isFalse();
        Path named = dir.resolve("named.db");
        try (Backend sqlite = BackendProviders.open("sqlite", Map.of("url", "jdbc:sqlite:" + named))) {
            assertThat(sqlite.describe()).contains(named.toString());
        }
        assertThat(named).as("a named file stays on close").exists();
        assertThatThrownBy(() -> BackendProviders.open("sqlite", Map.of("url", "jdbc:postgresql://h/db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("url must be jdbc:sqlite:PATH, was \"jdbc:postgresql://h/db\"");
    }
}
