package io.casharness.scenario.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.check.HistorySimulator;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryIoTest {
    static final HistoryHeader HEADER = new HistoryHeader(
            HistoryHeader.FORMAT,
            HistoryHeader.HARNESS,
            "append",
            "reference",
            "memory",
            "memory (in-process linearizable model)",
            true,
            true,
            7,
            2,
            2,
            12,
            "uniform",
            500,
            0,
            500,
            12,
            null,
            null,
            List.of());

    /** A correct generated history, ending with a final read by the final-read process (p5 for 2 x 2). */
    static History generated() {
        History h = HistorySimulator.generate(new HistorySimulator.Config(7, 2, 2, 12, 500, 0.05, 3));
        long end = h.ops().stream().mapToLong(Op::completeNanos).max().orElse(0) + 1;
        List<Op> ops = new ArrayList<>(h.ops());
        ops.add(read(HEADER.processes() + 1, 0, end, end + 1, 0));
        return History.of(ops);
    }

    static Op read(int process, long seq, long invoke, long complete, long version) {
        return Op.read("append", "k0")
                .process(process, 0, 0, seq)
                .outcome(version > 0 ? Outcome.FOUND : Outcome.ABSENT)
                .times(invoke, complete)
                .readVersion(version)
                .build();
    }

    private static String text(History h) {
        StringWriter out = new StringWriter();
        HistoryIo.write(HEADER, h, out);
        return out.toString();
    }

    private static HistoryIo.HistoryFile read(String text) {
        return HistoryIo.read(new StringReader(text));
    }

    @Test
    void aFileReadBackHoldsEachRepeatedStringOnce() {
        History h = generated();
        History back = read(text(h)).history();
        Op write = back.ops().stream()
                .filter(op -> op.token() != null && op.status() == Op.Status.OK)
                .filter(op -> back.ops().stream().anyMatch(r -> r.observed().contains(op.token())))
                .findFirst()
                .orElseThrow();
        Op read = back.ops().stream()
                .filter(r -> r.observed().contains(write.token()))
                .findFirst()
                .orElseThrow();
        assertThat(read.observed().get(read.observed().indexOf(write.token()))).isSameAs(write.token());
        assertThat(read.kind()).isSameAs(write.kind());
    }

    @Test
    void aGeneratedHistoryRoundTripsExactlyThroughAFileWithItsHeader(@TempDir Path dir) throws Exception {
        History h = generated();
        Path file = dir.resolve("history.jsonl");
        HistoryIo.write(HEADER, h, file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(h.size() + 2);
        assertThat(lines.get(0)).startsWith("{\"header\":{\"format\":2,");
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"trailer\":{\"ops\":" + h.size() + ",\"sha256\":\"");
        HistoryIo.HistoryFile back = HistoryIo.read(file);
        assertThat(back.header()).isEqualTo(HEADER);
        assertThat(back.history()).isEqualTo(h);
    }

    @Test
    void everyFieldOfAnOpSurvivesIncludingNullsExtremesAndUnicode() {
        Op full = Op.update("sandbox", "k-7")
                .process(3, 1, 0, 12)
                .expectedVersion(4)
                .info("CONNECTION_LOST", "error: \"quoted\"\nline")
                .times(-5, Long.MAX_VALUE)
                .readVersion(4)
                .writtenVersion(Long.MAX_VALUE - 1)
                .token("tök\"en")
                .observed(List.of("a", "b,c", "\n"))
                .name("name")
                .value("välue")
                .attempts(3)
                .revision(17)
                .build();
        Op sparse = Op.read("k", "i").outcome(Outcome.FOUND).times(0, 1).build();
        Op conflict = Op.write("k", "i", Condition.MATCH_VERSION)
                .expectedVersion(3)
                .conflict(Long.MAX_VALUE)
                .times(0, 1)
                .build();
        for (Op op : List.of(full, sparse, conflict)) {
            assertThat(HistoryIo.fromJson(HistoryIo.toJson(op))).isEqualTo(op);
        }
        assertThat(HistoryIo.toJson(sparse)).doesNotContain("currentVersion", "error", "token", "observed", "revision");
        assertThat(HistoryIo.toJson(conflict))
                .contains("\"outcome\":\"Conflict\"", "\"currentVersion\":" + Long.MAX_VALUE);
        assertThat(HistoryIo.toJson(full))
                .contains("\"outcome\":\"CONNECTION_LOST\"", "\"status\":\"INFO\"", "\"revision\":17");
    }

    @Test
    void everyOutcomeReadsBackByItsWireNameAndAnyOtherNameIsAnErrorClass() {
        for (Outcome o : Outcome.values()) {
            if (o == Outcome.ERROR) {
                continue;
            }
            Op op = Op.delete("k", "i", Condition.UNCONDITIONAL)
                    .outcome(o)
                    .times(0, 1)
                    .build();
            assertThat(HistoryIo.toJson(op)).contains("\"outcome\":\"" + o.wireName() + "\"");
            assertThat(HistoryIo.fromJson(HistoryIo.toJson(op)).outcome()).isEqualTo(o);
        }
        Op failed = HistoryIo.fromJson("{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,\"type\":\"WRITE\","
                + "\"kind\":\"k\",\"id\":\"i\",\"status\":\"FAIL\",\"outcome\":\"TRANSIENT\",\"invokeNanos\":0,"
                + "\"completeNanos\":1,\"error\":\"busy\"}");
        assertThat(failed.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(failed.failure()).isEqualTo(new Op.Failure("TRANSIENT", "busy", false));
    }

    @Test
    void aConflictWrittenBeforeCurrentVersionExistedReadsAsNotKeepingIt() {
        // an op line as format 2 wrote it before the field existed
        Op old = HistoryIo.fromJson("{\"process\":1,\"replica\":0,\"thread\":1,\"seq\":4,\"type\":\"DELETE\","
                + "\"kind\":\"k\",\"id\":\"i\",\"condition\":\"MATCH_VERSION\",\"expectedVersion\":2,"
                + "\"status\":\"FAIL\",\"outcome\":\"Conflict\",\"invokeNanos\":5,\"completeNanos\":6,"
                + "\"readVersion\":0,\"writtenVersion\":0,\"attempts\":1}");
        assertThat(old.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(old.currentVersion()).isZero();
        assertThat(old.describe()).contains("fail Conflict").doesNotContain("current");
    }

    @Test
    void anOpLineWhoseStatusContradictsItsOutcomeIsRefused() {
        assertThatThrownBy(() -> HistoryIo.fromJson("{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,"
                        + "\"type\":\"WRITE\",\"kind\":\"k\",\"id\":\"i\",\"status\":\"OK\","
                        + "\"outcome\":\"Conflict\",\"invokeNanos\":0,\"completeNanos\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status OK contradicts outcome Conflict");
    }

    @Test
    void anOpLineThatContradictsItselfIsRefused() {
        assertThatThrownBy(() -> HistoryIo.fromJson("{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,"
                        + "\"type\":\"WRITE\",\"kind\":\"k\",\"id\":\"i\",\"status\":\"OK\","
                        + "\"outcome\":\"Written\",\"currentVersion\":3,\"invokeNanos\":0,\"completeNanos\":1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentVersion 3");
    }

    @Test
    void aFileCutShortBeforeItsFinalReadsIsRefused() {
        String text = text(generated());
        String cut =
                text.lines().limit(text.lines().count() - 2).map(l -> l + "\n").reduce("", String::concat);
        assertThatThrownBy(() -> read(cut))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageContaining("no trailer line: the file was cut short");
    }

    @Test
    void twoHistoriesRunTogetherAreRefused() {
        String text = text(generated());
        long lines = text.lines().count();
        assertThatThrownBy(() -> read(text + text))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("line " + (lines + 1) + ": text after the trailer of line " + lines
                        + " (two histories run together?)");
    }

    @Test
    void twoJsonObjectsOnOneLineAreRefusedNotHalfRead() {
        History h = History.of(List.of(read(0, 0, 1, 2, 0), read(HEADER.processes() + 1, 0, 3, 4, 0)));
        List<String> lines = new ArrayList<>(text(h).lines().toList());
        lines.set(1, lines.get(1) + lines.get(2));
        lines.remove(2);
        assertThatThrownBy(() -> read(String.join("\n", lines) + "\n"))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageStartingWith("line 2: more than one JSON value on the line");
    }

    @Test
    void anEditedLineBreaksTheChecksum() {
        History h = History.of(List.of(read(0, 0, 1, 2, 3), read(HEADER.processes() + 1, 0, 3, 4, 3)));
        String edited = text(h).replace("\"readVersion\":3", "\"readVersion\":4");
        assertThatThrownBy(() -> read(edited))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageContaining("a line was changed");
    }

    @Test
    void aHistoryWithoutAHeaderIsRefused() {
        String text = text(generated());
        String headless = text.substring(text.indexOf('\n') + 1);
        assertThatThrownBy(() -> read(headless))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageStartingWith("line 1: the first line must be the header");
    }

    @Test
    void aCompletionBeforeItsInvocationIsInvalidNotABug() {
        History h = History.of(List.of(read(0, 0, 5, 4, 0), read(HEADER.processes() + 1, 0, 6, 7, 0)));
        assertThatThrownBy(() -> read(text(h)))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessage("line 2: completes at 4 before it is invoked at 5");
    }

    @Test
    void negativeVersionsUnknownProcessesAndMissingOpsAreInvalid() {
        int fin = HEADER.processes() + 1;
        assertThatThrownBy(() -> read(text(History.of(List.of(read(0, 0, 1, 2, -3), read(fin, 0, 3, 4, 0))))))
                .hasMessageStartingWith("line 2: a negative version");
        assertThatThrownBy(() -> read(text(History.of(List.of(read(9, 0, 1, 2, 0), read(fin, 0, 3, 4, 0))))))
                .hasMessageStartingWith("line 2: process p9 is outside the topology (0 to 5");
        assertThatThrownBy(() -> read(text(History.of(List.of(read(0, 0, 1, 2, 0), read(0, 2, 3, 4, 0))))))
                .hasMessageStartingWith("line 3: process p0's op #2 where #1 comes next");
        assertThatThrownBy(() -> read(text(History.of(List.of(read(0, 0, 1, 5, 0), read(0, 1, 3, 6, 0))))))
                .hasMessageStartingWith("line 3: process p0's op #1 is invoked at 3, before its previous op completed");
        assertThatThrownBy(() -> read(text(History.of(List.of(read(0, 0, 1, 2, 0))))))
                .hasMessageContaining("no final reads (process p5)");
        // the negative control: the same ops in a valid shape are read back
        assertThat(read(text(History.of(List.of(read(0, 0, 1, 2, 0), read(fin, 0, 3, 4, 0)))))
                        .history()
                        .size())
                .isEqualTo(2);
    }

    @Test
    void aBrokenLineIsReportedWithItsNumber() {
        History h = History.of(List.of(read(0, 0, 1, 2, 0), read(HEADER.processes() + 1, 0, 3, 4, 0)));
        List<String> lines = new ArrayList<>(text(h).lines().toList());
        lines.set(2, "{\"type\":\"READ\"}");
        assertThatThrownBy(() -> read(String.join("\n", lines) + "\n"))
                .isInstanceOf(HistoryInvalidException.class)
                .hasMessageStartingWith("line 3:");
    }
}
