package io.casharness.reports.allure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureBuildTest {

    private static void result(Path dir, String uuid, String labels) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(uuid + "-result.json"),
                "{\"uuid\":\"" + uuid + "\",\"name\":\"" + uuid + "\",\"status\":\"passed\",\"labels\":[" + labels
                        + "]}");
    }

    private static String read(Path results, String uuid) throws Exception {
        return Files.readString(results.resolve(uuid + "-result.json"));
    }

    @Test
    void everyPartOfTheBuildLandsInOneFolderWithEnvironmentCategoriesAndHistory(@TempDir Path root) throws Exception {
        result(root.resolve("cas-store/target/allure-results"), "module", "{\"name\":\"suite\",\"value\":\"X\"}");
        result(
                root.resolve("stress/target/allure-results"),
                "jcstress",
                "{\"name\":\"parentSuite\",\"value\":\"stress\"}");
        Files.writeString(root.resolve("stress/target/allure-results/a-attachment.csv"), "outcome\n");
        result(root.resolve("target/ci-main-job/allure-results"), "mainjob", "");
        Files.writeString(
                root.resolve("target/ci-main-job/allure-results/environment.properties"),
                "postgres.source = embedded PostgreSQL 17.6\n");
        result(root.resolve("target/cas-harness-results/20261201T080000Z/allure-results"), "newest", "");
        result(root.resolve("target/cas-harness-results/20261130T080000Z/allure-results"), "older", "");
        Path history = root.resolve(".allure-history");
        Files.createDirectories(history);
        Files.writeString(history.resolve("history-trend.json"), "[]");
        Path results = root.resolve("target/allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = AllureBuild.run(
                new String[] {
                    "--root", root.toString(), "--results", results.toString(), "--history", history.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(status).isZero();
        List<String> names;
        try (Stream<Path> files = Files.list(results)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names)
                .contains(
                        "module-result.json",
                        "jcstress-result.json",
                        "a-attachment.csv",
                        "mainjob-result.json",
                        "newest-result.json",
                        "environment.properties",
                        "executor.json",
                        "categories.json",
                        "history")
                .doesNotContain("older-result.json");
        assertThat(read(results, "module")).contains("\"parentSuite\"").contains("\"cas-store\"");
        assertThat(read(results, "jcstress")).contains("\"stress\"").doesNotContain("cas-store");
        assertThat(read(results, "mainjob")).contains("\"main job\"");
        assertThat(Files.readString(results.resolve("environment.properties")))
                .contains("jmh = ")
                .contains("sqlite = ")
                .contains("postgres.CAS_PG_URL = ")
                .contains("postgres.source = embedded PostgreSQL 17.6");
        assertThat(Files.readString(results.resolve("categories.json"))).contains("Negative control not caught");
        assertThat(results.resolve("history/history-trend.json")).hasContent("[]");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("4 results from 4 folders");
    }

    @Test
    void aBuildWithoutResultsIsAConfigurationErrorNamingWhereItLooked(@TempDir Path root) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = AllureBuild.run(
                new String[] {
                    "--root", root.toString(), "--results", root.resolve("out").toString()
                },
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no Allure results under")
                .contains("run the tests first")
                .hasLineCount(1);
        assertThat(AllureBuild.run(new String[] {"--root"}, System.out, new PrintStream(err)))
                .isEqualTo(2);
    }
}
