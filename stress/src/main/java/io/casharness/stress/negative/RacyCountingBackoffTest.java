package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.Backoff;
import io.casharness.store.Retrier;
import io.casharness.store.RetryPolicy;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.memory.MemoryCasStore;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.retry.RetrierSharedCountsTest: the same Retrier shared by two threads,
 * but the shared Backoff and Sleeper count with "volatile int ++" (a read and a write, not one atomic step), the
 * classic non-atomic counter. jcstress must observe counts that disagree with the outcomes (a lost increment). To
 * give the race a fair chance the updates conflict-free half of the time, every attempt is counted three times
 * over (three racing increments per attempt).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyCountingBackoffTest -m quick
 *
 * Result: see docs/stress.md (pasted from a real short-mode run).
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): Retrier with a Backoff counting on volatile int ++ loses counts")
@Outcome(id = "2, 2, 0, 0", expect = ACCEPTABLE, desc = "no overlap: one attempt each, nothing to retry")
@Outcome(id = "3, 3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "overlap: one conflict, one retry, one sleep")
@Outcome(expect = FORBIDDEN, desc = "the counts disagree: an attempt, conflict or sleep was lost or doubled")
@State
public class RacyCountingBackoffTest {
    private final MemoryCasStore store = Fixtures.newModel();
    private final PlainCountingBackoff backoff = new PlainCountingBackoff();
    private final Random random = new Random(7);
    private volatile int sleeps;
    private final Retrier retrier = new Retrier(new RetryPolicy(10, backoff, false), d -> sleeps++, this::random);
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
        u1 = retrier.update(store, Fixtures.KEY, Fixtures.append("x"));
    }

    @Actor
    public void actor2() {
        u2 = retrier.update(store, Fixtures.KEY, Fixtures.append("y"));
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r1 = attempts(u1) + attempts(u2);
        r.r2 = backoff.attempts / 3;
        r.r3 = backoff.conflicted;
        r.r4 = sleeps;
        if (backoff.attempts % 3 != 0) {
            r.r2 = -1; // a lost increment among the three per attempt
        }
    }

    private static int attempts(UpdateOutcome u) {
        return u instanceof Updated up ? up.attempts() : -100;
    }

    /** BROKEN: counts with read-then-write on volatile ints. */
    static final class PlainCountingBackoff implements Backoff {
        volatile int attempts;
        volatile int conflicted;

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return Duration.ZERO;
        }

        @Override
        @SuppressWarnings("NonAtomicOperationOnVolatileField") // the point of this negative control
        public void onAttempt(boolean conflict) {
            attempts++;
            attempts++;
            attempts++;
            if (conflict) {
                conflicted++;
            }
        }
    }
}
