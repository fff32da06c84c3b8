package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.fault.Faults;
import io.casharness.scenario.history.FaultEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Errors a fault caused are left out of the bound on errors, and only those: a store call that failed while it
 * overlapped an injection that did something. The same history without the fault, with a fault elsewhere in time,
 * or with an injection that did nothing, stays UNKNOWN — the negative controls.
 */
class CheckerFaultErrorsTest {
    private final Checker checker = Checker.builder().build(); // the default bound of 5 %, evidence required

    /** A register under a restart: two writes lost their connection (2 of 8 calls, 25 %), explained by assignment. */
    private static HistoryBuilder restartHistory() {
        HistoryBuilder h = new HistoryBuilder();
        h.create(0, "k", 1, 0, 1, "t0");
        h.read(1, "k", 1, 2, 3, "t0");
        h.casInfo(1, "k", 1, 4, 6, "t1");
        h.cas(2, "k", 1, 9, 5, 7, "t2");
        h.casInfo(2, "k", 9, 8, 10, "t3");
        h.read(0, "k", 12, 11, 12, "t3");
        h.cas(1, "k", 12, 15, 13, 14, "t4");
        h.read(3, "k", 15, 15, 16, "t4");
        return h;
    }

    private static FaultEvent restart(long start, long end, long count) {
        return fault("restart", start, end, count);
    }

    /** An event of one of the faults this build has, carrying what that fault declares. */
    private static FaultEvent fault(String kind, long start, long end, long count) {
        return Faults.byName(kind).event("postgres", start, end, kind + " injected", count, null);
    }

    private static FaultEvent fault(String kind, long start, long end, long count, boolean breaksConnections) {
        return new FaultEvent(kind, "postgres", start, end, kind + " injected", count, null, breaksConnections);
    }

    /**
     * A kill is over in an instant, but the connections it broke fail on their next use: a lost connection after
     * it, before the next injection starts, is its doing too. After a pause (which breaks no connection), or after
     * the next injection of another fault began, it is not.
     */
    @Test
    void aLostConnectionAfterAKillIsItsAftermathUntilTheNextInjection() {
        List<FaultEvent> killFirst = List.of(fault("kill", 1, 2, 16));
        Verdict afterKill = checker.check(restartHistory().history(), killFirst);
        assertThat(afterKill.result()).as(afterKill.summary()).isEqualTo(Verdict.Result.PASS);

        for (List<FaultEvent> faults :
                List.of(List.of(fault("pause", 1, 2, 3)), List.of(fault("kill", 1, 2, 16), fault("pause", 3, 3, 2)))) {
            Verdict v = checker.check(restartHistory().history(), faults);
            assertThat(v.result()).as(faults + ": " + v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
        }
    }

    /**
     * The checker asks the event, not the fault's name: a fault of any name that declares it breaks connections
     * excuses the lost connections after it; one that declares it does not — even one named {@code kill} — excuses
     * none (the negative control), so the history stays UNKNOWN on the bound.
     */
    @Test
    void theAftermathFollowsWhatTheEventSaysOfItsFaultNotItsName() {
        Verdict declared = checker.check(restartHistory().history(), List.of(fault("my-cut", 1, 2, 4, true)));
        assertThat(declared.result()).as(declared.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(declared.notes()).anyMatch(n -> n.startsWith("2 of the 2 errors were raised by calls that"));

        for (FaultEvent f : List.of(fault("my-delay", 1, 2, 4, false), fault("kill", 1, 2, 16, false))) {
            Verdict v = checker.check(restartHistory().history(), List.of(f));
            assertThat(v.result()).as(f + ": " + v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
            assertThat(v.notes())
                    .as(f.toString())
                    .anyMatch(n -> n.contains("2 of 8 store calls (25.0%) failed with an error, above the bound"))
                    .noneMatch(n -> n.contains("errors were raised by calls that overlapped"));
        }
    }

    @Test
    void errorsDuringAnInjectionAreExcusedAndTheHistoryPasses() {
        Verdict v = checker.check(restartHistory().history(), List.of(restart(3, 11, 1)));
        assertThat(v.result()).as(v.summary() + v.notes()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes()).anyMatch(n -> n.startsWith("2 of the 2 errors were raised by calls that overlapped"));
    }

    @Test
    void withoutTheFaultOrWithAFaultElsewhereOrOneThatDidNothingTheBoundStillHolds() {
        for (List<FaultEvent> faults :
                List.of(List.<FaultEvent>of(), List.of(restart(100, 200, 1)), List.of(restart(3, 11, 0)))) {
            Verdict v = checker.check(restartHistory().history(), faults);
            assertThat(v.result()).as(faults + ": " + v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
            assertThat(v.notes())
                    .as(faults.toString())
                    .anyMatch(n -> n.contains("2 of 8 store calls (25.0%) failed with an error, above the bound"));
        }
    }
}
