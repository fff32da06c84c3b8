package io.casharness.stress.store;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.UpdateOutcome;
import io.casharness.store.memory.MemoryCasStore;
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
 * Claim: two retrying updates (read -> append my token -> MatchVersion write, again on conflict) both apply,
 * produce two distinct versions, and the final payload holds both tokens in the order of those versions. The
 * loser of the first race re-reads and re-applies its mutation to the winner's object, so nothing is lost.
 *
 * r1, r2: the version each actor's update produced (-1 if it did not end Updated). r3 (arbiter): 1 if the stored
 * payload is exactly the two tokens in version order at the higher version, 0 otherwise. r4: conflicts met by both
 * updates together (0: the updates did not overlap; 1: one overlapped, conflicted and retried).
 *
 * Negative control: io.casharness.stress.negative.RacyStoreUpdateRetryTest (the same Retrier on a store whose
 * MatchVersion check is not atomic with its write).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t MemoryCasStoreUpdateRetryTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 50084 samples over 2 configurations):
 *       RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   2, 3, 1, 0   23,087              ACCEPTABLE  actor1 then actor2, no overlap
 *   2, 3, 1, 1    2,914  ACCEPTABLE_INTERESTING  overlap: actor2 conflicted, re-read, applied
 *   3, 2, 1, 0   21,202              ACCEPTABLE  actor2 then actor1, no overlap
 *   3, 2, 1, 1    2,881  ACCEPTABLE_INTERESTING  overlap: actor1 conflicted, re-read, applied
 */
@JCStressTest
@Description("MemoryCasStore + Retrier: two retrying updates -> both applied, versions distinct, nothing lost")
@Outcome(id = "2, 3, 1, 0", expect = ACCEPTABLE, desc = "actor1 then actor2, no overlap")
@Outcome(id = "3, 2, 1, 0", expect = ACCEPTABLE, desc = "actor2 then actor1, no overlap")
@Outcome(id = "2, 3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: actor2 conflicted, re-read, applied")
@Outcome(id = "3, 2, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: actor1 conflicted, re-read, applied")
@Outcome(id = ".*, .*, 0, .*", expect = FORBIDDEN, desc = "a token is missing or out of order: a lost update")
@Outcome(expect = FORBIDDEN, desc = "an update did not apply, versions repeat, or conflicts were miscounted")
@State
public class MemoryCasStoreUpdateRetryTest {
    private final MemoryCasStore store = Fixtures.newModel();
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
