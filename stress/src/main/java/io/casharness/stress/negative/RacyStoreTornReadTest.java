package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.LabelSelector;
import io.casharness.store.PageRequest;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.stress.Fixtures;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * NEGATIVE CONTROL for MemoryCasStoreTornReadTest: the same actors, outcomes and arbiter on RacyCasStore, which checks the
 * condition and then writes in a separate step and keeps version and payload in two maps. jcstress must observe a
 * FORBIDDEN outcome here: a read pairs the payload of one write with the version of another. If it does not, the real test's pass proves nothing, and the gate
 * (io.casharness.reports.jcstress.JcstressGate) fails the run.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyStoreTornReadTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 1099 forbidden of 35469 samples over 2 configurations):
 *       RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   1, 1, 1, 1   18,334  ACCEPTABLE  both reads before the writes
 *   1, 1, 2, 1      683   FORBIDDEN  list returned a torn object, or an older version than get had seen
 *   1, 1, 2, 2      161  ACCEPTABLE  get before, list between the writes
 *   1, 1, 3, 2      164   FORBIDDEN  list returned a torn object, or an older version than get had seen
 *   1, 1, 3, 3      218  ACCEPTABLE  get before, list after the writes
 *   2, 1, 2, 1       38   FORBIDDEN  get returned a torn object
 *   2, 1, 2, 2       51   FORBIDDEN  get returned a torn object
 *   2, 1, 3, 2      124   FORBIDDEN  get returned a torn object
 *   2, 1, 3, 3       20   FORBIDDEN  get returned a torn object
 *   2, 2, 2, 2       46  ACCEPTABLE  both reads between the writes
 *   2, 2, 3, 2        3   FORBIDDEN  list returned a torn object, or an older version than get had seen
 *   2, 2, 3, 3        6  ACCEPTABLE  get between, list after the writes
 *   3, 1, 3, 3        2   FORBIDDEN  get returned a torn object
 *   3, 2, 3, 2        1   FORBIDDEN  get returned a torn object
 *   3, 2, 3, 3       13   FORBIDDEN  get returned a torn object
 *   3, 3, 3, 3   15,605  ACCEPTABLE  both reads after the writes
 */
@JCStressTest
@Description(
        "NEGATIVE CONTROL (must fail): RacyCasStore: get/list never return the payload of one version with the number of another")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "both reads before the writes")
@Outcome(id = "1, 1, 2, 2", expect = ACCEPTABLE, desc = "get before, list between the writes")
@Outcome(id = "1, 1, 3, 3", expect = ACCEPTABLE, desc = "get before, list after the writes")
@Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "both reads between the writes")
@Outcome(id = "2, 2, 3, 3", expect = ACCEPTABLE, desc = "get between, list after the writes")
@Outcome(id = "3, 3, 3, 3", expect = ACCEPTABLE, desc = "both reads after the writes")
@Outcome(
        id = {"1, [^1], .*", "2, [^2], .*", "3, [^3], .*"},
        expect = FORBIDDEN,
        desc = "get returned a torn object")
@Outcome(expect = FORBIDDEN, desc = "list returned a torn object, or an older version than get had seen")
@State
public class RacyStoreTornReadTest {
    private final AtomicInteger start = new AtomicInteger();
    private final RacyCasStore store = new RacyCasStore();

    {
        Fixtures.seed(store, "1");
    }

    @Actor
    public void writer() {
        Fixtures.rendezvous(start);
        store.put(Fixtures.spec("2"), WriteCondition.matchVersion(1));
        store.put(Fixtures.spec("3"), WriteCondition.matchVersion(2));
    }

    @Actor
    public void reader(IIII_Result r) {
        Fixtures.rendezvous(start);
        Optional<StoredObject> got = store.get(Fixtures.KEY);
        List<StoredObject> listed = store.list(Fixtures.KIND, LabelSelector.everything(), PageRequest.first(10))
                .items();
        Optional<StoredObject> fromList = listed.isEmpty() ? Optional.empty() : Optional.of(listed.get(0));
        r.r1 = Fixtures.versionOf(got);
        r.r2 = Fixtures.payloadOf(got);
        r.r3 = Fixtures.versionOf(fromList);
        r.r4 = Fixtures.payloadOf(fromList);
    }
}
