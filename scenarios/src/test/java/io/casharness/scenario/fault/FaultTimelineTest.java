package io.casharness.scenario.fault;

import static org.assertj.core.api.Assertions.assertThat;

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
 * without faults (so such files are what they always were), and a header without it reads as no faults. A fault
 * that does not apply is recorded as skipped, with the reason, and never injected.
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
                new FaultEvent("kill", "connections s/*", 10, 20, "terminated 3 of 4 connections", 3, null),
                new FaultEvent("restart", "the server", 30, 90, "failed", 0, "pg_ctl start exited with 1"));
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
                            org.assertj.core.groups.Tuple.tuple("kill", 0L),
                            org.assertj.core.groups.Tuple.tuple("restart", 0L),
                            org.assertj.core.groups.Tuple.tuple("pause", 0L),
                            org.assertj.core.groups.Tuple.tuple("lock-storm", 0L),
                            org.assertj.core.groups.Tuple.tuple("ack-loss", 0L),
                            org.assertj.core.groups.Tuple.tuple("slow", 0L),
                            org.assertj.core.groups.Tuple.tuple("crash", 0L));
            assertThat(nemesis.events())
                    .allSatisfy(e -> assertThat(e.action()).startsWith("skipped: "))
                    .anySatisfy(e -> assertThat(e.action())
                            .isEqualTo("skipped: kill acts on PostgreSQL server connections; memory has none"));
        }
    }
}
