package io.casharness.scenario.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.check.HistorySimulator;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryIoTest {

    @Test
    void aGeneratedHistoryRoundTripsExactlyThroughAFile(@TempDir Path dir) throws Exception {
        History h = HistorySimulator.generate(new HistorySimulator.Config(7, 2, 2, 12, 500, 0.05, 3));
        Path file = dir.resolve("history.jsonl");
        HistoryIo.write(h, file);
        assertThat(Files.readAllLines(file)).hasSize(h.size());
        assertThat(HistoryIo.read(file)).isEqualTo(h);
    }

    @Test
    void everyFieldSurvivesIncludingNullsExtremesAndUnicode() {
        Op full = new Op(
                3,
                1,
                0,
                12,
                OpType.UPDATE,
                "sandbox",
                "k-7",
                Condition.MATCH_VERSION,
                4,
                Status.INFO,
                "CONNECTION_LOST",
                -5,
                Long.MAX_VALUE,
                4,
                Long.MAX_VALUE - 1,
                "tök\"en",
                List.of("a", "b,c", "\n"),
                "name",
                "välue",
                3,
                "error: \"quoted\"\nline");
        Op sparse = new Op(
                0,
                0,
                0,
                0,
                OpType.READ,
                "k",
                "i",
                Condition.NONE,
                0,
                Status.OK,
                "Found",
                0,
                1,
                0,
                0,
                null,
                List.of(),
                null,
                null,
                1,
                null);
        StringWriter out = new StringWriter();
        HistoryIo.write(new History(List.of(full, sparse)), out);
        assertThat(out.toString().lines()).hasSize(2);
        History back = HistoryIo.read(new StringReader(out.toString()));
        assertThat(back.ops()).containsExactly(full, sparse);
    }

    @Test
    void aBrokenLineIsReportedWithItsNumber() {
        String text = HistoryIo.toJson(new Op(
                        0,
                        0,
                        0,
                        0,
                        OpType.READ,
                        "k",
                        "i",
                        Condition.NONE,
                        0,
                        Status.OK,
                        "Found",
                        0,
                        1,
                        0,
                        0,
                        null,
                        List.of(),
                        null,
                        null,
                        1,
                        null))
                + "\n\n{\"type\":\"READ\"}\n";
        assertThatThrownBy(() -> HistoryIo.read(new StringReader(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 3:");
    }
}
