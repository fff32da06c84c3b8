package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line the main job writes to a history file is valid under {@code docs/history.schema.json}, the format's
 * published schema; and the schema bites: a line without a required field, or of another format, is not.
 */
class HistorySchemaTest {
    static final Path SCHEMA = Path.of("..", "docs", "history.schema.json");
    static final ObjectMapper JSON = new ObjectMapper();
    static Schema schema;

    @TempDir
    static Path out;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
    }

    private static List<Error> errors(String line) throws Exception {
        return schema.validate(JSON.readTree(line));
    }

    @Test
    void everyLineOfTheJobsHistoriesIsValid() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = Main.execute(
                new String[] {"--backends", "memory", "--ops", "300", "--seed", "4", "--out", out.toString()},
                quiet,
                quiet);
        // what the gate concluded is not this test's concern (at 300 ops a zoo member may escape): the files are
        assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isIn(0, 1);
        long lines = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".history.jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    assertThat(errors(line)).as("%s: %s", f.getFileName(), line).isEmpty();
                    lines++;
                }
            }
        }
        assertThat(lines).as("histories of 27 runs").isGreaterThan(27 * 300);
    }

    @Test
    void aListsPageAndAWritesLabelsAreValidAndAListedObjectWithoutItsVersionIsNot() throws Exception {
        String list =
                "{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,\"type\":\"LIST\",\"kind\":\"k\",\"id\":\"\","
                        + "\"condition\":\"NONE\",\"expectedVersion\":0,\"status\":\"OK\",\"outcome\":\"Page\",\"invokeNanos\":1,"
                        + "\"completeNanos\":2,\"readVersion\":0,\"writtenVersion\":0,\"attempts\":1,\"page\":{\"selector\":\"tier=gold\","
                        + "\"next\":\"k1\",\"items\":[{\"id\":\"k1\",\"version\":3,\"labels\":{\"tier\":\"gold\"},\"value\":\"v\"}]}}";
        assertThat(errors(list)).as("the control: a valid list line").isEmpty();
        assertThat(errors(list.replace("\"version\":3,", ""))).isNotEmpty();
        assertThat(errors(list.replace("\"LIST\"", "\"GET_BY_NAME\""))).isEmpty();
        assertThat(errors(list.replace(",\"page\":{", ",\"labels\":{\"a\":1},\"page\":{")))
                .isNotEmpty();
    }

    @Test
    void theSchemaRefusesALineWithoutAStatusAndAHeaderOfAnotherFormat() throws Exception {
        String op = "{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,\"type\":\"READ\",\"kind\":\"k\",\"id\":\"i\","
                + "\"condition\":\"NONE\",\"expectedVersion\":0,\"status\":\"OK\",\"outcome\":\"Found\",\"invokeNanos\":1,"
                + "\"completeNanos\":2,\"readVersion\":3,\"writtenVersion\":0,\"attempts\":1}";
        assertThat(errors(op)).as("the control: a valid op line").isEmpty();
        assertThat(errors(op.replace("\"status\":\"OK\",", ""))).isNotEmpty();
        assertThat(errors(op.replace("\"readVersion\":3", "\"readVersion\":-3")))
                .isNotEmpty();
        assertThat(errors(op.replace("\"attempts\":1", "\"attempts\":1,\"revision\":4")))
                .as("a write's revision is an optional field")
                .isEmpty();
        assertThat(errors(op.replace("\"attempts\":1", "\"attempts\":1,\"revision\":0")))
                .as("a revision of 0 is omitted, never written")
                .isNotEmpty();
        JsonNode header = JSON.readTree(
                "{\"header\":{\"format\":3,\"harness\":\"x\",\"workload\":\"w\",\"store\":\"s\","
                        + "\"backend\":\"b\",\"versionsUniqueAcrossKeys\":true,\"seed\":1,\"replicas\":1,\"threads\":1,\"keys\":1,"
                        + "\"skew\":\"uniform\",\"opsBudget\":1,\"durationBudgetMillis\":0,\"workerOps\":0,\"elapsedMillis\":0}}");
        assertThat(schema.validate(header)).isNotEmpty();
        assertThat(errors(header.toString().replace("\"format\":3", "\"format\":2")))
                .isEmpty();
    }

    @Test
    void aHistoryWithAFaultTimelineIsValidAndAFaultEventWithoutItsCountIsNot() throws Exception {
        Path dir = out.resolve("faults");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = Main.execute(
                new String[] {
                    "--backends", "sqlite", "--workloads", "register", "--stores", "reference", "--ops", "100000",
                    "--duration", "2s", "--faults", "lock-storm,kill", "--fault-interval", "200ms", "--seed", "5",
                    "--out", dir.toString()
                },
                quiet,
                quiet);
        assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isIn(0, 3);
        Path history = dir.resolve("register.reference.sqlite.seed5.history.jsonl");
        List<String> lines = Files.readAllLines(history);
        for (String line : lines) {
            assertThat(errors(line)).as(line).isEmpty();
        }
        JsonNode events = JSON.readTree(lines.get(0)).path("header").path("faultEvents");
        assertThat(events.isArray()).as(lines.get(0)).isTrue();
        assertThat(events.get(0).path("action").asText()).startsWith("skipped: kill acts on PostgreSQL");
        assertThat(events.get(1).path("fault").asText()).isEqualTo("lock-storm");
        String withoutCount = lines.get(0).replaceFirst(",\"count\":1,", ",");
        assertThat(withoutCount).isNotEqualTo(lines.get(0));
        assertThat(errors(withoutCount)).isNotEmpty();
    }
}
