package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
    @TempDir
    Path dir;

    private Connection open() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
    }

    @Test
    void reusesAStatementPerConnectionAndPreparesAgainOnceItIsClosedOrForgotten() throws Exception {
        StatementCache cache = new StatementCache();
        try (Connection c = open()) {
            PreparedStatement first = cache.prepare(c, "SELECT 1");
            assertThat(cache.prepare(c, "SELECT 1")).isSameAs(first);
            first.close();
            PreparedStatement second = cache.prepare(c, "SELECT 1");
            assertThat(second).isNotSameAs(first);
            cache.forget(c);
            assertThat(second.isClosed()).isTrue();
            assertThat(cache.prepare(c, "SELECT 1")).isNotSameAs(second);
        }
    }

    @Test
    void entriesOfClosedConnectionsAreSweptWhenANewConnectionShowsUp() throws Exception {
        StatementCache cache = new StatementCache();
        for (int i = 0; i < 5; i++) {
            try (Connection c = open()) {
                cache.prepare(c, "SELECT 1");
            }
        }
        try (Connection live = open()) {
            cache.prepare(live, "SELECT 1");
            assertThat(cache.connections()).isEqualTo(1);
        }
    }
}
