package io.casharness.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.stress.Fixtures;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.retry.AdaptiveBackoffSharedWindowTest: the same window arithmetic
 * (doubling per conflict, capped), but each update is window.set(f(window.get())): an AtomicLong used as a box, each
 * access atomic, the read-modify-write not. jcstress must observe a final window below 16 us (a lost doubling).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t RacyWindowBackoffTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 7906 forbidden of 91644 samples over 2 configurations):
 *     RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   1, 1, 16   83,738  ACCEPTABLE  all four doublings kept; every delay within [0, max]
 *    1, 1, 4    7,230   FORBIDDEN  a window update was lost (or doubled)
 *    1, 1, 8      676   FORBIDDEN  a window update was lost (or doubled)
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): a backoff window updated by get() then set() loses doublings")
@Outcome(id = "1, 1, 16", expect = ACCEPTABLE, desc = "all four doublings kept; every delay within [0, max]")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "a window update was lost (or doubled)")
@Outcome(expect = FORBIDDEN, desc = "a delay was negative or above max")
@State
public class RacyWindowBackoffTest {
    private static final long MICROS = 1_000;
    private static final long MAX = 64 * MICROS;
    private final AtomicInteger start = new AtomicInteger();
    private final AtomicLong window = new AtomicLong(MICROS);

    /** BROKEN: read, compute, write back, with nothing making the three one step. */
    private void onConflict() {
        long w = window.get();
        window.set(Math.min(MAX, w * 2));
    }

    @Actor
    public void actor1(III_Result r) {
        Fixtures.rendezvous(start);
        onConflict();
        onConflict();
        r.r1 = window.get() <= MAX ? 1 : 0;
    }

    @Actor
    public void actor2(III_Result r) {
        Fixtures.rendezvous(start);
        onConflict();
        onConflict();
        r.r2 = window.get() <= MAX ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = (int) (window.get() / MICROS);
    }
}
