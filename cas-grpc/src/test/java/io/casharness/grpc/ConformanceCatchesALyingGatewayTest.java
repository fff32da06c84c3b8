package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.Written;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.conformance.ConcurrencyBudget;
import io.casharness.store.memory.MemoryBackend;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The negative control of {@link GrpcConformanceTest}: a gateway whose handler answers a lost race with success
 * (a service that catches its database's conflict and replies OK with the object as it is: the client believes its
 * write applied, and it did not) must fail the suite's conflict tests when served through the protocol. A mapping
 * that hid the difference, or a suite that never looked, would let it pass.
 *
 * <p>The broken suite is a nested class, which Surefire does not select; it runs here in a launcher of its own
 * ({@link #PARAMETER} set, Allure off), and disables itself when selected any other way. The handler, the condition,
 * the launcher and the list of tests that must catch it are public for the HTTP binding's control, which judges the
 * same mistake over the other wire.
 */
public class ConformanceCatchesALyingGatewayTest {
    static final String PARAMETER = "cas.grpc.selftest";

    /** The conformance tests a gateway that answers a lost race with success must fail, whatever the wire. */
    public static final List<String> MUST_CATCH = List.of(
            "staleMatchVersionIsAConflictNamingTheCurrentVersionAndChangesNothing",
            "matchVersionAheadOfTheStoredVersionIsAConflictToo",
            "aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject",
            "racersOnOneReplicaMatchingOneVersionExactlyOneWins",
            "racersOnSeveralReplicasMatchingOneVersionExactlyOneWins",
            "updateRereadsAndReappliesAfterAConflictAndCountsTheAttempts",
            "updateExhaustsWhenEveryAttemptConflictsNamingKeyVersionsAndAttempts",
            "retryingIncrementsOnSeveralReplicasLoseNoUpdate",
            "readThenMatchVersionWriteUnderTheSameScheduleLosesNothing");

    /** The handler: a conflict with a current version is answered as a write of the current object. */
    public static final class ConflictAsSuccess implements GatewayHandler {
        @Override
        public String mode() {
            return "conflict-as-success";
        }

        @Override
        public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
            PutOutcome o = GatewayHandler.super.update(store, spec, expectedVersion);
            if (o instanceof Conflict c && !c.isAbsent()) {
                return store.get(c.key()).<PutOutcome>map(Written::new).orElse(o);
            }
            return o;
        }
    }

    /** Enabled only inside this test's launcher. */
    public static final class OnlyHere implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(
                org.junit.jupiter.api.extension.ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ConformanceCatchesALyingGatewayTest")
                    : ConditionEvaluationResult.disabled("a gateway broken by design: runs only inside its self-test");
        }
    }

    @ExtendWith(OnlyHere.class)
    static final class LyingGatewaySuite extends CasStoreConformanceTest {
        @Override
        protected Backend openBackend() {
            return LocalGateways.start(new MemoryBackend(), 3, new ConflictAsSuccess());
        }

        @Override
        protected ConcurrencyBudget budget() {
            return new ConcurrencyBudget(10, 8, 25, 3, 5, 5);
        }
    }

    @Test
    void theSuiteFailsItsConflictTestsOnAGatewayThatAnswersAConflictWithSuccess() {
        Outcomes o = run(LyingGatewaySuite.class);

        System.out.println("[grpc-conformance-control] conflict-as-success caught by " + o.failed.size() + " of "
                + (o.failed.size() + o.passed.size()) + " tests: " + o.failed);
        assertThat(o.passed).as("tests that passed through the lying gateway").isNotEmpty();
        assertThat(o.failed).as("tests that failed through the lying gateway").containsAll(MUST_CATCH);
    }

    /**
     * Runs a suite guarded by {@link OnlyHere} in a launcher of its own (no listener or extension auto-detected,
     * Allure off) and says which of its tests failed and passed.
     */
    public static Outcomes run(Class<?> suite) {
        Outcomes o = new Outcomes();
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .build())
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(suite))
                                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                                .configurationParameter(CasStoreConformanceTest.ALLURE_PARAMETER, "false")
                                .configurationParameter(PARAMETER, "true")
                                .build(),
                        o);
        return o;
    }

    /** The method names of the tests that failed and passed. */
    public static final class Outcomes implements TestExecutionListener {
        final Set<String> failed = new TreeSet<>();
        final Set<String> passed = new TreeSet<>();

        public synchronized Set<String> failed() {
            return Collections.unmodifiableSortedSet(new TreeSet<>(failed));
        }

        public synchronized Set<String> passed() {
            return Collections.unmodifiableSortedSet(new TreeSet<>(passed));
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed).add(m.getMethodName());
            }
        }
    }
}
