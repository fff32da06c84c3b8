package io.casharness.stress.retry;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.AdaptiveBackoff;
import io.casharness.stress.Fixtures;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Claim: AdaptiveBackoff's shared window loses no update when threads report attempts at once, and the delays it
 * hands out stay within [0, max] while the window moves. Window 1 us, doubling per conflict, max 64 us: each actor
 * reports two conflicts (four doublings in all, whatever the interleaving: 1 -> 16 us), then draws delays for
 * retries 1..4 from one shared java.util.Random.
 *
 * r1, r2: 1 if every delay that actor drew was within [0, 64 us]. r3 (arbiter): the final window in microseconds;
 * 16 unless a doubling was lost.
 *
 * Negative control: io.casharness.stress.negative.RacyWindowBackoffTest (the same window updated with get() then
 * set() instead of one atomic update).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t AdaptiveBackoffSharedWindowTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 67684 samples over 2 configurations):
 *     RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   1, 1, 16   67,684  ACCEPTABLE  all four doublings kept; every delay within [0, max]
 */
@JCStressTest
@Description("AdaptiveBackoff shared by two threads: no window update lost, no delay above max")
@Outcome(id = "1, 1, 16", expect = ACCEPTABLE, desc = "all four doublings kept; every delay within [0, max]")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "a window update was lost (or doubled)")
@Outcome(expect = FORBIDDEN, desc = "a delay was negative or above max")
@State
public class AdaptiveBackoffSharedWindowTest {
    static final long MICROS = 1_000;
    private final AtomicInteger start = new AtomicInteger();
    private final AdaptiveBackoff backoff = new AdaptiveBackoff(
            Duration.ofNanos(MICROS), Duration.ofNanos(MICROS), Duration.ofNanos(64 * MICROS), 2.0, 0.2);
    private final Random shared = new Random(11);

    @Actor
    public void actor1(III_Result r) {
        Fixtures.rendezvous(start);
        backoff.onAttempt(true);
        backoff.onAttempt(true);
        r.r1 = delaysWithinMax() ? 1 : 0;
    }

    @Actor
    public void actor2(III_Result r) {
        Fixtures.rendezvous(start);
        backoff.onAttempt(true);
        backoff.onAttempt(true);
        r.r2 = delaysWithinMax() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = (int) (backoff.windowNanos() / MICROS);
    }

    private boolean delaysWithinMax() {
        boolean ok = true;
        for (int retry = 1; retry <= 4; retry++) {
            long d = backoff.delayBefore(retry, shared).toNanos();
            ok &= d >= 0 && d <= 64 * MICROS;
        }
        return ok;
    }
}
