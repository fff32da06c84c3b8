package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.Backoff;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.retry.ExponentialBackoffSharedRandomTest (no over-cap delay): an
 * adaptive backoff, shared by two threads, that doubles its cap on every conflict "unless that would pass the
 * maximum". The check reads the cap and the doubling reads it again: between the two reads the other thread
 * doubles it, and the cap overshoots the maximum. volatile makes each read fresh; it does not make the pair atomic.
 *
 * r1, r2: the delay each actor then draws, in units of the initial cap (4 = the maximum). r3 (arbiter): the final
 * cap in the same units.
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyAdaptiveBackoffCapTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 255 forbidden of 53607 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   4, 4, 4   53,352  ACCEPTABLE  every delay and the final cap within the maximum
 *   4, 8, 8       86   FORBIDDEN  a delay or the cap above the maximum
 *   8, 4, 8       76   FORBIDDEN  a delay or the cap above the maximum
 *   8, 8, 8       93   FORBIDDEN  a delay or the cap above the maximum
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): adaptive backoff with check-then-double overshoots its maximum")
@Outcome(
        id = {"[1-4], [1-4], [1-4]"},
        expect = ACCEPTABLE,
        desc = "every delay and the final cap within the maximum")
@Outcome(expect = FORBIDDEN, desc = "a delay or the cap above the maximum")
@State
public class RacyAdaptiveBackoffCapTest {
    private final AtomicInteger start = new AtomicInteger();
    private static final long UNIT = 1_000;
    private final DoublingBackoff backoff = new DoublingBackoff(2 * UNIT, 4 * UNIT);

    @Actor
    public void actor1(III_Result r) {
        Fixtures.rendezvous(start);
        backoff.onAttempt(true);
        r.r1 = (int) (backoff.delayBefore(1, null).toNanos() / UNIT);
    }

    @Actor
    public void actor2(III_Result r) {
        Fixtures.rendezvous(start);
        backoff.onAttempt(true);
        r.r2 = (int) (backoff.delayBefore(1, null).toNanos() / UNIT);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = (int) (backoff.capNanos / UNIT);
    }

    /** BROKEN: check-then-act across two reads of a shared volatile field. */
    static final class DoublingBackoff implements Backoff {
        private final long maxNanos;
        volatile long capNanos;

        DoublingBackoff(long initialNanos, long maxNanos) {
            this.capNanos = initialNanos;
            this.maxNanos = maxNanos;
        }

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return Duration.ofNanos(capNanos);
        }

        @Override
        public void onAttempt(boolean conflicted) {
            if (conflicted && capNanos * 2 <= maxNanos) {
                capNanos = capNanos * 2;
            }
        }
    }
}
