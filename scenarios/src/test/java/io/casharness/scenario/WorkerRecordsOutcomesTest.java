package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryCasStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class WorkerRecordsOutcomesTest {
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "k");

    @Test
    void everyRefusalIsRecordedAsItsOutcomeAndAConflictKeepsTheVersionTheStoreReported() {
        HistoryRecorder recorder = new HistoryRecorder();
        Worker w = new Worker(
                MemoryCasStore.create(),
                recorder.process(0, 0, 0),
                RandomGenerator.of("L64X128MixRandom"),
                ScenarioRunner.RETRY,
                o -> new Worker.Observation(List.of(), null));
        long v1 = ((Written) w.put(spec(), WriteCondition.mustCreate(), 0, "t0", null)).version();
        w.put(spec(), WriteCondition.mustCreate(), 0, "t1", null);
        w.put(spec(), WriteCondition.matchVersion(v1 + 1000), v1, "t2", null);
        w.delete(KEY, WriteCondition.unconditional());
        w.put(spec(), WriteCondition.matchVersion(v1), v1, "t4", null);
        w.update(KEY, StoredObject::spec, "t5", null);
        w.read(KEY);

        List<Op> ops = recorder.history().ops();
        assertThat(ops)
                .extracting(Op::outcome)
                .containsExactly(
                        Outcome.WRITTEN,
                        Outcome.ALREADY_EXISTS_KEY,
                        Outcome.CONFLICT,
                        Outcome.DELETED,
                        Outcome.CONFLICT_ABSENT,
                        Outcome.NOT_FOUND,
                        Outcome.ABSENT);
        assertThat(ops.get(2).currentVersion()).isEqualTo(v1);
        assertThat(ops.get(2).describe()).contains("fail Conflict (current v" + v1 + ")");
        assertThat(ops).filteredOn(op -> op != ops.get(2)).allMatch(op -> op.currentVersion() == 0);
        assertThat(ops.subList(1, 6))
                .filteredOn(op -> op.outcome() != Outcome.DELETED)
                .allMatch(op -> op.status() == Status.FAIL);
    }

    private static ObjectSpec spec() {
        return ObjectSpec.of(KEY, "x".getBytes(StandardCharsets.UTF_8));
    }
}
