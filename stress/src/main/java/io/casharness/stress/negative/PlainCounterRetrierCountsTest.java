package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.Backoff;
import io.casharness.store.CasStore;
import io.casharness.store.Exhausted;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryCasStore;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.retry.RetrierSharedCountsTest: the same two updates, outcomes and
 * arbiter, run by a retrier that counts the attempts of all its callers in one shared "volatile int ++" (a read and
 * a write, not one atomic step): the non-atomic counter. r2 is that counter here, where the real test reads the
 * atomic count its Backoff kept. jcstress must observe counts that disagree with the attempts the outcomes report.
 *
 * The counter is bumped right after the mutation, which is where the two updates leave their rendezvous together
 * (see Fixtures.appendAfterRendezvous), so the two increments collide often enough to be seen in the short mode.
 * (A first version bumped a volatile int in Backoff.onAttempt, after the write: the store's lock spaces those calls
 * apart and jcstress did not catch it in the short mode. A control that is not caught proves nothing.)
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t PlainCounterRetrierCountsTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 288 forbidden of 30223 samples over 2 configurations):
 *       RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   2, 2, 0, 0   26,838              ACCEPTABLE  no overlap: one attempt each, nothing to retry
 *   3, 2, 1, 1      288               FORBIDDEN  the counts disagree: an attempt, conflict or sleep was lost or doubled
 *   3, 3, 1, 1    3,097  ACCEPTABLE_INTERESTING  overlap: one conflict, one retry, one sleep
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): a retrier counting attempts on a shared volatile int ++ loses counts")
@Outcome(id = "2, 2, 0, 0", expect = ACCEPTABLE, desc = "no overlap: one attempt each, nothing to retry")
@Outcome(id = "3, 3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: one conflict, one retry, one sleep")
@Outcome(expect = FORBIDDEN, desc = "the counts disagree: an attempt, conflict or sleep was lost or doubled")
@State
public class PlainCounterRetrierCountsTest {
    private final MemoryCasStore store = Fixtures.newModel();
    private final AtomicInteger onAttempt = new AtomicInteger();
    private final AtomicInteger conflicted = new AtomicInteger();
    private final AtomicInteger sleeps = new AtomicInteger();
    private final FieldStateRetrier retrier = new FieldStateRetrier();
    private final AtomicInteger rendezvous = new AtomicInteger();
    private UpdateOutcome u1;
    private UpdateOutcome u2;

    {
        Fixtures.seed(store, "");
    }

    @Actor
    public void actor1() {
        u1 = retrier.update(store, Fixtures.KEY, Fixtures.appendAfterRendezvous("x", rendezvous));
    }

    @Actor
    public void actor2() {
        u2 = retrier.update(store, Fixtures.KEY, Fixtures.appendAfterRendezvous("y", rendezvous));
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r1 = attempts(u1) + attempts(u2);
        r.r2 = retrier.attemptsMade;
        r.r3 = conflicted.get();
        r.r4 = sleeps.get();
    }

    private static int attempts(UpdateOutcome u) {
        return u instanceof Updated up ? up.attempts() : -100;
    }

    /** BROKEN: Retrier's update loop plus a shared attempt metric kept as a volatile int. */
    final class FieldStateRetrier {
        private static final int MAX_ATTEMPTS = 10;
        private final Backoff backoff = new CountingBackoff();
        volatile int attemptsMade;

        @SuppressWarnings("NonAtomicOperationOnVolatileField") // the point of this negative control
        UpdateOutcome update(CasStore s, ObjectKey key, Mutation mutation) {
            int conflicts = 0;
            for (int attempt = 1; ; attempt++) {
                StoredObject current = s.get(key).orElseThrow();
                ObjectSpec next = mutation.apply(current);
                attemptsMade++;
                if (s.put(next, WriteCondition.matchVersion(current.resourceVersion())) instanceof Written w) {
                    backoff.onAttempt(false);
                    return new Updated(w.object(), attempt, conflicts);
                }
                conflicts++;
                backoff.onAttempt(true);
                if (attempt >= MAX_ATTEMPTS) {
                    return new Exhausted(key, attempt, List.of());
                }
                backoff.delayBefore(attempt, null);
                sleeps.incrementAndGet();
            }
        }
    }

    /** Counts, atomically, what the retrier reports. */
    final class CountingBackoff implements Backoff {
        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return Duration.ZERO;
        }

        @Override
        public void onAttempt(boolean conflict) {
            onAttempt.incrementAndGet();
            if (conflict) {
                conflicted.incrementAndGet();
            }
        }
    }
}
