package io.casharness.store;

import static io.casharness.store.WriteCondition.matchVersion;
import static io.casharness.store.WriteCondition.mustCreate;
import static io.casharness.store.WriteCondition.unconditional;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.casharness.store.memory.MemoryCasStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry loop without a database: the in-memory model behind a hand-written decorator that injects conflicts
 * (an interloper's write just before ours) and classified database errors, a sleeper that records instead of
 * sleeping, and a seeded random source. Every sleep is asserted exactly.
 */
class RetrierTest {
    private static final ObjectKey KEY = ObjectKey.of("widget", "a");
    private static final Duration MS = Duration.ofMillis(1);

    private final MemoryCasStore memory = MemoryCasStore.create();
    private final ScriptedStore store = new ScriptedStore(memory);
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper recordingSleeper = sleeps::add;
    private final RecordingBackoff noWait = new RecordingBackoff(Backoff.none());

    @BeforeEach
    void seed() {
        memory.put(ObjectSpec.of(KEY, bytes("0")), mustCreate());
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anUpdateWithoutContentionTakesOneAttemptAndNeverSleeps() {
        Updated u = (Updated) retrier(policy(5, noWait, true)).update(store, KEY, increment());

        assertThat(u.attempts()).isEqualTo(1);
        assertThat(u.conflicts()).isZero();
        assertThat(text(u.object())).isEqualTo("1");
        assertThat(sleeps).isEmpty();
        assertThat(noWait.conflicted).containsExactly(false);
    }

    @Test
    void attemptsCountTheFirstAndEachConflictBacksOffByTheCap() {
        store.beforePut.add(Fault.INTERLOPE);
        store.beforePut.add(Fault.INTERLOPE);
        RetryPolicy policy =
                policy(5, new ExponentialBackoff(ms(10), ms(100), 2.0, ExponentialBackoff.Jitter.NONE), true);

        Updated u = (Updated) retrier(policy).update(store, KEY, increment());

        assertThat(u.attempts()).isEqualTo(3);
        assertThat(u.conflicts()).isEqualTo(2);
        assertThat(text(u.object()))
                .as("applied to the interloper's value, not a stale one")
                .isEqualTo("3");
        assertThat(sleeps).containsExactly(ms(10), ms(20));
        assertThat(store.puts).isEqualTo(3);
    }

    @Test
    void fullJitterSleepsFollowTheSeededRandomSourceExactly() {
        for (int i = 0; i < 4; i++) {
            store.beforePut.add(Fault.INTERLOPE);
        }
        ExponentialBackoff backoff = ExponentialBackoff.fullJitter(ms(10), ms(35));

        Updated u = (Updated) new Retrier(policy(5, backoff, true), recordingSleeper, () -> new Random(42))
                .update(store, KEY, increment());

        Random replay = new Random(42);
        List<Duration> expected = new ArrayList<>();
        for (long capMs : new long[] {10, 20, 35, 35}) {
            expected.add(Duration.ofNanos(replay.nextLong(ms(capMs).toNanos() + 1)));
        }
        assertThat(u.attempts()).isEqualTo(5);
        assertThat(sleeps).containsExactlyElementsOf(expected);
        assertThat(sleeps).element(0).isNotEqualTo(ms(10)); // jitter happened
    }

    @Test
    void theRandomSourceIsAskedForOncePerUpdate() {
        AtomicInteger asked = new AtomicInteger();
        store.beforePut.add(Fault.INTERLOPE);
        Retrier retrier =
                new Retrier(policy(5, ExponentialBackoff.fullJitter(ms(1), ms(2)), true), recordingSleeper, () -> {
                    asked.incrementAndGet();
                    return new Random(1);
                });

        retrier.update(store, KEY, increment());
        retrier.update(store, KEY, increment());

        assertThat(asked).hasValue(2);
    }

    @Test
    void everyAttemptConflictingIsExhaustedWithNoSleepAfterTheLast() {
        for (int i = 0; i < 3; i++) {
            store.beforePut.add(Fault.INTERLOPE);
        }
        RetryPolicy policy = policy(3, new ExponentialBackoff(ms(1), ms(1), 1.0, ExponentialBackoff.Jitter.NONE), true);
        RecordingBackoff recording = new RecordingBackoff(policy.backoff());

        Exhausted e = (Exhausted) retrier(policy.withBackoff(recording)).update(store, KEY, increment());

        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.conflicts()).hasSize(3);
        assertThat(e.conflicts())
                .allSatisfy(c -> assertThat(c.currentVersion().getAsLong()).isEqualTo(c.expectedVersion() + 1));
        assertThat(sleeps).containsExactly(ms(1), ms(1));
        assertThat(recording.conflicted).containsExactly(true, true, true);
        assertThat(text(memory.get(KEY).orElseThrow()))
                .as("only the interloper's writes")
                .isEqualTo("3");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        store.beforePut.add(Fault.INTERLOPE);

        Exhausted e = (Exhausted) retrier(policy(1, noWait, true)).update(store, KEY, increment());

        assertThat(e.attempts()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aTransientWriteErrorIsRetriedWhenEnabled() {
        store.beforePut.add(Fault.TRANSIENT);

        Updated u = (Updated) retrier(policy(3, noWait, true)).update(store, KEY, increment());

        assertThat(u.attempts()).isEqualTo(2);
        assertThat(u.conflicts()).isZero();
        assertThat(sleeps).hasSize(1);
        assertThat(text(u.object())).isEqualTo("1");
    }

    @Test
    void aTransientReadErrorIsRetriedWhenEnabled() {
        store.beforeGet.add(Fault.TRANSIENT);

        Updated u = (Updated) retrier(policy(3, noWait, true)).update(store, KEY, increment());

        assertThat(u.attempts()).isEqualTo(2);
        assertThat(text(u.object())).isEqualTo("1");
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aTransientErrorIsRethrownAtOnceWhenRetryingIsDisabled() {
        store.beforePut.add(Fault.TRANSIENT);

        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> retrier(policy(5, noWait, false)).update(store, KEY, increment()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(e.getSuppressed()).isEmpty();
        assertThat(store.puts).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(text(memory.get(KEY).orElseThrow())).isEqualTo("0");
    }

    @Test
    void transientErrorsThatUseUpEveryAttemptAreRethrownWithTheEarlierOnesSuppressed() {
        for (int i = 0; i < 3; i++) {
            store.beforePut.add(Fault.TRANSIENT);
        }

        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> retrier(policy(3, noWait, true)).update(store, KEY, increment()));

        assertThat(e.getMessage()).contains("injected TRANSIENT #3");
        assertThat(e.getSuppressed())
                .extracting(Throwable::getMessage)
                .containsExactly(
                        "[TRANSIENT backend=memory sqlState=40001 code=0] injected TRANSIENT #1",
                        "[TRANSIENT backend=memory sqlState=40001 code=0] injected TRANSIENT #2");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void conflictsAndTransientErrorsShareTheAttemptBudget() {
        store.beforePut.add(Fault.TRANSIENT);
        store.beforePut.add(Fault.INTERLOPE);
        store.beforePut.add(Fault.INTERLOPE);

        Exhausted e = (Exhausted) retrier(policy(3, noWait, true)).update(store, KEY, increment());

        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.conflicts()).hasSize(2);
    }

    @Test
    void aLostConnectionIsNeverRetriedBecauseTheWriteMayHaveCommitted() {
        store.beforePut.add(Fault.CONNECTION_LOST);

        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> retrier(policy(5, noWait, true)).update(store, KEY, increment()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(store.puts).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aLostConnectionInTheReadStepIsAKnownOutcomeNothingWasInFlight() {
        // the first attempt loses its race, the retry's read loses the connection: no write of the update was
        // in flight, so it applied nothing, and a history must not record it as an unknown outcome
        store.beforePut.add(Fault.INTERLOPE);
        store.beforeGet.add(Fault.NONE);
        store.beforeGet.add(Fault.CONNECTION_LOST);

        StoreAccessException e = catchThrowableOfType(
                StoreAccessException.class,
                () -> retrier(policy(5, noWait, true)).update(store, KEY, increment()));

        assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e).hasMessageContaining("while reading, no write in flight");
        assertThat(e.getCause()).isInstanceOf(StoreAccessException.class).hasMessageContaining("injected");
        assertThat(store.puts).isEqualTo(1);
        assertThat(text(memory.get(KEY).orElseThrow()))
                .as("only the interloper's write")
                .isEqualTo("1");
    }

    @Test
    void aFatalErrorIsNotRetried() {
        store.beforeGet.add(Fault.FATAL);

        assertThatThrownBy(() -> retrier(policy(5, noWait, true)).update(store, KEY, increment()))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("FATAL");
        assertThat(store.gets).isEqualTo(1);
    }

    @Test
    void anInterruptWhileBackingOffStopsTheUpdateAndRestoresTheFlag() {
        store.beforePut.add(Fault.INTERLOPE);
        Sleeper interrupted = d -> {
            throw new InterruptedException("test interrupt");
        };

        CasStoreException e = catchThrowableOfType(
                CasStoreException.class,
                () -> new Retrier(policy(5, noWait, true), interrupted, Random::new).update(store, KEY, increment()));

        assertThat(e).hasMessage("interrupted while backing off before retry 1 of widget/a");
        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(text(memory.get(KEY).orElseThrow()))
                .as("only the interloper's write")
                .isEqualTo("1");
    }

    @Test
    void anAbsentObjectIsNotFoundAndTheMutationIsNeverCalled() {
        AtomicInteger calls = new AtomicInteger();
        ObjectKey ghost = ObjectKey.of("widget", "ghost");

        UpdateOutcome o = retrier(policy(3, noWait, true)).update(store, ghost, cur -> {
            calls.incrementAndGet();
            return cur.spec();
        });

        assertThat(o).isEqualTo(new NotFound(ghost));
        assertThat(calls).hasValue(0);
    }

    @Test
    void aMutationMustReturnASpecForTheSameKey() {
        Retrier retrier = retrier(policy(3, noWait, true));

        assertThatThrownBy(() -> retrier.update(store, KEY, cur -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("mutation returned null");
        assertThatThrownBy(() ->
                        retrier.update(store, KEY, cur -> ObjectSpec.of(ObjectKey.of("widget", "b"), bytes("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mutation must keep the key widget/a, returned a spec for widget/b");
        assertThat(store.puts).isZero();
    }

    @Test
    void argumentsAreRequired() {
        Retrier retrier = retrier(policy(3, noWait, true));
        assertThatThrownBy(() -> new Retrier(null, recordingSleeper, Random::new))
                .hasMessage("policy");
        assertThatThrownBy(() -> new Retrier(RetryPolicy.defaults(), null, Random::new))
                .hasMessage("sleeper");
        assertThatThrownBy(() -> new Retrier(RetryPolicy.defaults(), recordingSleeper, null))
                .hasMessage("random");
        assertThatThrownBy(() -> retrier.update((CasStore) null, KEY, increment()))
                .hasMessage("store");
        assertThatThrownBy(() -> retrier.update((UpdateSteps) null, KEY, increment()))
                .hasMessage("steps");
        assertThatThrownBy(() -> retrier.update(store, null, increment())).hasMessage("key");
        assertThatThrownBy(() -> retrier.update(store, KEY, null)).hasMessage("mutation");
        assertThat(Retrier.of(RetryPolicy.defaults()).policy()).isSameAs(RetryPolicy.defaults());
    }

    /** Steps over the scripted store with a cache and a write that returns what it lost to, counting reads. */
    private final class CachingSteps implements UpdateSteps {
        StoredObject cached;
        boolean returnCurrent = true;
        int reads;

        @Override
        public Optional<StoredObject> cached(ObjectKey key) {
            return Optional.ofNullable(cached);
        }

        @Override
        public Optional<StoredObject> read(ObjectKey key) {
            reads++;
            return store.get(key);
        }

        @Override
        public Step write(ObjectSpec next, StoredObject basis) {
            PutOutcome out = store.put(next, matchVersion(basis.resourceVersion()));
            if (out instanceof Conflict c && returnCurrent && c.currentVersion().isPresent()) {
                return new Step(c, memory.get(KEY).orElseThrow());
            }
            return Step.of(out);
        }
    }

    @Test
    void stepsStartFromTheCachedCopyAndRetryFromWhatTheLostWriteReturnedWithoutARead() {
        CachingSteps steps = new CachingSteps();
        steps.cached = memory.get(KEY).orElseThrow();
        store.beforePut.add(Fault.INTERLOPE);
        List<String> seen = new ArrayList<>();

        Updated u = (Updated) retrier(policy(5, noWait, true)).update(steps, KEY, cur -> {
            seen.add(text(cur));
            return increment().apply(cur);
        });

        assertThat(seen).containsExactly("0", "1");
        assertThat(text(u.object())).isEqualTo("2");
        assertThat(u.attempts()).isEqualTo(2);
        assertThat(u.conflicts()).isEqualTo(1);
        assertThat(steps.reads).isZero();
        assertThat(store.gets).isZero();
    }

    @Test
    void stepsRetryFromTheCacheWhenItIsNewerThanWhatTheLostWriteReturned() {
        CachingSteps steps = new CachingSteps();
        steps.cached = memory.get(KEY).orElseThrow();
        store.beforePut.add(Fault.INTERLOPE);
        List<String> seen = new ArrayList<>();
        Mutation mutation = cur -> {
            seen.add(text(cur));
            return increment().apply(cur);
        };
        // during the backoff another thread of the replica writes "20" and caches it: newer than the lost write's "1"
        Sleeper anotherThreadWrites =
                d -> steps.cached = ((Written) memory.put(ObjectSpec.of(KEY, bytes("20")), unconditional())).object();

        Updated u = (Updated) new Retrier(policy(5, noWait, true), anotherThreadWrites, () -> new Random(1))
                .update(steps, KEY, mutation);

        assertThat(seen).containsExactly("0", "20");
        assertThat(text(u.object())).isEqualTo("21");
        assertThat(steps.reads).isZero();
    }

    /** One conflict (INTERLOPE), then a first pause during which another replica writes "20". */
    private List<String> retryAfterAPauseWhileAnotherReplicaWrites(Duration pause, CachingSteps steps) {
        steps.cached = memory.get(KEY).orElseThrow();
        store.beforePut.add(Fault.INTERLOPE);
        AtomicInteger pauses = new AtomicInteger();
        Sleeper anotherReplicaWrites = d -> {
            if (pauses.getAndIncrement() == 0) {
                memory.put(ObjectSpec.of(KEY, bytes("20")), unconditional());
            }
        };
        List<String> seen = new ArrayList<>();
        new Retrier(policy(5, (retry, random) -> pause, true), anotherReplicaWrites, () -> new Random(1))
                .update(steps, KEY, cur -> {
                    seen.add(text(cur));
                    return increment().apply(cur);
                });
        return seen;
    }

    @Test
    void aRetryAfterAPauseLongerThanTheLostWriteReadsAfreshInsteadOfLosingToWritesMadeDuringThePause() {
        CachingSteps steps = new CachingSteps();

        List<String> seen = retryAfterAPauseWhileAnotherReplicaWrites(Duration.ofSeconds(1), steps);

        // the lost write returned "1", but after a 1 s pause the key is at "20": the retry reads it and wins
        assertThat(seen).containsExactly("0", "20");
        assertThat(steps.reads).isEqualTo(1);
    }

    @Test
    void withoutAPauseTheRetryStartsFromWhatTheLostWriteReturnedAndLosesToTheWriteMadeMeanwhile() {
        // the control of the test above: same conflicts, no pause, so no read and one more lost attempt
        CachingSteps steps = new CachingSteps();

        List<String> seen = retryAfterAPauseWhileAnotherReplicaWrites(Duration.ZERO, steps);

        assertThat(seen).containsExactly("0", "1", "20");
        assertThat(steps.reads).isZero();
    }

    @Test
    void stepsWithoutACacheOrACurrentObjectReadBeforeEveryAttempt() {
        CachingSteps steps = new CachingSteps();
        steps.returnCurrent = false;
        store.beforePut.add(Fault.INTERLOPE);

        Updated u = (Updated) retrier(policy(5, noWait, true)).update(steps, KEY, increment());

        assertThat(text(u.object())).isEqualTo("2");
        assertThat(steps.reads).isEqualTo(2);
    }

    @Test
    void aStepCarriesOnlyTheObjectItsConflictNames() {
        StoredObject at1 = memory.get(KEY).orElseThrow();
        long v = at1.resourceVersion();
        assertThatThrownBy(() -> new UpdateSteps.Step(Conflict.at(KEY, v + 5, v + 1), at1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v" + v);
        assertThatThrownBy(() -> new UpdateSteps.Step(Conflict.absent(KEY, v + 5), at1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new UpdateSteps.Step(Conflict.at(KEY, v + 5, v), at1).current())
                .isSameAs(at1);
    }

    // ---------------------------------------------------------------------------------------------------------

    private Retrier retrier(RetryPolicy policy) {
        return new Retrier(policy, recordingSleeper, () -> new Random(7));
    }

    private static RetryPolicy policy(int attempts, Backoff backoff, boolean retryTransient) {
        return new RetryPolicy(attempts, backoff, retryTransient);
    }

    private static Duration ms(long millis) {
        return MS.multipliedBy(millis);
    }

    private static Mutation increment() {
        return cur -> cur.spec().withPayload(bytes(Long.toString(Long.parseLong(text(cur)) + 1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String text(StoredObject o) {
        return new String(o.payload(), US_ASCII);
    }

    /** What to do just before a call reaches the model. */
    private enum Fault {
        /** Another writer bumps the version, so our MatchVersion write conflicts. */
        INTERLOPE,
        /** Nothing happens: a placeholder for a call that goes through. */
        NONE,
        TRANSIENT,
        CONNECTION_LOST,
        FATAL
    }

    /** The model with scripted faults before {@code get} and {@code put}. Single-threaded use. */
    private static final class ScriptedStore extends ForwardingCasStore {
        final Deque<Fault> beforeGet = new ArrayDeque<>();
        final Deque<Fault> beforePut = new ArrayDeque<>();
        int gets;
        int puts;
        int injected;

        ScriptedStore(CasStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<StoredObject> get(ObjectKey key) {
            gets++;
            inject(beforeGet.poll(), key);
            return delegate.get(key);
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            puts++;
            inject(beforePut.poll(), spec.key());
            return delegate.put(spec, condition);
        }

        private void inject(Fault fault, ObjectKey key) {
            if (fault == null || fault == Fault.NONE) {
                return;
            }
            if (fault == Fault.INTERLOPE) {
                StoredObject cur = delegate.get(key).orElseThrow();
                long next = Long.parseLong(text(cur)) + 1;
                delegate.put(cur.spec().withPayload(bytes(Long.toString(next))), unconditional());
                return;
            }
            injected++;
            ErrorClass c = ErrorClass.valueOf(fault.name());
            throw new StoreAccessException(c, "memory", "40001", 0, "injected " + c + " #" + injected, null);
        }
    }

    /** Wraps a backoff and records what {@link Backoff#onAttempt} was told. */
    private static final class RecordingBackoff implements Backoff {
        final Backoff inner;
        final List<Boolean> conflicted = new ArrayList<>();

        RecordingBackoff(Backoff inner) {
            this.inner = inner;
        }

        @Override
        public Duration delayBefore(int retry, RandomGenerator random) {
            return inner.delayBefore(retry, random);
        }

        @Override
        public void onAttempt(boolean wasConflict) {
            conflicted.add(wasConflict);
        }
    }
}
