package io.casharness.store.conformance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.Backend;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.LabelSelector;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.memory.MemoryBackend;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The suite on stores that block. A correct pessimistic store ({@link PessimisticBackend}: row locks, an update
 * holding its key's lock across the read-modify-write) passes with {@link Capability#NON_BLOCKING_WRITES} declared
 * absent, the tests that write the key from another replica inside a mutation skipped and named; the same store
 * claiming non-blocking writes fails exactly those tests, each by the timeout and not by hanging the run. A store
 * whose {@code list} of a next page never returns fails the paging tests within the bound while the rest of the run goes on.
 */
class ConformanceSuiteBoundsBlockingStoresTest {
    /** The tests whose mutation writes the key from another replica while the update runs. */
    static final Set<String> NEED_NON_BLOCKING_WRITES = Set.of(
            "updateRereadsAndReappliesAfterAConflictAndCountsTheAttempts",
            "updateExhaustsWhenEveryAttemptConflictsNamingKeyVersionsAndAttempts");

    /** Declares the truth: writes block while another replica holds the key. */
    static final class PessimisticDeclared extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            return new PessimisticBackend();
        }

        @Override
        protected Set<Capability> capabilities() {
            return EnumSet.complementOf(EnumSet.of(Capability.NON_BLOCKING_WRITES));
        }

        @Override
        protected Duration testTimeout() {
            return Duration.ofSeconds(60); // a hang fails the run instead of stalling it
        }
    }

    /** Claims non-blocking writes it does not have; a short bound, so that the deadlocks end quickly. */
    static final class PessimisticClaimingNonBlocking extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            return new PessimisticBackend();
        }

        @Override
        protected Duration testTimeout() {
            return Duration.ofSeconds(5);
        }
    }

    /** {@code list} of any page after the first waits forever (uninterruptibly) for a cursor that never comes. */
    static final class NextPageNeverComes extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            CountDownLatch never = new CountDownLatch(1);
            return new DecoratedBackend(new MemoryBackend(), "next-page-never-comes", s -> new ForwardingCasStore(s) {
                @Override
                public Page list(String kind, LabelSelector selector, PageRequest page) {
                    Page p = delegate.list(kind, selector, page); // bad arguments still throw at once
                    if (page.after().isEmpty()) {
                        return p;
                    }
                    boolean interrupted = false;
                    while (never.getCount() > 0) {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return p;
                }
            });
        }

        @Override
        protected Duration testTimeout() {
            return Duration.ofSeconds(3);
        }
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void aPessimisticStorePassesWithTheTestsThatNeedNonBlockingWritesSkippedAndNamed() {
        Outcomes o = run(PessimisticDeclared.class);
        System.out.println("[conformance-blocking] pessimistic, declared: " + o.passed.size() + " passed, "
                + o.skipped.size() + " skipped " + o.skipped.keySet() + ", failed " + o.failed);

        assertThat(o.failed).as("failed on a correct pessimistic store").isEmpty();
        assertThat(o.skipped).containsOnlyKeys(NEED_NON_BLOCKING_WRITES);
        assertThat(o.skipped.values())
                .allMatch(r -> r.equals(
                        "Assumption failed: needs NON_BLOCKING_WRITES, which PessimisticDeclared declares absent"));
        assertThat(o.passed).hasSizeGreaterThan(80);
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void thePessimisticStoreClaimingNonBlockingWritesFailsThoseTestsByTheTimeoutAndTheRunGoesOn() {
        Outcomes o = run(PessimisticClaimingNonBlocking.class);
        System.out.println("[conformance-blocking] pessimistic, claiming non-blocking writes: " + o.passed.size()
                + " passed, failed " + o.failed.keySet());

        assertThat(o.failed).containsKeys(NEED_NON_BLOCKING_WRITES.toArray(String[]::new));
        for (String test : NEED_NON_BLOCKING_WRITES) {
            assertThat(o.failed.get(test))
                    .startsWith(test + " did not finish within PT5S: the store did not answer (a lock held?");
        }
        assertThat(o.passed).as("tests run after the deadlocks").hasSizeGreaterThan(80);
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void aStoreWhoseNextPageNeverComesFailsThePagingTestsWithinTheBoundAndTheRunGoesOn() {
        Outcomes o = run(NextPageNeverComes.class);
        System.out.println("[conformance-blocking] next page never comes: " + o.passed.size() + " passed, failed "
                + o.failed.keySet());

        Set<String> listTests = Set.of(
                "listPagesThroughEveryObjectInIdOrderWithoutDuplicatesOrGaps",
                "listPagesThroughASelectionCountingOnlyMatchingObjects");
        assertThat(o.failed).containsKeys(listTests.toArray(String[]::new));
        for (String test : listTests) {
            assertThat(o.failed.get(test)).startsWith(test + " did not finish within PT3S");
        }
        assertThat(o.passed).as("tests run after the stuck ones").hasSizeGreaterThan(80);
    }

    /** {@code openBackend()} never returns (a database that accepts the connection and never answers). */
    static final class OpeningNeverEnds extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            CountDownLatch never = new CountDownLatch(1);
            while (never.getCount() > 0) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // uninterruptible, like a socket read without a timeout
                }
            }
            throw new AssertionError("unreachable");
        }

        @Override
        protected Duration testTimeout() {
            return Duration.ofSeconds(2);
        }
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void aBackendThatNeverOpensFailsTheClassWithinTheBoundNamingTheSetUp() {
        Map<String, String> containers = new TreeMap<>();
        SelfTestOnly.run(OpeningNeverEnds.class, new TestExecutionListener() {
            @Override
            public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isContainer() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                    containers.put(
                            id.getDisplayName(),
                            result.getThrowable().map(Throwable::getMessage).orElse(""));
                }
            }
        });
        System.out.println("[conformance-blocking] backend never opens: " + containers);

        String suite = ConformanceSuiteBoundsBlockingStoresTest.class.getSimpleName() + "$OpeningNeverEnds";
        assertThat(containers).containsOnlyKeys(suite);
        assertThat(containers.get(suite))
                .startsWith("openBackendOnce " + suite + " did not finish within PT2S: the store did not answer");
    }

    @Test
    void theBoundIsReadFromTheSystemPropertyAsSecondsOrAnIsoDurationAndABadValueIsRefusedNamingIt() {
        assertThat(CasStoreConformanceTest.parseTimeout("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(CasStoreConformanceTest.parseTimeout("PT5M")).isEqualTo(Duration.ofMinutes(5));
        for (String bad : new String[] {"0", "-5", "PT0S", "five", ""}) {
            assertThatThrownBy(() -> CasStoreConformanceTest.parseTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(CasStoreConformanceTest.TIMEOUT_PROPERTY
                            + " must be whole seconds or an ISO-8601 duration > 0, was '" + bad + "'");
        }
    }

    private static Outcomes run(Class<?> suite) {
        return SelfTestOnly.run(suite, new Outcomes());
    }

    /** Method names by outcome: failed ones with the message, skipped ones with the reason. */
    private static final class Outcomes implements TestExecutionListener {
        final Set<String> passed = new TreeSet<>();
        final Map<String, String> failed = new TreeMap<>();
        final Map<String, String> skipped = new TreeMap<>();

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest() || !(id.getSource().orElse(null) instanceof MethodSource m)) {
                return;
            }
            String message = result.getThrowable().map(String::valueOf).orElse("");
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.add(m.getMethodName() + " " + id.getDisplayName());
                case ABORTED -> skipped.put(m.getMethodName(), reason);
                case FAILED -> failed.merge(m.getMethodName(), reason == null ? message : reason, (a, b) -> a);
            }
        }
    }
}
