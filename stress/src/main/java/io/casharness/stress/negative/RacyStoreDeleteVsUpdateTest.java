package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.DeleteOutcome;
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
 * NEGATIVE CONTROL for MemoryCasStoreDeleteVsUpdateTest: the same actors, outcomes and arbiter on RacyCasStore, which checks the
 * condition and then writes in a separate step and keeps version and payload in two maps. jcstress must observe a
 * FORBIDDEN outcome here: a delete and an update from one base both apply. If it does not, the real test's pass proves nothing, and the gate
 * (io.casharness.reports.jcstress.JcstressGate) fails the run.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyStoreDeleteVsUpdateTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 211 forbidden of 152606 samples over 2 configurations):
 *     RESULT  SAMPLES      EXPECT  DESCRIPTION
 *    0, 1, 2   37,174  ACCEPTABLE  update won; the delete conflicted on the new version
 *    1, 0, 0  115,221  ACCEPTABLE  delete won; the update conflicted on an absent object
 *   1, 1, -1      211   FORBIDDEN  both applied: a resurrection or an erased acknowledged write
 */
@JCStressTest
@Description(
        "NEGATIVE CONTROL (must fail): RacyCasStore: MatchVersion delete vs MatchVersion update from one base -> exactly one applies")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "delete won; the update conflicted on an absent object")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "update won; the delete conflicted on the new version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both applied: a resurrection or an erased acknowledged write")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one won but the loser's conflict or the stored state disagrees with it")
@State
public class RacyStoreDeleteVsUpdateTest {
    private final RacyCasStore store = new RacyCasStore();
    private final long base = Fixtures.seed(store, "base").resourceVersion();
    private DeleteOutcome deleted;
    private PutOutcome updated;

    @Actor
    public void deleter(III_Result r) {
        deleted = store.delete(Fixtures.KEY, WriteCondition.matchVersion(base));
        r.r1 = Fixtures.deleted(deleted);
    }

    @Actor
    public void updater(III_Result r) {
        updated = store.put(Fixtures.spec("a2"), WriteCondition.matchVersion(base));
        r.r2 = Fixtures.won(updated);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = Fixtures.deleteVsUpdateState(store, deleted, updated);
    }
}
