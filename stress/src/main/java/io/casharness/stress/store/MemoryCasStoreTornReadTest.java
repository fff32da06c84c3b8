package io.casharness.stress.store;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.LabelSelector;
import io.casharness.store.PageRequest;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryCasStore;
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
 * Claim: get and list never return a torn object: the payload and label a read returns belong to the write that
 * produced the version it returns. The writer writes version 2 with payload "2", then version 3 with payload "3"
 * (each payload is the version it will get: every sample has its own database, whose counter starts at 1 for the
 * seed). The reader does get, then list. Each read must show equal version and payload, and the list (later) must
 * not show an older version than the get (monotonic reads, which a linearizable model owes too).
 *
 * r1, r2: version and payload number of get. r3, r4: the same for list. The payload number is -1 if the label does
 * not repeat it.
 *
 * Negative control: io.casharness.stress.negative.RacyStoreTornReadTest (version and payload kept in two maps and
 * read one after the other).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t MemoryCasStoreTornReadTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 24431 samples over 2 configurations):
 *       RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   1, 1, 1, 1   11,817  ACCEPTABLE  both reads before the writes
 *   1, 1, 2, 2      185  ACCEPTABLE  get before, list between the writes
 *   1, 1, 3, 3      122  ACCEPTABLE  get before, list after the writes
 *   2, 2, 2, 2       57  ACCEPTABLE  both reads between the writes
 *   2, 2, 3, 3       12  ACCEPTABLE  get between, list after the writes
 *   3, 3, 3, 3   12,238  ACCEPTABLE  both reads after the writes
 */
@JCStressTest
@Description("MemoryCasStore: get/list never return the payload of one version with the number of another")
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
public class MemoryCasStoreTornReadTest {
    private final AtomicInteger start = new AtomicInteger();
    private final MemoryCasStore store = Fixtures.newModel();

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
