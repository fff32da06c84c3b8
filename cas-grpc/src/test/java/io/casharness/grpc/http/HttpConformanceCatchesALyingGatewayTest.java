package io.casharness.grpc.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.grpc.ConformanceCatchesALyingGatewayTest;
import io.casharness.grpc.ConformanceCatchesALyingGatewayTest.ConflictAsSuccess;
import io.casharness.grpc.ConformanceCatchesALyingGatewayTest.OnlyHere;
import io.casharness.grpc.ConformanceCatchesALyingGatewayTest.Outcomes;
import io.casharness.grpc.GatewayHandler;
import io.casharness.store.conformance.ConcurrencyBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The negative control of {@link HttpConformanceTest}: an HTTP gateway whose handler answers a lost race 200 OK with
 * the object as it is (the gRPC control's {@link ConflictAsSuccess}, over the other wire) must fail the suite's
 * conflict tests. A binding that turned a 409 into success, or a client that read a 200 without its version, would
 * let it pass. The broken suite is a nested class, run in a launcher of its own by the gRPC control's runner.
 */
class HttpConformanceCatchesALyingGatewayTest {
    @ExtendWith(OnlyHere.class)
    static final class LyingHttpGatewaySuite extends HttpConformanceTest {
        @Override
        protected GatewayHandler handler() {
            return new ConflictAsSuccess();
        }

        @Override
        protected ConcurrencyBudget budget() {
            return new ConcurrencyBudget(10, 8, 25, 3, 5, 5);
        }
    }

    @Test
    void theSuiteFailsItsConflictTestsOnAnHttpGatewayThatAnswersAConflictWithSuccess() {
        Outcomes o = ConformanceCatchesALyingGatewayTest.run(LyingHttpGatewaySuite.class);

        System.out.println("[http-conformance-control] conflict-as-success caught by "
                + o.failed().size() + " of " + (o.failed().size() + o.passed().size()) + " tests: " + o.failed());
        assertThat(o.passed()).as("tests that passed through the lying gateway").isNotEmpty();
        assertThat(o.failed())
                .as("tests that failed through the lying gateway")
                .containsAll(ConformanceCatchesALyingGatewayTest.MUST_CATCH);
    }
}
