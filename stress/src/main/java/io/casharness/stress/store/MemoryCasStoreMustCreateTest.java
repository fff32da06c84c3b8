package io.casharness.stress.store;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryCasStore;
import io.casharness.stress.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Claim: two MustCreate writes of one absent key never both apply. Exactly one creates the object; the other gets
 * AlreadyExists on the key; the store holds the creator's payload at the creator's version.
 *
 * r1, r2: 1 if that actor's create applied, 0 if not. r3 (arbiter): 1 or 2 if exactly that actor created the object
 * and the loser's AlreadyExists and the final state agree with it, 0 otherwise.
 *
 * Negative control: io.casharness.stress.negative.RacyStoreMustCreateTest (check "absent", then write).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t MemoryCasStoreMustCreateTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 236215 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2   89,954  ACCEPTABLE  actor2 created the object; actor1 got AlreadyExists
 *   1, 0, 1  146,261  ACCEPTABLE  actor1 created the object; actor2 got AlreadyExists
 */
@JCStressTest
@Description("MemoryCasStore: two MustCreate writes of one key -> exactly one creates it")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor1 created the object; actor2 got AlreadyExists")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "actor2 created the object; actor1 got AlreadyExists")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both creates applied: a double create")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither create applied although the key was absent")
@Outcome(expect = FORBIDDEN, desc = "one create won but the loser's outcome or the stored object disagrees")
@State
public class MemoryCasStoreMustCreateTest {
    private final MemoryCasStore store = Fixtures.newModel();
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
