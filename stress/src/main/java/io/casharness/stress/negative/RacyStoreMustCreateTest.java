package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import io.casharness.stress.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * NEGATIVE CONTROL for MemoryCasStoreMustCreateTest: the same actors, outcomes and arbiter on RacyCasStore, which checks the
 * condition and then writes in a separate step and keeps version and payload in two maps. jcstress must observe a
 * FORBIDDEN outcome here: two MustCreate writes both apply (double create). If it does not, the real test's pass proves nothing, and the gate
 * (io.casharness.reports.jcstress.JcstressGate) fails the run.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyStoreMustCreateTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 106 forbidden of 124646 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2   44,213  ACCEPTABLE  actor2 created the object; actor1 got AlreadyExists
 *   1, 0, 1   80,327  ACCEPTABLE  actor1 created the object; actor2 got AlreadyExists
 *   1, 1, 0      106   FORBIDDEN  both creates applied: a double create
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): RacyCasStore: two MustCreate writes of one key -> exactly one creates it")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor1 created the object; actor2 got AlreadyExists")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "actor2 created the object; actor1 got AlreadyExists")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both creates applied: a double create")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither create applied although the key was absent")
@Outcome(expect = FORBIDDEN, desc = "one create won but the loser's outcome or the stored object disagrees")
@State
public class RacyStoreMustCreateTest {
    private final RacyCasStore store = new RacyCasStore();
    private PutOutcome o1;
    private PutOutcome o2;

    @Actor
    public void actor1(III_Result r) {
        o1 = store.put(Fixtures.spec("a1"), WriteCondition.mustCreate());
        r.r1 = Fixtures.won(o1);
    }

    @Actor
    public void actor2(III_Result r) {
        o2 = store.put(Fixtures.spec("a2"), WriteCondition.mustCreate());
        r.r2 = Fixtures.won(o2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = Fixtures.mustCreateWinner(store, o1, o2);
    }
}
