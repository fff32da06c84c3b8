package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.check.HistorySimulator.Config;
import io.casharness.scenario.check.HistorySimulator.Fault;
import io.casharness.scenario.history.History;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Outcome;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: a history of the linearizable in-memory model, interleaved from a seed, passes; the same history with
 * one fault injected (a token dropped, a version duplicated, a read or two writes reordered, a write moved onto an
 * earlier base, a refusal of an existing key, a token read twice) fails with the right anomaly on the right key; a
 * store whose creates draw their version early fails with version-regressions, and only those, on the keys where it
 * showed; a store that re-applies updates fails with duplicate-applies only, one that answers NotFound for existing
 * keys with false-failures only, one that reports written updates Exhausted with false-failures (and reads of their
 * versions unexplained) only.
 */
class GeneratedHistoryCheckerTest {
    private static final Checker CHECKER = HistorySimulator.checker();

    static Stream<Long> seeds() {
        return LongStream.range(1, 9).boxed();
    }

    /** One simulation per seed, shared by the fault tests (each copies the ops before changing them). */
    private static final Map<Long, History> HISTORIES = new ConcurrentHashMap<>();

    private static History generate(long seed) {
        return HISTORIES.computeIfAbsent(seed, s -> HistorySimulator.generate(new Config(s, 4, 2, 40, 3000, 0.0, 4)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCorrectStoresHistoryPasses(long seed) {
        History h = generate(seed);
        Verdict v = CHECKER.check(h);
        assertThat(v.result()).as("seed %d: %s", seed, v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.contention().conflicts()).isPositive();
        assertThat(v.contention().conflictingPairs()).isPositive();
        assertThat(h.ops()).extracting(Op::type).contains(OpType.values());
        // the failure outcomes the false-failure rule judges occur, and none was flagged
        assertThat(h.ops()).extracting(Op::outcome).contains(Outcome.NOT_FOUND, Outcome.CONFLICT);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void indeterminateOpsNeverMakeACorrectHistoryFail(long seed) {
        History h = HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.05, 4));
        Verdict v = CHECKER.check(h);
        assertThat(v.anomalies()).as("seed %d: %s", seed, v.summary()).isEmpty();
        assertThat(v.result()).isIn(Verdict.Result.PASS, Verdict.Result.UNKNOWN);
        // one assignment of the info ops explains the history: no check is left undecided because of them (an
        // UNKNOWN here is for the evidence minimums only: the lost connections count as errors)
        assertThat(v.notes()).as("seed %d: %s", seed, v.summary()).noneMatch(n -> n.matches("unknown: \\d+ x .*"));
        assertThat(v.contention().infoOps()).isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDroppedAcknowledgedTokenIsALostUpdate(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        // the final read of an append key holding at least two tokens: drop one that is not its own version's
        int at = finalAppendRead(ops);
        Op read = ops.get(at);
        List<String> kept = new ArrayList<>(read.observed());
        kept.remove(0);
        ops.set(at, with(read, b -> b.observed(kept)));
        assertFinds(ops, AnomalyType.LOST_UPDATE, read.key(), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDuplicatedVersionIsFound(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        int first = firstIndex(ops, GeneratedHistoryCheckerTest::okWrite, 0);
        int second = firstIndex(
                ops, op -> okWrite(op) && op.key().equals(ops.get(first).key()), first + 1);
        long v = ops.get(first).writtenVersion();
        ops.set(second, with(ops.get(second), b -> b.writtenVersion(v)));
        // when a delete of the key came between, the second write re-created it at a deleted version: named once
        assertFinds(
                ops,
                AnomalyType.DUPLICATE_VERSION,
                AnomalyType.VERSIONS_RESTART,
                ops.get(first).key(),
                seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void twoWritesWithSwappedVersionsAreARegression(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        int[] pair = sequentialWrites(ops);
        Op w1 = ops.get(pair[0]);
        Op w2 = ops.get(pair[1]);
        ops.set(pair[0], with(w1, b -> b.writtenVersion(w2.writtenVersion())));
        ops.set(pair[1], with(w2, b -> b.writtenVersion(w1.writtenVersion())));
        assertFinds(ops, AnomalyType.VERSION_REGRESSION, AnomalyType.VERSIONS_RESTART, w1.key(), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aReadMovedBeforeAnAcknowledgedWriteIsStale(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        int[] pair = sequentialWrites(ops);
        Op w1 = ops.get(pair[0]);
        Op w2 = ops.get(pair[1]);
        // a read invoked after w2 completed, made to return w1's (older) version; when a delete came between, that
        // is a resurrection
        int r = firstIndex(
                ops,
                op -> op.type() == OpType.READ && op.key().equals(w2.key()) && op.invokeNanos() > w2.completeNanos(),
                pair[1] + 1);
        Op read = ops.get(r);
        ops.set(r, with(read, b -> b.readVersion(w1.writtenVersion()).observed(List.of(w1.token()))));
        Verdict v = CHECKER.check(History.of(ops));
        assertThat(v.anomalies())
                .as("seed %d: %s", seed, v.summary())
                .anyMatch(a -> (a.type() == AnomalyType.STALE_READ
                                || a.type() == AnomalyType.NON_MONOTONIC_READ
                                || a.type() == AnomalyType.RESURRECTION)
                        && a.key().equals(read.key())
                        && a.ops().contains(ops.get(r)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aWriteMovedOntoAnEarlierBaseIsALostUpdate(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        int[] pair = sequentialWrites(ops);
        Op w1 = ops.get(pair[0]);
        Op w2 = ops.get(pair[1]);
        long base = w1.readVersion();
        ops.set(pair[1], with(w2, b -> b.readVersion(base).expectedVersion(base)));
        assertFinds(ops, AnomalyType.LOST_UPDATE, w1.key(), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void failuresClaimingAnExistingKeyAbsentOrItsCurrentVersionStaleAreFalseFailures(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        // after the final read of a key found it, a replica is told NotFound, and Conflict on the version read
        Op read = ops.get(lastIndex(ops, op -> op.type() == OpType.READ && op.readVersion() > 0));
        long end = ops.stream().mapToLong(Op::completeNanos).max().orElseThrow();
        Op notFound = refused(read, OpType.UPDATE, Condition.MATCH_VERSION, 0, Outcome.NOT_FOUND, end + 1);
        Op conflict =
                refused(read, OpType.WRITE, Condition.MATCH_VERSION, read.readVersion(), Outcome.CONFLICT, end + 3);
        ops.add(notFound);
        ops.add(conflict);
        Verdict v = CHECKER.check(History.of(ops));
        assertThat(v.anomalies())
                .as("seed %d: %s", seed, v.summary())
                .filteredOn(a -> a.type() == AnomalyType.FALSE_FAILURE)
                .hasSize(2)
                .allMatch(a -> a.key().equals(read.key()))
                .anyMatch(a -> a.ops().contains(notFound))
                .anyMatch(a -> a.ops().contains(conflict));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTokenAppliedTwiceIsADuplicateApply(long seed) {
        List<Op> ops = new ArrayList<>(generate(seed).ops());
        // the final read of an append key holds one of its update's tokens twice (the update was re-applied)
        int at = finalAppendRead(ops);
        Op read = ops.get(at);
        String token = read.observed().get(read.observed().size() - 1);
        List<String> twice = new ArrayList<>(read.observed());
        twice.add(token);
        ops.set(at, with(read, b -> b.observed(twice)));
        Verdict v = CHECKER.check(History.of(ops));
        assertThat(v.anomalies())
                .as("seed %d: %s", seed, v.summary())
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.type()).isEqualTo(AnomalyType.DUPLICATE_APPLY);
                    assertThat(a.key()).isEqualTo(read.key());
                    assertThat(a.ops()).anyMatch(op -> token.equals(op.token()));
                });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void updatesAppliedTwiceAreDuplicateAppliesAndNothingElse(long seed) {
        assertEveryAnomaly(seed, Fault.REAPPLIED_UPDATES, a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.DUPLICATE_APPLY);
            assertThat(a.key()).startsWith(HistorySimulator.APPEND + "/");
            assertThat(a.ops()).anyMatch(op -> op.type() == OpType.UPDATE && op.status() == Status.OK);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void updatesToldNotFoundForAnExistingKeyAreFalseFailuresAndNothingElse(long seed) {
        assertEveryAnomaly(seed, Fault.FALSE_NOT_FOUND, a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.FALSE_FAILURE);
            assertThat(a.ops())
                    .last()
                    .satisfies(op -> assertThat(op.outcome()).isEqualTo(Outcome.NOT_FOUND))
                    .satisfies(op -> assertThat(op.key()).isEqualTo(a.key()));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void exhaustedUpdatesThatWereWrittenAreFalseFailuresOrUnexplainedVersionsAndNothingElse(long seed) {
        History h = HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.0, 4), Fault.EXHAUSTED_BUT_WRITTEN);
        Verdict v = CHECKER.check(h);
        // the token of a written Exhausted update is read unless a delete ended its incarnation: some always are
        assertThat(v.anomalies()).as("seed %d: %s", seed, v.summary()).anySatisfy(a -> {
            assertThat(a.why().reason()).isEqualTo("false-failure.refused-but-applied");
            assertThat(a.ops()).first().satisfies(op -> assertThat(op.outcome()).isEqualTo(Outcome.EXHAUSTED));
        });
        // its hidden write also makes the versions it produced unexplained, and a conflict with it look false
        assertEveryAnomaly(seed, Fault.EXHAUSTED_BUT_WRITTEN, a -> {
            assertThat(a.type()).isIn(AnomalyType.FALSE_FAILURE, AnomalyType.UNEXPLAINED_VERSION);
            assertThat(a.key()).startsWith(HistorySimulator.APPEND + "/");
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void readsPairingAVersionWithAnotherWritesValueAreTornReadsAndNothingElse(long seed) {
        assertEveryAnomaly(seed, Fault.TORN_READS, a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_READ);
            assertThat(a.key()).startsWith(HistorySimulator.REGISTER + "/");
            assertThat(a.ops())
                    .anySatisfy(op -> assertThat(op.type()).isEqualTo(OpType.READ))
                    .allSatisfy(op -> assertThat(op.key()).isEqualTo(a.key()));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void listsPairingAVersionWithAnotherWritesValueAreTornListsAndNothingElse(long seed) {
        assertEveryAnomaly(seed, Fault.TORN_LISTS, a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_LIST);
            assertThat(a.key()).startsWith(HistorySimulator.REGISTER + "/");
            assertThat(a.ops()).anySatisfy(op -> assertThat(op.type()).isEqualTo(OpType.LIST));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void createsDrawingTheirVersionEarlyAreVersionRegressionsAndNothingElseOnTheirKeys(long seed) {
        History h = HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.0, 4), Fault.EARLY_DRAWN_CREATES);
        Verdict v = CHECKER.check(h);
        if (overtakenEarlyCreates(h.ops()) > 0) {
            assertThat(regressions(v)).as("seed %d: %s", seed, v.summary()).isNotEmpty();
        }
        assertOnlyEarlyDrawnRegressions(seed, v);
    }

    /**
     * The control of the test above: the fault shows on the first seeds (on seed 2 no early-drawn create had its key
     * move above its version while it was in flight, so that history is a correct store's).
     */
    @Test
    void createsDrawingTheirVersionEarlyShowOnSevenOfTheFirstEightSeeds() {
        long showing = seeds().filter(seed -> overtakenEarlyCreates(HistorySimulator.generate(
                                        new Config(seed, 4, 2, 40, 3000, 0.0, 4), Fault.EARLY_DRAWN_CREATES)
                                .ops())
                        > 0)
                .count();
        assertThat(showing).isGreaterThanOrEqualTo(7);
    }

    /** Seeds 9-40, and the ones above on which this test once failed (53, 95: the checker; 67, 101, 112: the test). */
    static Stream<Long> moreSeeds() {
        return Stream.concat(LongStream.range(9, 41).boxed(), Stream.of(53L, 67L, 95L, 101L, 112L));
    }

    /**
     * Beyond the first seeds the fault does not always show: when no early-drawn create had its key move above its
     * version while it was in flight, the store behaved as a correct one would have on that key, and nothing may be
     * reported; when it did, the checker must find it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("moreSeeds")
    void createsDrawingTheirVersionEarlyAreFoundWheneverTheyShowAndNothingElseIs(long seed) {
        History h = HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.0, 4), Fault.EARLY_DRAWN_CREATES);
        Verdict v = CHECKER.check(h);
        if (overtakenEarlyCreates(h.ops()) > 0) {
            assertThat(regressions(v)).as("seed %d: %s", seed, v.summary()).isNotEmpty();
        }
        assertOnlyEarlyDrawnRegressions(seed, v);
    }

    private static List<Anomaly> regressions(Verdict v) {
        return v.anomalies().stream()
                .filter(a -> a.type() == AnomalyType.VERSION_REGRESSION)
                .toList();
    }

    /**
     * Every anomaly is a version-regression citing an early-drawn create: its double-create, resurrection, stale or
     * backwards reads, ABA and lost tokens are not reported apart.
     */
    private static void assertOnlyEarlyDrawnRegressions(long seed, Verdict v) {
        // the model's versions are reported x1000; only an early-drawn create's version is not a multiple
        assertThat(v.anomalies()).as("seed %d: %s", seed, v.summary()).allSatisfy(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.VERSION_REGRESSION);
            assertThat(a.ops()).anyMatch(op -> op.type() == OpType.CREATE && op.writtenVersion() % 1000 != 0);
        });
    }

    /**
     * Early-drawn creates (versions not a multiple of 1,000) during which an acknowledged op of their key completed
     * at a higher version: the ones whose version was out of order on their own key when they took effect.
     */
    private static long overtakenEarlyCreates(List<Op> ops) {
        Map<String, List<Op>> byKey = ops.stream().collect(Collectors.groupingBy(Op::key));
        return ops.stream()
                .filter(c -> c.type() == OpType.CREATE && c.status() == Status.OK && c.writtenVersion() % 1000 != 0)
                .filter(c -> byKey.get(c.key()).stream()
                        .anyMatch(o -> o != c
                                && o.status() == Status.OK
                                && Math.max(o.readVersion(), o.writtenVersion()) > c.writtenVersion()
                                && o.completeNanos() > c.invokeNanos()
                                && o.completeNanos() < c.completeNanos()))
                .count();
    }

    // ---------------------------------------------------------------- helpers

    /** A simulated store with {@code fault} fails, and every anomaly found satisfies {@code each}. */
    private static void assertEveryAnomaly(long seed, Fault fault, java.util.function.Consumer<Anomaly> each) {
        History h = HistorySimulator.generate(new Config(seed, 4, 2, 40, 3000, 0.0, 4), fault);
        Verdict v = CHECKER.check(h);
        assertThat(v.anomalies()).as("seed %d: %s", seed, v.summary()).isNotEmpty();
        assertThat(v.anomalies()).as("seed %d: %s", seed, v.summary()).allSatisfy(each);
    }

    private static void assertFinds(List<Op> ops, AnomalyType type, String key, long seed) {
        assertFinds(ops, type, type, key, seed);
    }

    /** {@code type}, or {@code orAcrossDelete} when a delete of the key came between the ops the fault changed. */
    private static void assertFinds(List<Op> ops, AnomalyType type, AnomalyType orAcrossDelete, String key, long seed) {
        Verdict v = CHECKER.check(History.of(ops));
        assertThat(v.result()).as("seed %d: %s", seed, v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies())
                .as("seed %d: %s", seed, v.summary())
                .anyMatch(a -> (a.type() == type || a.type() == orAcrossDelete)
                        && a.key().contains(key));
    }

    private static boolean okWrite(Op op) {
        return op.status() == Status.OK && op.isWrite() && op.writtenVersion() > 0;
    }

    /** Two ok match-version writes of one key from a base, the second invoked after the first completed. */
    private static int[] sequentialWrites(List<Op> ops) {
        for (int i = 0; i < ops.size(); i++) {
            Op a = ops.get(i);
            if (!okWrite(a) || a.condition() != Condition.MATCH_VERSION || a.readVersion() == 0) {
                continue;
            }
            for (int j = i + 1; j < ops.size(); j++) {
                Op b = ops.get(j);
                if (okWrite(b)
                        && b.key().equals(a.key())
                        && b.condition() == Condition.MATCH_VERSION
                        && b.invokeNanos() > a.completeNanos()) {
                    boolean readAfter = false;
                    for (int k = j + 1; k < ops.size() && !readAfter; k++) {
                        Op r = ops.get(k);
                        readAfter = r.type() == OpType.READ
                                && r.key().equals(b.key())
                                && r.invokeNanos() > b.completeNanos();
                    }
                    if (readAfter) {
                        return new int[] {i, j};
                    }
                    break;
                }
            }
        }
        throw new AssertionError("no two sequential writes of one key");
    }

    private static int firstIndex(List<Op> ops, java.util.function.Predicate<Op> p, int from) {
        for (int i = from; i < ops.size(); i++) {
            if (p.test(ops.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no op matches");
    }

    /** The last read of an append key that holds at least two tokens. */
    private static int finalAppendRead(List<Op> ops) {
        return lastIndex(
                ops,
                op -> op.type() == OpType.READ
                        && op.kind().equals(HistorySimulator.APPEND)
                        && op.observed().size() >= 2);
    }

    private static int lastIndex(List<Op> ops, java.util.function.Predicate<Op> p) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (p.test(ops.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no op matches");
    }

    /** A refused mutation of {@code like}'s key by a process of its own, invoked at {@code at}. */
    private static Op refused(Op like, OpType type, Condition c, long expected, Outcome outcome, long at) {
        return Op.of(type, like.kind(), like.id(), c)
                .process(Integer.MAX_VALUE - (int) (at & 0xFF), like.replica(), like.thread(), 0)
                .expectedVersion(expected)
                .outcome(outcome)
                .times(at, at + 1)
                .readVersion(expected)
                .token("refused-" + at)
                .build();
    }

    /** A copy of {@code op} with some fields changed. */
    private static Op with(Op op, UnaryOperator<Op.Builder> change) {
        return change.apply(op.toBuilder()).build();
    }
}
