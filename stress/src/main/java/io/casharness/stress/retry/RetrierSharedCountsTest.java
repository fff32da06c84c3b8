package io.casharness.stress.retry;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.Retrier;
import io.casharness.store.RetryPolicy;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.memory.MemoryCasStore;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.Random;
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
 * Claim: one Retrier (one RetryPolicy, one Backoff, one Sleeper) shared by two threads keeps exact books. Every
 * attempt of either update is reported to the shared Backoff once (onAttempt), every conflict as conflicted, every
 * retry draws one delay and sleeps once, and the attempts the two outcomes report add up to what the Backoff saw.
 *
 * Negative control: io.casharness.stress.negative.PlainCounterRetrierCountsTest (attempts counted on a shared
 * volatile int ++).
 *
 * r1: attempts reported by the two Updated outcomes. r2: onAttempt calls the shared Backoff saw. r3: of those, the
 * conflicted ones. r4: sleeps the shared Sleeper saw.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RetrierSharedCountsTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 14516 samples over 2 configurations):
 *       RESULT  SAMPLES                  EXPECT  DESCRIPTION
 *   2, 2, 0, 0   13,125              ACCEPTABLE  no overlap: one attempt each, nothing to retry
 *   3, 3, 1, 1    1,391  ACCEPTABLE_INTERESTING  overlap: one conflict, one retry, one sleep
 */
@JCStressTest
@Description("Retrier shared by two threads: attempts, conflicts and sleeps all counted, none lost")
@Outcome(id = "2, 2, 0, 0", expect = ACCEPTABLE, desc = "no overlap: one attempt each, nothing to retry")
@Outcome(id = "3, 3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: one conflict, one retry, one sleep")
@Outcome(expect = FORBIDDEN, desc = "the counts disagree: an attempt, conflict or sleep was lost or doubled")
@State
public class RetrierSharedCountsTest {
    private final MemoryCasStore store = Fixtures.newModel();
    private final CountingBackoff backoff = new CountingBackoff();
    private final AtomicInteger sleeps = new AtomicInteger();
    private final Random random = new Random(7);
    private final Retrier retrier =
            new Retrier(new RetryPolicy(10, backoff, false), d -> sleeps.incrementAndGet(), this::random);
    private final AtomicInteger rendezvous = new AtomicInteger();
    private UpdateOutcome u1;
    private UpdateOutcome u2;

    {
        Fixtures.seed(store, "");
    }

    private RandomGenerator random() {
        return random;
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
        r.r2 = backoff.attempts.get();
        r.r3 = backoff.conflicted.get();
        r.r4 = sleeps.get();
    }

    private static int attempts(UpdateOutcome u) {
        return u instanceof Updated up ? up.attempts() : -100;
    }

    /** Counts what the Retrier tells it, atomically; waits nothing. */
    static final class CountingBackoff implements io.casharness.store.Backoff {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger conflicted = new AtomicInteger();

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return Duration.ZERO;
        }

        @Override
        public void onAttempt(boolean conflict) {
            attempts.incrementAndGet();
            if (conflict) {
                conflicted.incrementAndGet();
            }
        }
    }
}
