package io.casharness.store.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Exhausted;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The negative control of the conformance suite itself: each deliberately broken store (the in-memory model behind
 * a decorator that commits one real-world mistake) is run through {@link CasStoreConformanceTest}, and the tests
 * named here must fail on it. A suite that passes a broken store proves nothing.
 *
 * <p>The broken suites are static nested classes, which Surefire does not pick up on its own (it excludes
 * {@code *$*}); they run here in a private launcher with Allure's listener off and the suite's Allure labels
 * disabled, so their intended failures stay out of the report (and off this test's own result). Each run prints every test that caught the bug.
 */
class ConformanceSuiteCatchesBrokenStoresTest {

    static Stream<Arguments> brokenStores() {
        return Stream.of(
                Arguments.of(
                        BlindMatchVersion.class,
                        Set.of(
                                "staleMatchVersionIsAConflictNamingTheCurrentVersionAndChangesNothing",
                                "matchVersionOnAnAbsentObjectIsAConflictAbsentAndCreatesNothing",
                                "aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject",
                                "racersOnOneReplicaMatchingOneVersionExactlyOneWins",
                                "racersOnSeveralReplicasMatchingOneVersionExactlyOneWins",
                                "readThenMatchVersionWriteUnderTheSameScheduleLosesNothing")),
                Arguments.of(
                        DeleteIgnoresVersion.class,
                        Set.of(
                                "conditionalDeleteDoesNotEraseANewerWrite",
                                "aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject")),
                Arguments.of(
                        LabelsLostOnCreate.class,
                        Set.of(
                                "mustCreateStoresTheObjectAndGetReturnsExactlyWhatWasWritten",
                                "labelsAreStoredOnCreateAndReplacedByAWrite",
                                "listFiltersByEveryFormOfLabelSelector",
                                "listPagesThroughASelectionCountingOnlyMatchingObjects")),
                Arguments.of(
                        StaleReads.class,
                        Set.of(
                                "updateAppliesTheMutationToTheStoredObjectOnTheFirstAttempt",
                                "updateRereadsAndReappliesAfterAConflictAndCountsTheAttempts",
                                "retryingIncrementsOnSeveralReplicasLoseNoUpdate")),
                Arguments.of(
                        UpdatesItsOwnStaleCopy.class,
                        Set.of(
                                "updateOnAReplicaThatLastSawAnOlderVersionAppliesToTheCurrentObject",
                                "retryingIncrementsOnSeveralReplicasLoseNoUpdate")),
                Arguments.of(
                        StalePayloadFreshVersion.class,
                        Set.of("readsRacingWritesReturnThePayloadLabelsAndVersionOfOneWrite")),
                Arguments.of(
                        UpdatedGoesBackwards.class,
                        Set.of(
                                "createdIsKeptOnUpdateAndUpdatedNeverGoesBack",
                                "unconditionalPutCreatesAndOverwritesWhateverIsStored")),
                Arguments.of(
                        CloseIsANoOp.class,
                        Set.of("aClosedReplicaRefusesEveryCallNamingItselfWhileOtherReplicasKeepWorking")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenStores")
    void theSuiteCatchesTheBrokenStore(Class<? extends CasStoreConformanceTest> suite, Set<String> mustFail) {
        Outcomes outcomes = run(suite);

        System.out.println("[conformance-control] " + suite.getSimpleName() + " caught by " + outcomes.failed.size()
                + " of " + (outcomes.failed.size() + outcomes.passed.size()) + " tests: " + outcomes.failed);
        assertThat(outcomes.passed)
                .as("tests that passed on %s", suite.getSimpleName())
                .isNotEmpty();
        assertThat(outcomes.failed)
                .as("tests that failed on the broken store %s", suite.getSimpleName())
                .containsAll(mustFail);
    }

    private static Outcomes run(Class<?> suite) {
        return SelfTestOnly.run(suite, new Outcomes());
    }

    /** Collects the method names of tests that failed and passed. */
    private static final class Outcomes implements TestExecutionListener {
        final Set<String> failed = new TreeSet<>();
        final Set<String> passed = ConcurrentHashMap.newKeySet();

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()
                    || !(id.getSource().orElse(null)
                            instanceof org.junit.platform.engine.support.descriptor.MethodSource m)) {
                return;
            }
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                passed.add(m.getMethodName());
            } else {
                failed.add(m.getMethodName());
            }
        }
    }

    /** Smaller concurrent workloads: enough to catch each bug, without the default counts. */
    @ExtendWith(SelfTestOnly.class)
    abstract static class BrokenSuite extends CasStoreConformanceTest {
        @Override
        protected ConcurrencyBudget budget() {
            return new ConcurrencyBudget(10, 8, 25, 4, 5, 5);
        }
    }

    private static Backend broken(String name, UnaryOperator<CasStore> decorator) {
        return new DecoratedBackend(new MemoryBackend(), name, decorator);
    }

    /** Treats {@code MatchVersion} as {@code Unconditional}: the lost update itself. */
    static final class BlindMatchVersion extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("blind-match-version", s -> new ForwardingCasStore(s) {
                @Override
                public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
                    return delegate.put(
                            spec,
                            condition instanceof WriteCondition.MatchVersion
                                    ? WriteCondition.unconditional()
                                    : condition);
                }
            });
        }
    }

    /** A conditional delete that deletes whatever is there: erases a newer write. */
    static final class DeleteIgnoresVersion extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("delete-ignores-version", s -> new ForwardingCasStore(s) {
                @Override
                public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
                    return delegate.delete(
                            key,
                            condition instanceof WriteCondition.MatchVersion
                                    ? WriteCondition.unconditional()
                                    : condition);
                }
            });
        }
    }

    /** Creates rows without their labels (an INSERT that forgets a column). */
    static final class LabelsLostOnCreate extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("labels-lost-on-create", s -> new ForwardingCasStore(s) {
                @Override
                public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
                    return delegate.put(
                            condition instanceof WriteCondition.MustCreate ? spec.withLabels(Map.of()) : spec,
                            condition);
                }
            });
        }
    }

    /** A read cache that is never invalidated: every read after the first of a key is stale. */
    static final class StaleReads extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("stale-reads", s -> new ForwardingCasStore(s) {
                private final Map<ObjectKey, StoredObject> cache = new ConcurrentHashMap<>();

                @Override
                public Optional<StoredObject> get(ObjectKey key) {
                    StoredObject cached = cache.get(key);
                    if (cached != null) {
                        return Optional.of(cached);
                    }
                    Optional<StoredObject> read = delegate.get(key);
                    read.ifPresent(o -> cache.putIfAbsent(key, o));
                    return read;
                }
            });
        }
    }

    /**
     * A basis cache trusted too far: {@code update} mutates the copy this replica saw last but conditions the write
     * on the version it reads now, so another replica's write in between is overwritten (a lost update).
     */
    static final class UpdatesItsOwnStaleCopy extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("updates-its-own-stale-copy", s -> new ForwardingCasStore(s) {
                private final Map<ObjectKey, StoredObject> seen = new ConcurrentHashMap<>();

                @Override
                public Optional<StoredObject> get(ObjectKey key) {
                    Optional<StoredObject> read = delegate.get(key);
                    read.ifPresent(o -> seen.putIfAbsent(key, o));
                    return read;
                }

                @Override
                public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
                    Optional<StoredObject> fresh = delegate.get(key);
                    if (fresh.isEmpty()) {
                        return new NotFound(key);
                    }
                    StoredObject basis = seen.computeIfAbsent(key, k -> fresh.get());
                    PutOutcome out = delegate.put(
                            mutation.apply(basis),
                            WriteCondition.matchVersion(fresh.get().resourceVersion()));
                    if (out instanceof Written w) {
                        seen.put(key, w.object());
                        return new Updated(w.object(), 1, 0);
                    }
                    return new Exhausted(key, 1, List.of((Conflict) out));
                }
            });
        }
    }

    /**
     * Reads the body from a cache and the version from the database (two sources for one object): a read pairs a
     * stale payload and labels with a fresh version.
     */
    static final class StalePayloadFreshVersion extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("stale-payload-fresh-version", s -> new ForwardingCasStore(s) {
                private final Map<ObjectKey, ObjectSpec> bodies = new ConcurrentHashMap<>();

                @Override
                public Optional<StoredObject> get(ObjectKey key) {
                    return delegate.get(key)
                            .map(o -> new StoredObject(
                                    bodies.computeIfAbsent(key, k -> o.spec()),
                                    o.resourceVersion(),
                                    o.createdAt(),
                                    o.updatedAt()));
                }
            });
        }
    }

    /**
     * Stamps each write a minute before the previous one: {@code updatedAt} goes back across writes and falls before
     * {@code createdAt} (a clock stepped back, or a timestamp column read in the wrong time zone).
     */
    static final class UpdatedGoesBackwards extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            AtomicLong calls = new AtomicLong();
            Clock backwards = new Clock() {
                @Override
                public Instant instant() {
                    return start.minus(Duration.ofMinutes(calls.getAndIncrement()));
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            };
            return new DecoratedBackend(
                    new MemoryBackend(),
                    "updated-goes-backwards",
                    o -> o.withClock(backwards),
                    UnaryOperator.identity());
        }
    }

    /** {@code close()} releases nothing and the replica keeps serving. */
    static final class CloseIsANoOp extends BrokenSuite {
        @Override
        protected Backend openBackend() {
            return broken("close-is-a-no-op", s -> new ForwardingCasStore(s) {
                @Override
                public void close() {}
            });
        }
    }
}
