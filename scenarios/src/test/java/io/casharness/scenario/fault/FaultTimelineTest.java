package io.casharness.scenario.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.casharness.scenario.history.FaultEvent;
import io.casharness.scenario.history.History;
import io.casharness.scenario.history.HistoryHeader;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.store.memory.MemoryBackend;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault timeline travels in the history header: written and read back exactly, left out entirely for a run
 * without faults (so such files are what they always were), and a header without it reads as no faults. Each event
 * records whether its fault breaks connections, as the fault declares it; a file written before events recorded that
 * reads it as the checker then assumed. A fault that does not apply is recorded as skipped, with the reason, and
 * never injected.
 */
class FaultTimelineTest {
    static HistoryHeader header(String faults, List<FaultEvent> events) {
        return new HistoryHeader(
                HistoryHeader.FORMAT,
                HistoryHeader.HARNESS,
                "register",
                "reference",
                "memory",
                "memory",
                true,
                null,
                7,
                1,
                1,
                1,
                "uniform",
                10,
                0,
                0,
                0,
                "broke on purpose",
                faults,
                events);
    }

    static String written(HistoryHeader h) {
        StringWriter w = new StringWriter();
        HistoryIo.write(h, History.of(List.of()), w);
        return w.toString();
    }

    @Test
    void aTimelineRoundTripsAndAnEmptyOneLeavesTheHeaderAsItWas() {
        List<FaultEvent> events = List.of(
                new FaultEvent("kill", "connections s/*", 10, 20, "terminated 3 of 4 connections", 3, null, true),
                new FaultEvent("restart", "the server", 30, 90, "failed", 0, "pg_ctl start exited with 1", true),
                new FaultEvent("kill", "connections s/*", 95, 99, "terminated 1 of 4 connections", 1, null, false));
        HistoryHeader h = header("kill,restart every ~1000 ms", events);
        HistoryIo.HistoryFile back = HistoryIo.read(new StringReader(written(h)));
        assertThat(back.header()).isEqualTo(h);
        assertThat(back.header().faultEvents()).isEqualTo(events);

        String plain = written(header(null, List.of()));
        assertThat(plain).doesNotContain("fault");
        HistoryHeader old = HistoryIo.read(new StringReader(plain)).header();
        assertThat(old.faults()).isNull();
        assertThat(old.faultEvents()).isEmpty();
    }

    /**
     * What an event says is what was written, even against its name (a {@code kill} written false reads false); only an
     * event without the field, from a file written before it existed, is read by name: true for the faults the checker
     * then treated as breaking connections, false for the others.
     */
    @Test
    void anEventWithoutBreaksConnectionsReadsAsTheCheckerTreatedItsFaultBefore() {
        List<FaultEvent> events = List.of(
                new FaultEvent("kill", "c", 10, 20, "terminated 3 of 4 connections", 3, null, false),
                new FaultEvent("pause", "c", 30, 40, "froze 2 of 8 server processes for 100 ms", 2, null, true));
        String file = written(header("kill,pause every ~1000 ms", events));
        assertThat(file).contains("\"breaksConnections\":false").contains("\"breaksConnections\":true");
        assertThat(HistoryIo.read(new StringReader(file)).header().faultEvents())
                .isEqualTo(events);

        String old = file.replace(",\"breaksConnections\":false", "").replace(",\"breaksConnections\":true", "");
        assertThat(old).isNotEqualTo(file).doesNotContain("breaksConnections");
        assertThat(HistoryIo.read(new StringReader(old)).header().faultEvents())
                .extracting(FaultEvent::fault, FaultEvent::breaksConnections)
                .containsExactly(tuple("kill", true), tuple("pause", false));
    }

    /**
     * The faults say it of themselves, and their events carry it: kill, restart, ack-loss and crash break
     * connections, pause, lock-storm and slow do not.
     */
    @Test
    void theConnectionBreakingFaultsDeclareItAndTheOthersDoNot() {
        assertThat(Faults.all())
                .extracting(Fault::name, Fault::breaksConnections)
                .containsExactly(
                        tuple("kill", true),
                        tuple("restart", true),
                        tuple("pause", false),
                        tuple("lock-storm", false),
                        tuple("ack-loss", true),
                        tuple("slow", false),
                        tuple("crash", true));
        try (MemoryBackend memory = new MemoryBackend()) {
            FaultPlan plan = new FaultPlan(Faults.names(), Duration.ofMillis(50), 0.05, false);
            assertThat(new Nemesis(plan, memory, 1).events())
                    .extracting(FaultEvent::fault, FaultEvent::breaksConnections)
                    .containsExactly(
                            tuple("kill", true),
                            tuple("restart", true),
                            tuple("pause", false),
                            tuple("lock-storm", false),
                            tuple("ack-loss", true),
                            tuple("slow", false),
                            tuple("crash", true));
        }
    }

    @Test
    void aFaultThatDoesNotApplyIsRecordedAsSkippedWithTheReason() {
        try (MemoryBackend memory = new MemoryBackend()) {
            FaultPlan plan = new FaultPlan(Faults.names(), Duration.ofMillis(50), 0.05, false);
            Nemesis nemesis = new Nemesis(plan, memory, 1);
            assertThat(nemesis.applicable()).isEmpty();
            nemesis.start(System.nanoTime() + Duration.ofSeconds(1).toNanos());
            assertThat(nemesis.stop()).isTrue();
            assertThat(nemesis.events())
                    .extracting(FaultEvent::fault, FaultEvent::count)
                    .containsExactly(
                            tuple("kill", 0L),
                            tuple("restart", 0L),
                            tuple("pause", 0L),
                            tuple("lock-storm", 0L),
                            tuple("ack-loss", 0L),
                            tuple("slow", 0L),
                            tuple("crash", 0L));
            assertThat(nemesis.events())
                    .allSatisfy(e -> assertThat(e.action()).startsWith("skipped: "))
                    .anySatisfy(e -> assertThat(e.action())
                            .isEqualTo("skipped: kill acts on PostgreSQL server connections; memory has none"));
        }
    }
}
