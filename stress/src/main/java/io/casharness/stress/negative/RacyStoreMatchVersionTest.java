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
 * NEGATIVE CONTROL for MemoryCasStoreMatchVersionTest: the same actors, outcomes and arbiter on RacyCasStore, which checks the
 * condition and then writes in a separate step and keeps version and payload in two maps. jcstress must observe a
 * FORBIDDEN outcome here: two MatchVersion writes from one base both apply (lost update). If it does not, the real test's pass proves nothing, and the gate
 * (io.casharness.reports.jcstress.JcstressGate) fails the run.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyStoreMatchVersionTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 2991 forbidden of 228354 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2   90,864  ACCEPTABLE  actor2 won; actor1 conflicted on actor2's version
 *   1, 0, 1  134,499  ACCEPTABLE  actor1 won; actor2 conflicted on actor1's version
 *   1, 1, 0    2,991   FORBIDDEN  both writes from one base applied: a lost update
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): RacyCasStore: two MatchVersion writes from one base -> exactly one applies")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor1 won; actor2 conflicted on actor1's version")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "actor2 won; actor1 conflicted on actor2's version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both writes from one base applied: a lost update")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither write applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one write won but the conflict or the stored object disagrees with it")
@State
public class RacyStoreMatchVersionTest {
    private final RacyCasStore store = new RacyCasStore();
    private final long base = Fixtures.seed(store, "base").resourceVersion();
    private PutOutcome o1;
    private PutOutcome o2;

    @Actor
    public void actor1(III_Result r) {
        o1 = store.put(Fixtures.spec("a1"), WriteCondition.matchVersion(base));
        r.r1 = Fixtures.won(o1);
    }

    @Actor
    public void actor2(III_Result r) {
        o2 = store.put(Fixtures.spec("a2"), WriteCondition.matchVersion(base));
        r.r2 = Fixtures.won(o2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = Fixtures.matchVersionWinner(store, o1, o2);
    }
}
