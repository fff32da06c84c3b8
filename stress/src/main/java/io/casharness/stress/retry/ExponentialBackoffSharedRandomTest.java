package io.casharness.stress.retry;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.ExponentialBackoff;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Claim: one RetryPolicy's ExponentialBackoff, shared by threads that also share one random source (a
 * java.util.Random, as a user handing one seeded generator to every retrier would), never yields a negative delay
 * or one above its cap, for full and equal jitter, on every retry up to past the cap.
 *
 * r1, r2: 1 if every delay that actor drew was within [0, cap] (full jitter) and [cap/2, cap] (equal jitter), 0
 * otherwise.
 *
 * Negative control: io.casharness.stress.negative.RacyAdaptiveBackoffCapTest (a stateful backoff whose cap check
 * and cap write are two steps).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t ExponentialBackoffSharedRandomTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 72242 samples over 2 configurations):
 *   RESULT  SAMPLES      EXPECT  DESCRIPTION
 *     1, 1   72,242  ACCEPTABLE  every delay within its cap
 */
@JCStressTest
@Description("ExponentialBackoff with one shared Random: no negative or over-cap delays")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "every delay within its cap")
@Outcome(expect = FORBIDDEN, desc = "a delay was negative or above its cap")
@State
public class ExponentialBackoffSharedRandomTest {
    private final AtomicInteger start = new AtomicInteger();
    private static final ExponentialBackoff FULL =
            ExponentialBackoff.fullJitter(Duration.ofNanos(1_000), Duration.ofNanos(8_000));
    private static final ExponentialBackoff EQUAL = new ExponentialBackoff(
            Duration.ofNanos(1_000), Duration.ofNanos(8_000), 2.0, ExponentialBackoff.Jitter.EQUAL);

    private final Random shared = new Random(42);

    @Actor
    public void actor1(II_Result r) {
        Fixtures.rendezvous(start);
        r.r1 = drawWithinCaps(shared) ? 1 : 0;
    }

    @Actor
    public void actor2(II_Result r) {
        Fixtures.rendezvous(start);
        r.r2 = drawWithinCaps(shared) ? 1 : 0;
    }

    static boolean drawWithinCaps(Random random) {
        boolean ok = true;
        for (int retry = 1; retry <= 5; retry++) {
            long cap = FULL.capNanos(retry);
            long full = FULL.delayBefore(retry, random).toNanos();
            long equal = EQUAL.delayBefore(retry, random).toNanos();
            ok &= full >= 0 && full <= cap && equal >= cap / 2 && equal <= cap && cap <= 8_000;
        }
        return ok;
    }
}
