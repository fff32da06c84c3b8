package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.UpdateOutcome;
import io.casharness.stress.Fixtures;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * NEGATIVE CONTROL for MemoryCasStoreUpdateRetryTest: the same actors, outcomes and arbiter on RacyCasStore, which checks the
 * condition and then writes in a separate step and keeps version and payload in two maps. jcstress must observe a
 * FORBIDDEN outcome here: two retrying updates both report success but one token is lost. If it does not, the real test's pass proves nothing, and the gate
 * (io.casharness.reports.jcstress.JcstressGate) fails the run.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyStoreUpdateRetryTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 162 forbidden of 17211 samples over 2 configurations):
 *       RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   2, 3, 0, 0       69               FORBIDDEN  a token is missing or out of order: a lost update
 *   2, 3, 1, 0    8,012              ACCEPTABLE  actor1 then actor2, no overlap
 *   2, 3, 1, 1      721  ACCEPTABLE_INTERESTING  overlap: actor2 conflicted, re-read, applied
 *   3, 2, 0, 0       93               FORBIDDEN  a token is missing or out of order: a lost update
 *   3, 2, 1, 0    7,599              ACCEPTABLE  actor2 then actor1, no overlap
 *   3, 2, 1, 1      717  ACCEPTABLE_INTERESTING  overlap: actor1 conflicted, re-read, applied
 */
@JCStressTest
@Description(
        "NEGATIVE CONTROL (must fail): RacyCasStore + Retrier: two retrying updates -> both applied, versions distinct, nothing lost")
@Outcome(id = "2, 3, 1, 0", expect = ACCEPTABLE, desc = "actor1 then actor2, no overlap")
@Outcome(id = "3, 2, 1, 0", expect = ACCEPTABLE, desc = "actor2 then actor1, no overlap")
@Outcome(id = "2, 3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: actor2 conflicted, re-read, applied")
@Outcome(id = "3, 2, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: actor1 conflicted, re-read, applied")
@Outcome(id = ".*, .*, 0, .*", expect = FORBIDDEN, desc = "a token is missing or out of order: a lost update")
@Outcome(expect = FORBIDDEN, desc = "an update did not apply, versions repeat, or conflicts were miscounted")
@State
public class RacyStoreUpdateRetryTest {
    private final RacyCasStore store = new RacyCasStore();
    private final AtomicInteger rendezvous = new AtomicInteger();
    private UpdateOutcome u1;
    private UpdateOutcome u2;

    {
        Fixtures.seed(store, "");
    }

    @Actor
    public void actor1(IIII_Result r) {
        u1 = store.update(Fixtures.KEY, Fixtures.appendAfterRendezvous("x", rendezvous), Fixtures.RETRY_AT_ONCE);
        r.r1 = Fixtures.updatedVersion(u1);
    }

    @Actor
    public void actor2(IIII_Result r) {
        u2 = store.update(Fixtures.KEY, Fixtures.appendAfterRendezvous("y", rendezvous), Fixtures.RETRY_AT_ONCE);
        r.r2 = Fixtures.updatedVersion(u2);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = Fixtures.bothTokensInVersionOrder(store, u1, "x", u2, "y") ? 1 : 0;
        r.r4 = Fixtures.conflicts(u1) + Fixtures.conflicts(u2);
    }
}
