package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.scenario.history.Op;
import io.casharness.stress.Fixtures;
import io.casharness.stress.history.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.history.HistoryRecorderConcurrentProcessesTest: the same actors,
 * outcomes and checks on a recorder where every process appends to one shared, unsynchronised ArrayList. jcstress
 * must observe a FORBIDDEN outcome (an op lost or a slot left null by racing appends, or a mid-flight copy that
 * throws or tears). An exception inside the broken recorder counts as a broken history, not as a test error.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t PlainListRecorderTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 2373 forbidden of 30826 samples over 2 configurations):
 *    RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   0, 0, 0       15               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   0, 1, 0    1,123               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   0, 1, 1   13,063              ACCEPTABLE  mid-flight history saw none of process 1 yet; final complete
 *   1, 0, 0      348               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   1, 1, 0       83               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   1, 1, 1       58  ACCEPTABLE_INTERESTING  mid-flight history saw a prefix of process 1; final complete
 *   2, 0, 0      407               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   2, 1, 0       42               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   2, 1, 1       47  ACCEPTABLE_INTERESTING  mid-flight history saw a prefix of process 1; final complete
 *   3, 0, 0      355               FORBIDDEN  an op lost, duplicated or out of order, in the mid-flight or final history
 *   3, 1, 1   15,285              ACCEPTABLE  mid-flight history saw all of process 1; final complete
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): a recorder on one plain ArrayList loses or tears ops")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "mid-flight history saw none of process 1 yet; final complete")
@Outcome(id = "3, 1, 1", expect = ACCEPTABLE, desc = "mid-flight history saw all of process 1; final complete")
@Outcome(
        id = {"1, 1, 1", "2, 1, 1"},
        expect = ACCEPTABLE_INTERESTING,
        desc = "mid-flight history saw a prefix of process 1; final complete")
@Outcome(expect = FORBIDDEN, desc = "an op lost, duplicated or out of order, in the mid-flight or final history")
@State
public class PlainListRecorderTest {
    private final AtomicInteger start = new AtomicInteger();
    private final List<Op> ops = new ArrayList<>(); // BROKEN: shared by all processes, no synchronisation
    private volatile boolean threw;

    private void record(Op op) {
        try {
            ops.add(op);
        } catch (RuntimeException e) {
            threw = true;
        }
    }

    @Actor
    public void process1() {
        Fixtures.rendezvous(start);
        for (int seq = 0; seq < Ops.PER_ACTOR; seq++) {
            record(Ops.op(1, seq));
        }
    }

    @Actor
    public void process2(III_Result r) {
        Fixtures.rendezvous(start);
        for (int seq = 0; seq < Ops.PER_ACTOR; seq++) {
            record(Ops.op(2, seq));
        }
        try {
            List<Op> midFlight = new ArrayList<>(ops);
            r.r1 = (int) midFlight.stream()
                    .filter(o -> o != null && o.process() == 1)
                    .count();
            r.r2 = Ops.prefixesInOrder(midFlight, 2) ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = -1;
            r.r2 = 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = !threw && ops.size() == 2 * Ops.PER_ACTOR && Ops.prefixesInOrder(ops, 1, 2) ? 1 : 0;
    }
}
