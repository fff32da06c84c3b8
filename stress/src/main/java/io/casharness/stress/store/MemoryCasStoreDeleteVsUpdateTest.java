package io.casharness.stress.store;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.DeleteOutcome;
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
 * Claim: a conditional delete and a conditional update of the same base version never both apply. If the delete
 * wins, the update gets a Conflict saying "absent" and the object stays gone (no resurrection); if the update wins,
 * the delete gets a Conflict naming the update's version and the updated object survives (no acknowledged write
 * erased).
 *
 * r1: 1 if the delete applied. r2: 1 if the update applied. r3 (arbiter): 0 if the object is absent and the
 * update's conflict said "absent"; 2 if the object holds the update at its version and the delete's conflict named
 * it; -1 otherwise.
 *
 * Negative control: io.casharness.stress.negative.RacyStoreDeleteVsUpdateTest.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t MemoryCasStoreDeleteVsUpdateTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 530679 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2   76,629  ACCEPTABLE  update won; the delete conflicted on the new version
 *   1, 0, 0  454,050  ACCEPTABLE  delete won; the update conflicted on an absent object
 */
@JCStressTest
@Description("MemoryCasStore: MatchVersion delete vs MatchVersion update from one base -> exactly one applies")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "delete won; the update conflicted on an absent object")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "update won; the delete conflicted on the new version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both applied: a resurrection or an erased acknowledged write")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one won but the loser's conflict or the stored state disagrees with it")
@State
public class MemoryCasStoreDeleteVsUpdateTest {
    private final MemoryCasStore store = Fixtures.newModel();
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
