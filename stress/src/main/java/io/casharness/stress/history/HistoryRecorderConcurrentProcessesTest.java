package io.casharness.stress.history;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.scenario.history.History;
import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.stress.Fixtures;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Claim: HistoryRecorder records the ops of concurrent processes completely, without duplicates, and keeps each
 * process's order; a history() taken while another process is still recording sees, of that process, a prefix of
 * its ops in order (never a gap, a duplicate or a half-published op), and all of its own.
 *
 * Each actor opens its own ProcessLog on the shared recorder and records 3 ops (seq 0, 1, 2). Actor 2 then takes a
 * history() while actor 1 may still be recording.
 *
 * r1: ops of process 1 in actor 2's mid-flight history (0..3: how far actor 1 had got). r2: 1 if that history is
 * valid (process 1 a prefix in order, process 2 complete, no duplicate), 0 otherwise. r3 (arbiter): 1 if the final
 * history holds all 6 ops, each process complete and in order, no duplicate.
 *
 * Negative control: io.casharness.stress.negative.PlainListRecorderTest (all processes append to one ArrayList).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t HistoryRecorderConcurrentProcessesTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 27410 samples over 2 configurations):
 *    RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   0, 1, 1   12,158              ACCEPTABLE  mid-flight history saw none of process 1 yet; final complete
 *   1, 1, 1      205  ACCEPTABLE_INTERESTING  mid-flight history saw a prefix of process 1; final complete
 *   2, 1, 1      206  ACCEPTABLE_INTERESTING  mid-flight history saw a prefix of process 1; final complete
 *   3, 1, 1   14,841              ACCEPTABLE  mid-flight history saw all of process 1; final complete
 */
@JCStressTest
@Description("HistoryRecorder: concurrent processes' ops all recorded, none duplicated, per-process order kept")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "mid-flight history saw none of process 1 yet; final complete")
@Outcome(id = "3, 1, 1", expect = ACCEPTABLE, desc = "mid-flight history saw all of process 1; final complete")
@Outcome(
        id = {"1, 1, 1", "2, 1, 1"},
        expect = ACCEPTABLE_INTERESTING,
        desc = "mid-flight history saw a prefix of process 1; final complete")
@Outcome(expect = FORBIDDEN, desc = "an op lost, duplicated or out of order, in the mid-flight or final history")
@State
public class HistoryRecorderConcurrentProcessesTest {
    private final AtomicInteger start = new AtomicInteger();
    private final HistoryRecorder recorder = new HistoryRecorder();

    @Actor
    public void process1() {
        Fixtures.rendezvous(start);
        HistoryRecorder.ProcessLog log = recorder.process(1, 0, 1);
        for (int seq = 0; seq < Ops.PER_ACTOR; seq++) {
            log.record(Ops.op(1, seq));
        }
    }

    @Actor
    public void process2(III_Result r) {
        Fixtures.rendezvous(start);
        HistoryRecorder.ProcessLog log = recorder.process(2, 0, 2);
        for (int seq = 0; seq < Ops.PER_ACTOR; seq++) {
            log.record(Ops.op(2, seq));
        }
        History midFlight = recorder.history();
        r.r1 = Ops.count(midFlight, 1);
        r.r2 = Ops.prefixesInOrder(midFlight.ops(), 2) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        History h = recorder.history();
        r.r3 = h.size() == 2 * Ops.PER_ACTOR && Ops.prefixesInOrder(h.ops(), 1, 2) ? 1 : 0;
    }
}
