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
 * Claim: two MatchVersion writes that start from the same base version never both apply. Exactly one wins; the
 * loser gets a Conflict that names the winner's version; the store then holds the winner's payload at the winner's
 * version. Both winning is the lost update the harness exists to rule out.
 *
 * r1, r2: 1 if that actor's write applied, 0 if not. r3 (arbiter): 1 or 2 if exactly that actor won and the
 * loser's conflict and the final state agree with it, 0 otherwise.
 *
 * Negative control: io.casharness.stress.negative.RacyStoreMatchVersionTest runs this body on a store that
 * checks the version and then writes in two steps; jcstress sees both writes apply.
 *
 * How to run: stress/run.sh short (or long), or
 *   java -jar stress/target/jcstress.jar -t MemoryCasStoreMatchVersionTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 476615 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2  191,309  ACCEPTABLE  actor2 won; actor1 conflicted on actor2's version
 *   1, 0, 1  285,306  ACCEPTABLE  actor1 won; actor2 conflicted on actor1's version
 */
@JCStressTest
@Description("MemoryCasStore: two MatchVersion writes from one base -> exactly one applies")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor1 won; actor2 conflicted on actor1's version")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "actor2 won; actor1 conflicted on actor2's version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both writes from one base applied: a lost update")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither write applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one write won but the conflict or the stored object disagrees with it")
@State
public class MemoryCasStoreMatchVersionTest {
    private final MemoryCasStore store = Fixtures.newModel();
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
