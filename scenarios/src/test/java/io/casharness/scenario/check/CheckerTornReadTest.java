package io.casharness.scenario.check;

import static io.casharness.scenario.check.HistoryBuilder.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code torn-read}: a read at version v must return the value the write of v stored, in every workload whose reads
 * record a value (register, delete-race, phases, create-race), not only where tokens accumulate.
 */
class CheckerTornReadTest {
    private final Checker checker = Checker.builder().requireEvidence(false).build();

    /** A register write as the register and delete-race workloads record it: the unique token is the value. */
    private static Op register(
            HistoryBuilder h, int p, Condition c, long expected, long v, long t0, long t1, String value) {
        return h.add(
                p,
                Op.of(c == Condition.MUST_CREATE ? OpType.CREATE : OpType.WRITE, HistoryBuilder.KIND, "k", c)
                        .expectedVersion(expected)
                        .outcome(Outcome.WRITTEN)
                        .readVersion(expected)
                        .writtenVersion(v)
                        .token(value)
                        .value(value),
                t0,
                t1);
    }

    @Test
    void aReadPairingOneWritesVersionWithAnothersValueIsATornRead() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = register(h, 0, Condition.MUST_CREATE, 0, 1, 0, 1, "a");
        Op w = register(h, 1, Condition.MATCH_VERSION, 1, 2, 2, 6, "b");
        Op r = h.readValue(2, "k", 1, 3, 5, "b"); // v1 with the value of v2, written meanwhile
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_READ);
            assertThat(a.key()).isEqualTo(key("k"));
            assertThat(a.ops()).containsExactly(c, w, r);
            assertThat(a.explanation()).contains("v1", "value b", "stored a", "write of v2");
            assertThat(a.why().reason()).isEqualTo("torn-read.other-writes-value");
            assertThat(a.why().values()).containsEntry("version", 1L).containsEntry("readValue", "b");
        });
    }

    @Test
    void aReadOfAValueNoWriteStoredIsATornReadCitingTheWriteOfItsVersion() {
        HistoryBuilder h = new HistoryBuilder();
        Op c = register(h, 0, Condition.MUST_CREATE, 0, 1, 0, 1, "a");
        Op r = h.readValue(1, "k", 1, 2, 3, "garbage");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_READ);
            assertThat(a.ops()).containsExactly(c, r);
            assertThat(a.why().reason()).isEqualTo("torn-read.other-value");
        });
    }

    @Test
    void aPhaseReadWithAnotherVersionsPhaseIsATornRead() {
        HistoryBuilder h = new HistoryBuilder();
        h.createPhase(0, "k", 1, 0, 1, "provisioning");
        h.casPhase(1, "k", 1, 2, 2, 3, "ready");
        Op r = h.readValue(2, "k", 2, 4, 5, "provisioning");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies())
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(AnomalyType.TORN_READ))
                .satisfies(a -> assertThat(a.ops()).contains(r));
    }

    @Test
    void readsOfTheValuesTheirVersionsStoredPass() {
        HistoryBuilder h = new HistoryBuilder();
        register(h, 0, Condition.MUST_CREATE, 0, 1, 0, 1, "a");
        h.readValue(1, "k", 1, 2, 3, "a");
        register(h, 1, Condition.MATCH_VERSION, 1, 2, 4, 5, "b");
        h.readValue(2, "k", 2, 6, 7, "b");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
    }

    @Test
    void aVersionWhoseWriterIsUnknownOrRecordedNoValueIsNotJudged() {
        HistoryBuilder h = new HistoryBuilder();
        // bootstrap state older than every recorded write: no writer, no value to compare
        h.readValue(0, "k", 1, 0, 1, "setup");
        register(h, 1, Condition.MATCH_VERSION, 1, 2, 2, 3, "b");
        // an indeterminate write that applied: its version is read, its value is not known during the sweep
        h.add(
                2,
                Op.of(OpType.WRITE, HistoryBuilder.KIND, "k", Condition.MATCH_VERSION)
                        .expectedVersion(2)
                        .info("CONNECTION_LOST", "connection lost")
                        .readVersion(2)
                        .token("c")
                        .value("c"),
                4,
                5);
        h.readValue(3, "k", 3, 6, 7, "c");
        // an update that records no value (append, merge): only tokens are judged
        h.update(0, "k", 3, 4, 1, 8, 9, "d");
        h.readValue(1, "k", 4, 10, 11, "anything");
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
    }

    @Test
    void aReadThatAlsoLacksTheWritesTokenIsOneLostUpdateNotATornReadToo() {
        HistoryBuilder h = new HistoryBuilder();
        // create-race reads record the winner's token and value: a torn payload lacks the token, a lost-update proof
        h.add(
                0,
                Op.of(OpType.CREATE, HistoryBuilder.KIND, "k", Condition.MUST_CREATE)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(1)
                        .token("a")
                        .value("a"),
                0,
                1);
        h.add(
                1,
                Op.of(OpType.READ, HistoryBuilder.KIND, "k", Condition.NONE)
                        .outcome(Outcome.FOUND)
                        .readVersion(1)
                        .observed(List.of("b"))
                        .value("b"),
                2,
                3);
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies())
                .as(v.summary())
                .singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(AnomalyType.LOST_UPDATE));
    }
}
