package io.casharness.store.conformance;

import static io.casharness.store.WriteCondition.matchVersion;
import static io.casharness.store.WriteCondition.mustCreate;
import static io.casharness.store.WriteCondition.unconditional;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.casharness.store.AlreadyExists;
import io.casharness.store.Backend;
import io.casharness.store.Backoff;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.Exhausted;
import io.casharness.store.ExponentialBackoff;
import io.casharness.store.LabelSelector;
import io.casharness.store.Limits;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateExhaustedException;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite of the {@link CasStore} SPI, written once and run on every backend (and on the in-memory
 * model, which validates the model): every rule of the {@link CasStore} contract, plus the concurrency checks with
 * their negative control.
 *
 * <p>A backend joins by subclassing and saying how to open it:
 *
 * <pre>{@code
 * class SqliteConformanceTest extends CasStoreConformanceTest {
 *     @Override
 *     protected Backend openBackend() {
 *         return JdbcBackend.sqliteTemp();
 *     }
 * }
 * }</pre>
 *
 * <p>The backend is opened once per test class ({@code PER_CLASS} lifecycle) and {@link Backend#reset() reset}
 * before every test; every replica a test opens is closed after it. Optional hooks: {@link #budget()} (sizes of the
 * concurrent tests) and {@link #openReplica(Backend, StoreOptions)} (for example to give replicas small pools).
 * Every test (and its {@code @BeforeEach}/{@code @AfterEach}, and the class's opening and closing of the backend in
 * {@code @BeforeAll}/{@code @AfterAll}) runs on a thread of its own and fails after
 * {@link #testTimeout()} — by default {@value #DEFAULT_TIMEOUT_SECONDS} s, or the system property
 * {@value #TIMEOUT_PROPERTY} — even when a call into the store blocks and cannot be interrupted (a lock that is never
 * released): the failure names the test, the bound and where the test thread was stuck, and the run goes on. A
 * pessimistic store whose writes wait for another replica's read or update declares
 * {@link Capability#NON_BLOCKING_WRITES} absent in {@link #capabilities()}.
 * Throwing a JUnit assumption failure from {@link #openBackend()} skips the whole class (an external database that
 * is not configured). {@link #classContext()} gives {@code openBackend()} the class's {@code ExtensionContext}, for
 * resources kept in JUnit's store:
 *
 * <pre>{@code
 * class PostgresConformanceTest extends CasStoreConformanceTest {
 *     @Override
 *     protected Backend openBackend() {
 *         return EmbeddedPostgresExtension.backend(classContext());
 *     }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(CasStoreConformanceTest.SuiteExtension.class)
public abstract class CasStoreConformanceTest {
    protected static final String KIND = "widget";
    protected static final String OTHER_KIND = "gadget";
    private static final Duration AWAIT = Duration.ofSeconds(60);
    /**
     * The bound of every test, of its {@code @BeforeEach} and {@code @AfterEach}, and of opening and closing the
     * backend, unless overridden.
     */
    public static final long DEFAULT_TIMEOUT_SECONDS = 120;
    /**
     * System property overriding {@link #DEFAULT_TIMEOUT_SECONDS}: whole seconds ({@code 300}) or an ISO-8601
     * duration ({@code PT5M}), greater than zero.
     */
    public static final String TIMEOUT_PROPERTY = "cas.conformance.timeout";
    /**
     * How far from the wall clock a stored {@code createdAt}/{@code updatedAt} may be and still be plausible: a day
     * either way, generous for a database server whose clock is off, narrow enough to catch the epoch, a zero or a
     * value in the wrong unit.
     */
    public static final Duration PLAUSIBLE_CLOCK_SKEW = Duration.ofDays(1);
    /**
     * JUnit configuration parameter: {@code false} keeps the suite from writing Allure labels and attachments (when
     * it runs nested inside another test, which would otherwise receive them).
     */
    public static final String ALLURE_PARAMETER = "cas.conformance.allure";

    private Backend backend;
    private ExtensionContext classContext;
    private boolean allure = true;
    private final List<CasStore> opened = new ArrayList<>();
    private final List<CasStore> shared = new ArrayList<>();
    /**
     * The clock of every replica the suite opens; starts at the wall clock, stands still until a test moves it
     * forward, and is set back before each test. No test asserts a stored timestamp equal to it.
     */
    protected final MutableClock clock = MutableClock.startingNow();
    /** Replica {@code replica-1}: opened once per class (opening a pool is the slow part of a JDBC test). */
    protected CasStore store;

    /**
     * Opens the backend under test. Called once per test class; the suite closes it after the last test. May use
     * {@link #classContext()}, for example to share one database server between classes through JUnit's root store.
     */
    protected abstract Backend openBackend();

    /** The JUnit context of the test class, available from {@link #openBackend()} on. */
    protected final ExtensionContext classContext() {
        if (classContext == null) {
            throw new IllegalStateException("the class context is set before openBackend() is called, not earlier");
        }
        return classContext;
    }

    /** The sizes of the concurrent tests. Override to scale down a slow backend (keep the default racers and threads if you can). */
    protected ConcurrencyBudget budget() {
        return ConcurrencyBudget.DEFAULT;
    }

    /**
     * What the store under test implements beyond the core. Override to declare a capability absent: the tests that
     * need it are skipped (each says which capability), and the others put no names or labels and list nothing
     * where it is absent.
     *
     * @return every {@link Capability}; the default
     */
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** Skips the running test, naming the capability, unless the store has every one of {@code needed}. */
    protected final void requires(Capability... needed) {
        for (Capability c : needed) {
            Assumptions.assumeTrue(
                    has(c), () -> "needs " + c + ", which " + getClass().getSimpleName() + " declares absent");
        }
    }

    /** Whether the store under test has {@code capability}. */
    protected final boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * How long one test (and each of its {@code @BeforeEach} and {@code @AfterEach} methods, and opening or closing the
     * backend) may take before it fails as a store that did not answer. Override for a slow backend, or set {@value #TIMEOUT_PROPERTY}.
     *
     * @return the system property {@value #TIMEOUT_PROPERTY} if set, else {@value #DEFAULT_TIMEOUT_SECONDS} s
     * @throws IllegalArgumentException if the property is not a positive number of seconds or ISO-8601 duration
     */
    protected Duration testTimeout() {
        String value = System.getProperty(TIMEOUT_PROPERTY);
        return value == null ? Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS) : parseTimeout(value);
    }

    static Duration parseTimeout(String value) {
        Duration d;
        try {
            d = value.strip().matches("\\d+")
                    ? Duration.ofSeconds(Long.parseLong(value.strip()))
                    : Duration.parse(value.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(
                    TIMEOUT_PROPERTY + " must be whole seconds or an ISO-8601 duration > 0, was '" + value + "'");
        }
        return d;
    }

    /** How the suite opens a replica. Override to pass backend-specific options such as a small pool size. */
    protected CasStore openReplica(Backend backend, StoreOptions options) {
        return backend.openReplica(options);
    }

    @BeforeAll
    public void openBackendOnce() {
        backend = openBackend();
        System.out.println("[conformance] " + getClass().getSimpleName() + " on " + backend.describe());
        store = openReplica(backend, options("replica-1"));
    }

    @AfterAll
    public void closeBackend() {
        shared.forEach(CasStore::close);
        if (store != null) {
            store.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    public void startEmpty() {
        backend.reset();
        clock.reset();
    }

    /**
     * Hands {@link #classContext()} to the suite before {@link #openBackend()} runs, and labels each test's Allure
     * result with the backend. The label is set just before the test method rather than in {@code @BeforeEach}:
     * Allure reports a {@code @BeforeEach} as a fixture, and labels set there miss the test.
     */
    static final class SuiteExtension implements BeforeAllCallback, BeforeTestExecutionCallback, InvocationInterceptor {
        @Override
        public void interceptTestMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        @Override
        public void interceptTestTemplateMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        @Override
        public void interceptBeforeAllMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        @Override
        public void interceptAfterAllMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        @Override
        public void interceptBeforeEachMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        @Override
        public void interceptAfterEachMethod(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            bounded(invocation, call, context);
        }

        /**
         * Runs the invocation on a daemon thread of its own (a child of the JUnit thread, so thread-inherited
         * context such as Allure's follows it) and waits at most {@link #testTimeout()}. A store call that blocks
         * uninterruptibly keeps that thread, not the run: the thread is interrupted and abandoned.
         */
        private static void bounded(
                Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
                throws Throwable {
            Duration bound = call.getTarget()
                    .filter(CasStoreConformanceTest.class::isInstance)
                    .map(t -> ((CasStoreConformanceTest) t).testTimeout())
                    .orElse(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
            String what = call.getExecutable().getName()
                    + (context.getDisplayName().startsWith(call.getExecutable().getName())
                            ? ""
                            : " " + context.getDisplayName());
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread runner = new Thread(
                    () -> {
                        try {
                            done.complete(invocation.proceed());
                        } catch (Throwable t) {
                            done.completeExceptionally(t);
                        }
                    },
                    "conformance " + what);
            runner.setDaemon(true);
            runner.start();
            try {
                done.get(bound.toMillis(), MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (TimeoutException e) {
                StackTraceElement[] stuck = runner.getStackTrace();
                runner.interrupt();
                AssertionError timedOut = new AssertionError(what + " did not finish within " + bound
                        + ": the store did not answer (a lock held? a store whose writes wait for another replica's"
                        + " read or update declares NON_BLOCKING_WRITES absent; a slow one raises the bound with -D"
                        + TIMEOUT_PROPERTY + " or testTimeout())");
                Throwable where = new Throwable("where " + runner.getName() + " was when the bound ran out");
                where.setStackTrace(stuck);
                timedOut.initCause(where);
                throw timedOut;
            }
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getTestInstance()
                    .filter(CasStoreConformanceTest.class::isInstance)
                    .map(CasStoreConformanceTest.class::cast)
                    .ifPresent(t -> {
                        t.classContext = context;
                        t.allure = context.getConfigurationParameter(ALLURE_PARAMETER)
                                .map(Boolean::parseBoolean)
                                .orElse(true);
                    });
        }

        @Override
        public void beforeTestExecution(ExtensionContext context) {
            context.getTestInstance()
                    .filter(CasStoreConformanceTest.class::isInstance)
                    .map(CasStoreConformanceTest.class::cast)
                    .filter(t -> t.allure)
                    .ifPresent(t -> {
                        AllureSupport.label("backend", t.backend.name());
                        AllureSupport.parameter("backend", t.backend.describe());
                    });
        }
    }

    @AfterEach
    public void closeReplicas() {
        synchronized (opened) {
            opened.forEach(CasStore::close);
            opened.clear();
        }
    }

    /** The backend under test (open for the whole class). */
    protected final Backend backend() {
        return backend;
    }

    /** Opens a replica with the test clock and the default payload limit; closed after the test. */
    protected final CasStore replica(String name) {
        return replica(options(name));
    }

    /**
     * {@code n} replicas other than {@link #store}, each with its own pool, opened on first use and kept open for the
     * whole class (named {@code shared-1} ...).
     */
    protected final List<CasStore> sharedReplicas(int n) {
        while (shared.size() < n) {
            shared.add(openReplica(backend, options("shared-" + (shared.size() + 1))));
        }
        return List.copyOf(shared.subList(0, n));
    }

    private StoreOptions options(String name) {
        return new StoreOptions(name, Limits.DEFAULT_MAX_PAYLOAD_BYTES, clock);
    }

    /** Opens a replica with {@code options}; closed after the test. */
    protected final CasStore replica(StoreOptions options) {
        CasStore replica = openReplica(backend, options);
        synchronized (opened) {
            opened.add(replica);
        }
        return replica;
    }

    // ---------------------------------------------------------------------------------------------------------
    // MustCreate

    @Test
    public void mustCreateStoresTheObjectAndGetReturnsExactlyWhatWasWritten() {
        ObjectSpec spec = new ObjectSpec(
                key("a"),
                has(Capability.NAMES) ? "alpha" : null,
                has(Capability.LABELS) ? Map.of("env", "prod") : Map.of(),
                bytes("hello"));

        Written w = written(store.put(spec, mustCreate()));

        assertThat(w.key()).isEqualTo(key("a"));
        assertThat(w.version()).isGreaterThanOrEqualTo(1);
        assertThat(w.object().spec()).isEqualTo(spec);
        assertThat(store.get(key("a"))).contains(w.object());
        if (has(Capability.NAMES)) {
            assertThat(store.getByName(KIND, "alpha")).contains(w.object());
        }
    }

    @Test
    public void mustCreateOnATakenKeyIsAlreadyExistsKeyAndKeepsTheObject() {
        StoredObject a = create("a", "first");

        PutOutcome outcome = store.put(ObjectSpec.of(key("a"), bytes("second")), mustCreate());

        assertThat(outcome).isEqualTo(new AlreadyExists(key("a"), AlreadyExists.Constraint.KEY, key("a")));
        assertUnchanged(a);
    }

    @Test
    public void mustCreateOnATakenNameIsAlreadyExistsNameNamingTheHolder() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "alpha", "a"), mustCreate())).object();

        PutOutcome outcome = store.put(named("b", "alpha", "b"), mustCreate());

        assertThat(outcome).isEqualTo(new AlreadyExists(key("b"), AlreadyExists.Constraint.NAME, key("a")));
        assertThat(store.get(key("b"))).isEmpty();
        assertUnchanged(a);
        assertThat(store.getByName(KIND, "alpha")).contains(a);
    }

    @Test
    public void namesAreUniquePerKindOnly() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "alpha", "a"), mustCreate())).object();
        ObjectSpec gadget = new ObjectSpec(ObjectKey.of(OTHER_KIND, "a"), "alpha", Map.of(), bytes("g"));

        StoredObject g = written(store.put(gadget, mustCreate())).object();

        assertThat(store.getByName(KIND, "alpha")).contains(a);
        assertThat(store.getByName(OTHER_KIND, "alpha")).contains(g);
    }

    @Test
    public void everyConditionRefusesANameAnotherObjectHolds() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "alpha", "a"), mustCreate())).object();
        StoredObject b =
                written(store.put(named("b", "beta", "b"), mustCreate())).object();
        AlreadyExists nameTaken = new AlreadyExists(key("b"), AlreadyExists.Constraint.NAME, key("a"));

        assertThat(store.put(named("b", "alpha", "b2"), matchVersion(b.resourceVersion())))
                .isEqualTo(nameTaken);
        assertThat(store.put(named("b", "alpha", "b3"), unconditional())).isEqualTo(nameTaken);
        assertThat(store.put(named("c", "alpha", "c"), unconditional()))
                .isEqualTo(new AlreadyExists(key("c"), AlreadyExists.Constraint.NAME, key("a")));

        assertUnchanged(a);
        assertUnchanged(b);
        assertThat(store.get(key("c"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // MatchVersion

    @Test
    public void matchVersionOnTheCurrentVersionWritesAndReturnsTheVersionItProduced() {
        StoredObject v1 = create("a", "one");

        Written w = written(store.put(ObjectSpec.of(key("a"), bytes("two")), matchVersion(v1.resourceVersion())));

        assertThat(w.version()).isGreaterThan(v1.resourceVersion());
        StoredObject read = store.get(key("a")).orElseThrow();
        assertThat(read.resourceVersion()).isEqualTo(w.version());
        assertThat(read).isEqualTo(w.object());
        assertThat(text(read)).isEqualTo("two");
    }

    @Test
    public void staleMatchVersionIsAConflictNamingTheCurrentVersionAndChangesNothing() {
        StoredObject v1 = create("a", "one");
        StoredObject v2 = overwrite(v1, "two");

        PutOutcome outcome = store.put(ObjectSpec.of(key("a"), bytes("stale")), matchVersion(v1.resourceVersion()));

        assertThat(outcome).isEqualTo(Conflict.at(key("a"), v1.resourceVersion(), v2.resourceVersion()));
        assertUnchanged(v2);
    }

    @Test
    public void matchVersionAheadOfTheStoredVersionIsAConflictToo() {
        StoredObject v1 = create("a", "one");
        long ahead = v1.resourceVersion() + 1_000;

        assertThat(store.put(ObjectSpec.of(key("a"), bytes("x")), matchVersion(ahead)))
                .isEqualTo(Conflict.at(key("a"), ahead, v1.resourceVersion()));
        assertUnchanged(v1);
    }

    @Test
    public void matchVersionOnAnAbsentObjectIsAConflictAbsentAndCreatesNothing() {
        PutOutcome outcome = store.put(ObjectSpec.of(key("ghost"), bytes("x")), matchVersion(7));

        assertThat(outcome).isEqualTo(Conflict.absent(key("ghost"), 7));
        assertThat(((Conflict) outcome).isAbsent()).isTrue();
        assertThat(store.get(key("ghost"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Unconditional

    @Test
    public void unconditionalPutCreatesAndOverwritesWhateverIsStored() {
        Written created = written(store.put(ObjectSpec.of(key("a"), bytes("one")), unconditional()));
        StoredObject two = overwrite(created.object(), "two");
        clock.advance(Duration.ofSeconds(1));

        Written blind = written(store.put(ObjectSpec.of(key("a"), bytes("blind")), unconditional()));

        assertThat(blind.version()).isGreaterThan(created.version());
        if (has(Capability.TIMESTAMPS)) {
            assertLaterWrite(two, blind.object());
        }
        assertThat(store.get(key("a"))).contains(blind.object());
        assertThat(text(blind.object())).isEqualTo("blind");
    }

    // ---------------------------------------------------------------------------------------------------------
    // delete

    @Test
    public void deleteMatchingTheVersionRemovesTheObjectAndFreesItsName() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "alpha", "a"), mustCreate())).object();

        DeleteOutcome outcome = store.delete(key("a"), matchVersion(a.resourceVersion()));

        assertThat(outcome).isEqualTo(new Deleted(key("a"), a.resourceVersion()));
        assertThat(store.get(key("a"))).isEmpty();
        assertThat(store.getByName(KIND, "alpha")).isEmpty();
        assertThat(store.put(named("b", "alpha", "b"), mustCreate()).isWritten())
                .isTrue();
    }

    @Test
    public void conditionalDeleteDoesNotEraseANewerWrite() {
        StoredObject v1 = create("a", "one");
        StoredObject v2 = overwrite(v1, "newer");

        DeleteOutcome outcome = store.delete(key("a"), matchVersion(v1.resourceVersion()));

        assertThat(outcome).isEqualTo(Conflict.at(key("a"), v1.resourceVersion(), v2.resourceVersion()));
        assertUnchanged(v2);
    }

    @Test
    public void deleteOfAnAbsentObjectIsNotFound() {
        assertThat(store.delete(key("ghost"), matchVersion(3))).isEqualTo(new NotFound(key("ghost")));
        assertThat(store.delete(key("ghost"), unconditional())).isEqualTo(new NotFound(key("ghost")));
    }

    @Test
    public void unconditionalDeleteRemovesWhateverIsStored() {
        StoredObject v2 = overwrite(create("a", "one"), "two");

        assertThat(store.delete(key("a"), unconditional())).isEqualTo(new Deleted(key("a"), v2.resourceVersion()));
        assertThat(store.get(key("a"))).isEmpty();
        assertThat(store.delete(key("a"), unconditional())).isEqualTo(new NotFound(key("a")));
    }

    @Test
    public void deleteWithMustCreateIsIllegalAndKeepsTheObject() {
        StoredObject a = create("a", "one");

        assertThatThrownBy(() -> store.delete(key("a"), mustCreate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MustCreate");
        assertUnchanged(a);
    }

    // ---------------------------------------------------------------------------------------------------------
    // ABA, versions

    @Test
    public void aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject() {
        StoredObject v1 = create("a", "first life");
        StoredObject v2 = overwrite(v1, "first life, updated");
        assertThat(store.delete(key("a"), matchVersion(v2.resourceVersion())).getClass())
                .isEqualTo(Deleted.class);

        StoredObject reborn = create("a", "second life");

        if (backend.versionsRiseAcrossIncarnations()) {
            assertThat(reborn.resourceVersion()).isGreaterThan(v2.resourceVersion());
        } else {
            assertThat(reborn.resourceVersion())
                    .as("a re-created object's version (versions restart per incarnation but never repeat one)")
                    .isNotIn(v1.resourceVersion(), v2.resourceVersion());
        }
        for (StoredObject seen : List.of(v1, v2)) {
            long old = seen.resourceVersion();
            assertThat(store.put(ObjectSpec.of(key("a"), bytes("aba")), matchVersion(old)))
                    .isEqualTo(Conflict.at(key("a"), old, reborn.resourceVersion()));
            assertThat(store.delete(key("a"), matchVersion(old)))
                    .isEqualTo(Conflict.at(key("a"), old, reborn.resourceVersion()));
        }
        assertUnchanged(reborn);
    }

    @Test
    public void recreatedObjectsGetTheCreationTimeOfTheirNewLife() {
        requires(Capability.TIMESTAMPS);
        StoredObject v1 = create("a", "first");
        store.delete(key("a"), unconditional());
        clock.advance(Duration.ofSeconds(5));
        // A store that stamps with its own clock, perhaps to the second, must see time pass too: this is no timing
        // assertion, only the condition under which "a new life, a later createdAt" can be checked at all.
        sleep(Duration.ofMillis(1_100));

        StoredObject reborn = create("a", "second");

        assertPlausible(reborn);
        assertThat(reborn.createdAt())
                .as("createdAt of the recreated %s (the first life was created at %s)", reborn.key(), v1.createdAt())
                .isAfter(v1.createdAt());
    }

    /**
     * Per key, always: across deletes and re-creates (the contract), or within each incarnation and never repeated
     * where the backend says its versions restart per incarnation ({@link Backend#versionsRiseAcrossIncarnations()});
     * across keys only where the backend promises it ({@link Backend#versionsUniqueAcrossKeys()}: memory and
     * PostgreSQL, not SQLite).
     */
    @Test
    public void versionsRiseStrictlyPerKeyAndAreUniqueAcrossKeysWhereTheBackendSaysSo() {
        Map<ObjectKey, List<Long>> perKey = new LinkedHashMap<>();
        Map<ObjectKey, Integer> incarnation = new HashMap<>();
        Map<String, List<Long>> perIncarnation = new LinkedHashMap<>();
        List<Long> all = new ArrayList<>();
        Random random = new Random(42);
        List<String> ids = List.of("k1", "k2", "k3", "k4");
        for (int i = 0; i < 60; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            Optional<StoredObject> cur = store.get(key(id));
            PutOutcome out;
            if (cur.isPresent() && random.nextInt(5) == 0) {
                store.delete(key(id), matchVersion(cur.get().resourceVersion()));
                incarnation.merge(key(id), 1, Integer::sum);
                continue;
            } else if (cur.isPresent()) {
                out = store.put(
                        ObjectSpec.of(key(id), bytes("w" + i)),
                        matchVersion(cur.get().resourceVersion()));
            } else {
                out = store.put(ObjectSpec.of(key(id), bytes("c" + i)), mustCreate());
            }
            long v = written(out).version();
            perKey.computeIfAbsent(key(id), k -> new ArrayList<>()).add(v);
            perIncarnation
                    .computeIfAbsent(
                            key(id) + " incarnation " + incarnation.getOrDefault(key(id), 0), k -> new ArrayList<>())
                    .add(v);
            all.add(v);
        }

        assertThat(all).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        if (backend.versionsUniqueAcrossKeys()) {
            assertThat(all).doesNotHaveDuplicates();
        }
        if (backend.versionsRiseAcrossIncarnations()) {
            perKey.forEach((k, versions) -> assertThat(versions)
                    .as("versions of %s, across deletes and re-creates", k)
                    .isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates());
        } else {
            perIncarnation.forEach((k, versions) -> assertThat(versions)
                    .as("versions of %s", k)
                    .isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates());
            perKey.forEach((k, versions) -> assertThat(versions)
                    .as("versions of %s: they restart per incarnation, but one is never reissued", k)
                    .doesNotHaveDuplicates());
        }
    }

    /** A key updated far more often than the others is still re-created above its own last version. */
    @Test
    public void aKeyThatRanAheadOfTheOthersIsRecreatedAboveItsOwnLastVersion() {
        StoredObject a = create("a", "0");
        for (int i = 1; i <= 20; i++) {
            a = overwrite(a, Integer.toString(i));
        }
        create("b", "a newer key");
        assertThat(store.delete(key("a"), unconditional())).isEqualTo(new Deleted(key("a"), a.resourceVersion()));

        StoredObject reborn = create("a", "second life");

        if (!backend.versionsRiseAcrossIncarnations()) {
            // restarting per incarnation is declared: what must hold is that a version of the first life never
            // matches the second (aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject checks the conflict)
            assertThat(reborn.resourceVersion()).isNotEqualTo(a.resourceVersion());
            assertThat(store.put(ObjectSpec.of(key("a"), bytes("aba")), matchVersion(a.resourceVersion())))
                    .isEqualTo(Conflict.at(key("a"), a.resourceVersion(), reborn.resourceVersion()));
            return;
        }
        assertThat(reborn.resourceVersion()).isGreaterThan(a.resourceVersion());
        backend.reset();
        assertThat(create("a", "after reset").resourceVersion()).isGreaterThan(reborn.resourceVersion());
    }

    @Test
    public void versionsKeepRisingAcrossABackendReset() {
        StoredObject before = overwrite(create("a", "one"), "two");

        backend.reset();

        assertThat(store.get(key("a"))).isEmpty();
        StoredObject after = create("a", "after reset");
        if (backend.versionsRiseAcrossIncarnations()) {
            assertThat(after.resourceVersion()).isGreaterThan(before.resourceVersion());
        } else {
            assertThat(store.put(ObjectSpec.of(key("a"), bytes("aba")), matchVersion(before.resourceVersion())))
                    .as("a version from before the reset matches nothing after it")
                    .isEqualTo(Conflict.at(key("a"), before.resourceVersion(), after.resourceVersion()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // get, getByName, rename, labels

    @Test
    public void getAndGetByNameOfAbsentObjectsAreEmpty() {
        requires(Capability.NAMES);
        create("a", "x");

        assertThat(store.get(key("b"))).isEmpty();
        assertThat(store.get(ObjectKey.of(OTHER_KIND, "a"))).isEmpty();
        assertThat(store.getByName(KIND, "nobody")).isEmpty();
    }

    @Test
    public void renameFreesTheOldNameAndRemovingTheNameFreesIt() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "old", "a"), mustCreate())).object();

        StoredObject renamed = written(store.put(named("a", "new", "a"), matchVersion(a.resourceVersion())))
                .object();

        assertThat(store.getByName(KIND, "old")).isEmpty();
        assertThat(store.getByName(KIND, "new")).contains(renamed);
        StoredObject b =
                written(store.put(named("b", "old", "b"), mustCreate())).object();
        assertThat(store.getByName(KIND, "old")).contains(b);

        StoredObject unnamed = written(
                        store.put(ObjectSpec.of(key("a"), bytes("a")), matchVersion(renamed.resourceVersion())))
                .object();
        assertThat(unnamed.name()).isNull();
        assertThat(store.getByName(KIND, "new")).isEmpty();
        assertThat(store.put(named("c", "new", "c"), mustCreate()).isWritten()).isTrue();
    }

    @Test
    public void labelsAreStoredOnCreateAndReplacedByAWrite() {
        requires(Capability.LABELS);
        Map<String, String> labels =
                Map.of("env", "prod", "example.com/team", "blue", "empty", "", "tier", "web-1.2_x");
        StoredObject a = written(store.put(new ObjectSpec(key("a"), null, labels, bytes("a")), mustCreate()))
                .object();

        assertThat(a.labels()).isEqualTo(labels);
        assertThat(store.get(key("a")).orElseThrow().labels()).isEqualTo(labels);
        assertThat(list(KIND, LabelSelector.everything(), 10).get(0).labels()).isEqualTo(labels);

        StoredObject b = written(store.put(
                        new ObjectSpec(key("a"), null, Map.of("env", "dev"), bytes("a")),
                        matchVersion(a.resourceVersion())))
                .object();
        assertThat(store.get(key("a")).orElseThrow().labels()).isEqualTo(Map.of("env", "dev"));
        assertThat(b.labels()).isEqualTo(Map.of("env", "dev"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // list

    @Test
    public void listFiltersByEveryFormOfLabelSelector() {
        requires(Capability.LABELS, Capability.PAGING);
        labelled("a", Map.of("env", "prod", "tier", "web"));
        labelled("b", Map.of("env", "prod", "tier", "cache"));
        labelled("c", Map.of("env", "dev", "tier", "web", "owner", "x"));
        labelled("d", Map.of("env", "staging", "example.com/team", "blue"));
        labelled("e", Map.of());
        written(store.put(
                new ObjectSpec(ObjectKey.of(OTHER_KIND, "a"), null, Map.of("env", "prod"), bytes("g")), mustCreate()));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("", List.of("a", "b", "c", "d", "e"));
        expected.put("env=prod", List.of("a", "b"));
        expected.put("env==prod", List.of("a", "b"));
        expected.put("env!=prod", List.of("c", "d", "e"));
        expected.put("env in (dev,staging)", List.of("c", "d"));
        expected.put("env notin (prod)", List.of("c", "d", "e"));
        expected.put("owner", List.of("c"));
        expected.put("!owner", List.of("a", "b", "d", "e"));
        expected.put("example.com/team=blue", List.of("d"));
        expected.put("env=prod,tier!=cache", List.of("a"));
        expected.put("tier in (web), env notin (dev)", List.of("a"));
        expected.put("env,!tier", List.of("d"));
        expected.put("env=nowhere", List.of());
        expected.forEach((selector, ids) -> assertThat(ids(list(KIND, LabelSelector.parse(selector), 100)))
                .as("list %s with selector '%s'", KIND, selector)
                .containsExactlyElementsOf(ids));

        assertThat(ids(list(KIND, LabelSelector.matchingLabels(Map.of("env", "prod", "tier", "web")), 100)))
                .containsExactly("a");
        assertThat(ids(list(OTHER_KIND, LabelSelector.everything(), 100))).containsExactly("a");
    }

    @Test
    public void listPagesThroughEveryObjectInIdOrderWithoutDuplicatesOrGaps() {
        requires(Capability.PAGING);
        List<String> expected = IntStream.range(0, 23)
                .mapToObj(i -> String.format("item-%02d", i))
                .toList();
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(id -> create(id, id));

        for (int limit : new int[] {1, 5, 23, 100}) {
            List<Page> pages = pages(KIND, LabelSelector.everything(), limit);
            assertThat(pages.stream().flatMap(p -> ids(p.items()).stream()).toList())
                    .as("ids over all pages of size %d", limit)
                    .containsExactlyElementsOf(expected);
            assertThat(pages).as("pages of size %d", limit).hasSize((expected.size() + limit - 1) / limit);
            assertThat(pages.subList(0, pages.size() - 1))
                    .allSatisfy(p -> assertThat(p.items()).hasSize(limit));
        }
    }

    @Test
    public void listPagesThroughASelectionCountingOnlyMatchingObjects() {
        requires(Capability.LABELS, Capability.PAGING);
        for (int i = 0; i < 30; i++) {
            labelled(String.format("o%02d", i), Map.of("parity", i % 2 == 0 ? "even" : "odd"));
        }

        List<Page> pages = pages(KIND, LabelSelector.parse("parity=even"), 4);

        assertThat(pages.stream().flatMap(p -> ids(p.items()).stream()).toList())
                .containsExactlyElementsOf(IntStream.range(0, 30)
                        .filter(i -> i % 2 == 0)
                        .mapToObj(i -> String.format("o%02d", i))
                        .toList());
        assertThat(pages).hasSize(4);
    }

    @Test
    public void listOrdersIdsByCodePointRegardlessOfCaseAndPunctuation() {
        requires(Capability.PAGING);
        // a database collation that sorts case- or punctuation-insensitively would page these differently from
        // the model; ids are ASCII, so code-point order is byte order.
        List<String> ids = List.of("b", "B", "a", "A", "a-1", "a.1", "a_1", "a1", "Z9", "0", "a:1", "ab", "aB");
        ids.forEach(id -> create(id, id));
        List<String> expected = ids.stream().sorted().toList();

        assertThat(ids(list(KIND, LabelSelector.everything(), 100))).containsExactlyElementsOf(expected);
        assertThat(pages(KIND, LabelSelector.everything(), 3).stream()
                        .flatMap(p -> ids(p.items()).stream())
                        .toList())
                .containsExactlyElementsOf(expected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // payload, timestamps

    @Test
    public void binaryPayloadsRoundTripByteForByte() {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("every-byte", everyByte);
        payloads.put("zeros", new byte[64]);
        payloads.put("one-zero", new byte[] {0});
        payloads.put("empty", new byte[0]);
        payloads.put("high", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x7f});
        payloads.put("utf8-invalid", new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1});

        payloads.forEach((id, payload) -> {
            Written w = written(store.put(ObjectSpec.of(key(id), payload), mustCreate()));
            assertThat(w.object().payload()).as("written %s", id).isEqualTo(payload);
            assertThat(store.get(key(id)).orElseThrow().payload())
                    .as("read %s", id)
                    .isEqualTo(payload);
        });
        if (has(Capability.PAGING)) {
            assertThat(list(KIND, LabelSelector.everything(), 100))
                    .allSatisfy(o -> assertThat(o.payload())
                            .isEqualTo(payloads.get(o.key().id())));
        }

        StoredObject empty = store.get(key("empty")).orElseThrow();
        StoredObject refilled = written(
                        store.put(ObjectSpec.of(key("empty"), everyByte), matchVersion(empty.resourceVersion())))
                .object();
        written(store.put(ObjectSpec.of(key("empty"), new byte[0]), matchVersion(refilled.resourceVersion())));
        assertThat(store.get(key("empty")).orElseThrow().payload()).isEmpty();
    }

    @Test
    public void createdIsKeptOnUpdateAndUpdatedNeverGoesBack() {
        requires(Capability.TIMESTAMPS);
        StoredObject v1 = create("a", "one");
        assertPlausible(v1);

        clock.advance(Duration.ofMillis(1_500));
        StoredObject v2 = overwrite(v1, "two");
        clock.advance(Duration.ofMinutes(3));
        StoredObject v3 = store.update(key("a"), cur -> cur.spec().withPayload(bytes("three")), quickPolicy(3))
                .orThrow();
        StoredObject v4 = overwrite(v3, "four"); // the clock standing still: the same instant is allowed
        StoredObject v5 = written(sharedReplicas(1)
                        .get(0)
                        .put(v4.spec().withPayload(bytes("five")), matchVersion(v4.resourceVersion())))
                .object();

        assertLaterWrite(v1, v2);
        assertLaterWrite(v2, v3);
        assertLaterWrite(v3, v4);
        assertLaterWrite(v4, v5);
        assertThat(store.get(key("a"))).contains(v5);
    }

    /**
     * The timestamps of one object as the contract has them: {@code createdAt <= updatedAt}, both within
     * {@link #PLAUSIBLE_CLOCK_SKEW} of the wall clock. Never compared with the suite's clock: a store may stamp with
     * its database's.
     */
    protected static void assertPlausible(StoredObject o) {
        Instant now = Instant.now();
        Instant from = now.minus(PLAUSIBLE_CLOCK_SKEW);
        Instant to = now.plus(PLAUSIBLE_CLOCK_SKEW);
        assertThat(o.createdAt())
                .as(
                        "createdAt of %s v%d, within %s of the wall clock %s",
                        o.key(), o.resourceVersion(), PLAUSIBLE_CLOCK_SKEW, now)
                .isBetween(from, to);
        assertThat(o.updatedAt())
                .as(
                        "updatedAt of %s v%d, within %s of the wall clock %s",
                        o.key(), o.resourceVersion(), PLAUSIBLE_CLOCK_SKEW, now)
                .isBetween(from, to);
        assertThat(o.createdAt())
                .as("createdAt of %s v%d, not after its updatedAt %s", o.key(), o.resourceVersion(), o.updatedAt())
                .isBeforeOrEqualTo(o.updatedAt());
    }

    /**
     * {@code after} is a later write of the same life of the object {@code before} was: plausible, the same
     * {@code createdAt}, an {@code updatedAt} that did not go back.
     */
    protected static void assertLaterWrite(StoredObject before, StoredObject after) {
        assertPlausible(after);
        assertThat(after.createdAt())
                .as(
                        "createdAt of %s v%d, kept from v%d",
                        after.key(), after.resourceVersion(), before.resourceVersion())
                .isEqualTo(before.createdAt());
        assertThat(after.updatedAt())
                .as(
                        "updatedAt of %s v%d, never before v%d's %s",
                        after.key(), after.resourceVersion(), before.resourceVersion(), before.updatedAt())
                .isAfterOrEqualTo(before.updatedAt());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while letting the clock move", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // bad input

    /**
     * Every bad input the suite feeds a store, with the exception type and the words its message must carry. Where a
     * store throws (payload limit, {@code getByName} and {@code list} arguments) only the values are checked — the
     * offending value and the bound — never the wording; the other messages come from this API's own value types.
     */
    public Stream<Arguments> badInputs() {
        String longId = "i".repeat(Limits.MAX_ID_LENGTH + 1);
        String longKind = "k".repeat(Limits.MAX_KIND_LENGTH + 1);
        String longLabelName = "l".repeat(Limits.MAX_LABEL_NAME_LENGTH + 1);
        String longValue = "v".repeat(Limits.MAX_LABEL_VALUE_LENGTH + 1);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("env", null);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= Limits.MAX_LABELS; i++) {
            tooMany.put("l" + i, "v");
        }
        ObjectKey seed = key("seed");
        return Stream.of(
                bad(
                        "null id",
                        NullPointerException.class,
                        s -> s.put(spec(ObjectKey.of(KIND, null)), unconditional()),
                        "id"),
                bad("empty id", s -> s.put(spec(ObjectKey.of(KIND, "")), unconditional()), "id must not be blank"),
                bad(
                        "blank id",
                        s -> s.put(spec(ObjectKey.of(KIND, "  ")), unconditional()),
                        "id must not be blank",
                        "\"  \""),
                bad(
                        "oversized id",
                        s -> s.put(spec(ObjectKey.of(KIND, longId)), unconditional()),
                        "id must be at most 253",
                        "was 254"),
                bad(
                        "id with a space",
                        s -> s.put(spec(ObjectKey.of(KIND, "se ed")), unconditional()),
                        "\"se ed\"",
                        "allowed are"),
                bad(
                        "id with a leading dash",
                        s -> s.delete(ObjectKey.of(KIND, "-seed"), unconditional()),
                        "\"-seed\"",
                        "alphanumeric at both ends"),
                bad("null kind", NullPointerException.class, s -> s.get(ObjectKey.of(null, "seed")), "kind"),
                bad(
                        "upper-case kind",
                        s -> s.put(spec(ObjectKey.of("Widget", "seed")), unconditional()),
                        "\"Widget\"",
                        "lower-case"),
                bad("oversized kind", s -> s.get(ObjectKey.of(longKind, "seed")), "kind must be at most 63", "was 64"),
                bad(
                        "blank name",
                        s -> s.put(new ObjectSpec(seed, " ", Map.of(), bytes("x")), unconditional()),
                        "name must not be blank"),
                bad(
                        "oversized name",
                        s -> s.put(new ObjectSpec(seed, longId, Map.of(), bytes("x")), unconditional()),
                        "name must be at most 253",
                        "was 254"),
                bad(
                        "name with a slash",
                        s -> s.put(new ObjectSpec(seed, "a/b", Map.of(), bytes("x")), unconditional()),
                        "\"a/b\"",
                        "allowed are"),
                bad(
                        "label key with a space",
                        s -> s.put(labelledSpec(seed, Map.of("bad key", "v")), unconditional()),
                        "\"bad key\"",
                        "1 to 63"),
                bad(
                        "empty label key",
                        s -> s.put(labelledSpec(seed, Map.of("", "v")), unconditional()),
                        "label key \"\"",
                        "1 to 63"),
                bad(
                        "oversized label name",
                        s -> s.put(labelledSpec(seed, Map.of(longLabelName, "v")), unconditional()),
                        "\"" + longLabelName + "\"",
                        "1 to 63"),
                bad(
                        "label prefix not a DNS subdomain",
                        s -> s.put(labelledSpec(seed, Map.of("Example.com/x", "v")), unconditional()),
                        "\"Example.com\"",
                        "DNS subdomain",
                        "253"),
                bad(
                        "null label value",
                        s -> s.put(labelledSpec(seed, nullValue), unconditional()),
                        "\"env\"",
                        "null value"),
                bad(
                        "oversized label value",
                        s -> s.put(labelledSpec(seed, Map.of("env", longValue)), unconditional()),
                        "value \"vvv",
                        "at most 63"),
                bad(
                        "label value with a space",
                        s -> s.put(labelledSpec(seed, Map.of("env", "pr od")), unconditional()),
                        "\"pr od\"",
                        "at most 63"),
                bad(
                        "too many labels",
                        s -> s.put(labelledSpec(seed, tooMany), unconditional()),
                        "at most 64 labels",
                        "got 65"),
                bad("MatchVersion(0) put", s -> s.put(spec(seed), matchVersion(0)), ">= 1", "was 0"),
                bad("MatchVersion(-1) delete", s -> s.delete(seed, matchVersion(-1)), ">= 1", "was -1"),
                bad("MustCreate delete", s -> s.delete(seed, mustCreate()), "MustCreate"),
                bad("getByName with an invalid name", s -> s.getByName(KIND, "se ed"), "\"se ed\""),
                bad("getByName with an invalid kind", s -> s.getByName("Widget", "seed-name"), "\"Widget\""),
                bad(
                        "list of an invalid kind",
                        s -> s.list("wid get", LabelSelector.everything(), PageRequest.first(10)),
                        "\"wid get\""),
                bad(
                        "malformed selector",
                        s -> s.list(KIND, LabelSelector.parse("env in (a,b"), PageRequest.first(10)),
                        "\"env in (a,b\"",
                        "position 11"),
                bad(
                        "selector with an invalid value",
                        s -> s.list(KIND, LabelSelector.parse("env=a$b"), PageRequest.first(10)),
                        "\"env=a$b\"",
                        "position"),
                bad(
                        "oversized selector",
                        s -> s.list(KIND, LabelSelector.parse("a".repeat(4097)), PageRequest.first(10)),
                        "at most 4096",
                        "was 4097"),
                bad(
                        "page after an invalid id",
                        s -> s.list(KIND, LabelSelector.everything(), new PageRequest(10, Optional.of("no such id!"))),
                        "page after must be an object id",
                        "\"no such id!\""),
                bad(
                        "page after a blank id",
                        s -> s.list(KIND, LabelSelector.everything(), new PageRequest(10, Optional.of(""))),
                        "page after must be an object id",
                        "id must not be blank"),
                bad(
                        "page limit 0",
                        s -> s.list(KIND, LabelSelector.everything(), PageRequest.first(0)),
                        "between 1 and 10000",
                        "was 0"),
                bad(
                        "page limit above the bound",
                        s -> s.list(KIND, LabelSelector.everything(), PageRequest.first(Limits.MAX_PAGE_SIZE + 1)),
                        "between 1 and 10000",
                        "was 10001"),
                bad("null spec", NullPointerException.class, s -> s.put(null, unconditional()), "spec"),
                bad("null condition", NullPointerException.class, s -> s.put(spec(seed), null), "condition"),
                bad("null key to delete", NullPointerException.class, s -> s.delete(null, unconditional()), "key"),
                bad("null delete condition", NullPointerException.class, s -> s.delete(seed, null), "condition"),
                bad("null key to get", NullPointerException.class, s -> s.get(null), "key"),
                bad(
                        "null selector",
                        NullPointerException.class,
                        s -> s.list(KIND, null, PageRequest.first(1)),
                        "selector"),
                bad(
                        "null page",
                        NullPointerException.class,
                        s -> s.list(KIND, LabelSelector.everything(), null),
                        "page"),
                bad("null mutation", NullPointerException.class, s -> s.update(seed, null, quickPolicy(2)), "mutation"),
                bad(
                        "update whose mutation changes the key",
                        s -> s.update(seed, cur -> ObjectSpec.of(key("elsewhere"), bytes("x")), quickPolicy(2)),
                        "must keep the key widget/seed",
                        "widget/elsewhere"),
                bad(
                        "update whose mutation builds an invalid label",
                        s -> s.update(seed, cur -> cur.spec().withLabels(Map.of("env", "pr od")), quickPolicy(2)),
                        "\"pr od\""),
                bad(
                        "payload over the default limit",
                        s -> s.put(
                                new ObjectSpec(
                                        seed,
                                        has(Capability.NAMES) ? "seed-name" : null,
                                        Map.of(),
                                        new byte[Limits.DEFAULT_MAX_PAYLOAD_BYTES + 1]),
                                unconditional()),
                        "1048577",
                        "1048576"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    public void badInputIsRejectedNamingTheValueAndTheBoundAndNothingStoredChanges(
            String what, Class<? extends Throwable> type, StoreCall call, List<String> words) {
        if (what.startsWith("getByName")) {
            requires(Capability.NAMES);
        }
        if (what.startsWith("list")
                || what.contains("selector")
                || what.startsWith("page")
                || what.equals("null page")) {
            requires(Capability.PAGING);
        }
        List<StoredObject> before = seedForBadInput();

        Throwable thrown = catchThrowable(() -> call.run(store));

        assertThat(thrown).as(what).isInstanceOf(type);
        for (String word : words) {
            assertThat(thrown.getMessage()).as("message of: %s", what).contains(word);
        }
        assertStoreHolds(before);
    }

    @Test
    public void payloadsOverTheConfiguredLimitAreRejectedUnderEveryConditionAndNothingChanges() {
        CasStore small = replica(new StoreOptions("small-payloads", 16, clock));
        StoredObject atLimit = written(small.put(ObjectSpec.of(key("a"), new byte[16]), mustCreate()))
                .object();
        byte[] over = new byte[17];
        List<ThrowingCallable> calls = List.of(
                () -> small.put(ObjectSpec.of(key("a"), over), unconditional()),
                () -> small.put(ObjectSpec.of(key("a"), over), matchVersion(atLimit.resourceVersion())),
                () -> small.put(ObjectSpec.of(key("b"), over), mustCreate()),
                () -> small.update(key("a"), cur -> cur.spec().withPayload(over), quickPolicy(3)));

        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("17")
                    .hasMessageContaining("16");
            assertUnchanged(atLimit);
            assertThat(store.get(key("b"))).isEmpty();
        }
        CasStore none = replica(new StoreOptions("no-payloads", 0, clock));
        assertThat(none.put(ObjectSpec.of(key("c"), new byte[0]), mustCreate()).isWritten())
                .isTrue();
        assertThatThrownBy(() -> none.put(ObjectSpec.of(key("d"), new byte[1]), mustCreate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    // ---------------------------------------------------------------------------------------------------------
    // close

    @Test
    public void aClosedReplicaRefusesEveryCallNamingItselfWhileOtherReplicasKeepWorking() {
        CasStore doomed = replica("doomed-replica");
        StoredObject a = written(doomed.put(
                        has(Capability.NAMES) ? named("a", "alpha", "a") : ObjectSpec.of(key("a"), bytes("a")),
                        mustCreate()))
                .object();
        String description = doomed.describe();

        doomed.close();
        doomed.close();

        List<ThrowingCallable> calls = new ArrayList<>(List.of(
                () -> doomed.put(ObjectSpec.of(key("b"), bytes("b")), mustCreate()),
                () -> doomed.put(ObjectSpec.of(key("a"), bytes("x")), matchVersion(a.resourceVersion())),
                () -> doomed.delete(key("a"), unconditional()),
                () -> doomed.get(key("a")),
                () -> doomed.update(key("a"), cur -> cur.spec(), quickPolicy(2))));
        if (has(Capability.NAMES)) {
            calls.add(() -> doomed.getByName(KIND, "alpha"));
        }
        if (has(Capability.PAGING)) {
            calls.add(() -> doomed.list(KIND, LabelSelector.everything(), PageRequest.first(10)));
        }
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call)
                    .isInstanceOf(StoreClosedException.class)
                    .hasMessageContaining("doomed-replica")
                    .hasMessageContaining(description);
        }
        assertUnchanged(a);
        assertThat(store.get(key("b"))).isEmpty();
        assertThat(written(store.put(ObjectSpec.of(key("a"), bytes("still")), matchVersion(a.resourceVersion())))
                        .version())
                .isGreaterThan(a.resourceVersion());
        assertThat(sharedReplicas(1).get(0).get(key("a")).map(CasStoreConformanceTest::text))
                .contains("still");
    }

    // ---------------------------------------------------------------------------------------------------------
    // update with retry

    @Test
    public void updateAppliesTheMutationToTheStoredObjectOnTheFirstAttempt() {
        StoredObject v1 = create("a", "41");

        UpdateOutcome outcome = store.update(key("a"), increment(), quickPolicy(3));

        Updated u = (Updated) outcome;
        assertThat(u.attempts()).isEqualTo(1);
        assertThat(u.conflicts()).isZero();
        assertThat(text(u.object())).isEqualTo("42");
        assertThat(u.object().resourceVersion()).isGreaterThan(v1.resourceVersion());
        assertThat(store.get(key("a"))).contains(u.object());
        assertThat(store.update(key("a"), increment()).orThrow().payload()).isEqualTo(bytes("43"));
    }

    @Test
    public void updateRereadsAndReappliesAfterAConflictAndCountsTheAttempts() {
        requires(Capability.NON_BLOCKING_WRITES); // the mutation writes the key from another replica
        create("a", "10");
        CasStore other = sharedReplicas(1).get(0);
        List<String> seen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Mutation racingOnce = cur -> {
            seen.add(text(cur));
            if (calls.incrementAndGet() == 1) {
                written(other.put(cur.spec().withPayload(bytes("100")), matchVersion(cur.resourceVersion())));
            }
            return cur.spec().withPayload(bytes(Long.toString(counter(cur) + 1)));
        };

        Updated u = (Updated) store.update(key("a"), racingOnce, quickPolicy(5));

        assertThat(u.attempts()).isEqualTo(2);
        assertThat(u.conflicts()).isEqualTo(1);
        assertThat(seen).containsExactly("10", "100");
        assertThat(text(u.object())).isEqualTo("101");
        assertThat(store.get(key("a"))).contains(u.object());
    }

    /**
     * A replica that last saw an older version (stores may start an update from such a copy, see
     * {@code UpdateSteps}) must still apply the mutation to the current object: the version check turns the old copy
     * into a conflict and a retry, never into a write computed from it.
     */
    @Test
    public void updateOnAReplicaThatLastSawAnOlderVersionAppliesToTheCurrentObject() {
        create("a", "10");
        assertThat(store.get(key("a"))).isPresent(); // this replica has now seen "10"
        CasStore other = sharedReplicas(1).get(0);
        Updated byOther = (Updated) other.update(
                key("a"), cur -> cur.spec().withPayload(bytes(Long.toString(counter(cur) + 5))), quickPolicy(5));
        assertThat(text(byOther.object())).isEqualTo("15");

        Updated u = (Updated) store.update(
                key("a"), cur -> cur.spec().withPayload(bytes(Long.toString(counter(cur) + 1))), quickPolicy(5));

        assertThat(text(u.object())).isEqualTo("16");
        assertThat(u.object().resourceVersion()).isGreaterThan(byOther.object().resourceVersion());
        assertThat(u.attempts()).isBetween(1, 2);
        assertThat(u.conflicts()).isEqualTo(u.attempts() - 1);
        assertThat(store.get(key("a"))).contains(u.object());
        assertThat(other.get(key("a"))).contains(u.object());
    }

    @Test
    public void updateOfAnAbsentObjectIsNotFoundWithoutCallingTheMutation() {
        AtomicInteger calls = new AtomicInteger();

        UpdateOutcome outcome = store.update(
                key("ghost"),
                cur -> {
                    calls.incrementAndGet();
                    return cur.spec();
                },
                quickPolicy(3));

        assertThat(outcome).isEqualTo(new NotFound(key("ghost")));
        assertThat(calls).hasValue(0);
        assertThat(store.get(key("ghost"))).isEmpty();
        assertThatThrownBy(outcome::orThrow).hasMessageContaining("widget/ghost");
    }

    @Test
    public void updateExhaustsWhenEveryAttemptConflictsNamingKeyVersionsAndAttempts() {
        requires(Capability.NON_BLOCKING_WRITES); // the mutation writes the key from another replica
        create("a", "0");
        CasStore other = sharedReplicas(1).get(0);
        List<Long> read = new ArrayList<>();
        List<Long> interloped = new ArrayList<>();
        Mutation racingAlways = cur -> {
            read.add(cur.resourceVersion());
            interloped.add(written(other.put(
                            cur.spec().withPayload(bytes("interloper-" + read.size())),
                            matchVersion(cur.resourceVersion())))
                    .version());
            return cur.spec().withPayload(bytes("mine"));
        };

        UpdateOutcome outcome = store.update(key("a"), racingAlways, quickPolicy(3));

        Exhausted e = (Exhausted) outcome;
        assertThat(e.key()).isEqualTo(key("a"));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.conflicts()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(e.conflicts().get(i)).isEqualTo(Conflict.at(key("a"), read.get(i), interloped.get(i)));
        }
        assertThat(e.toString()).contains("widget/a", "3 attempts", "v" + read.get(2), "v" + interloped.get(2));
        assertThatThrownBy(outcome::orThrow)
                .isInstanceOf(UpdateExhaustedException.class)
                .hasMessageContaining("widget/a")
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("v" + interloped.get(2));
        StoredObject now = store.get(key("a")).orElseThrow();
        assertThat(text(now)).isEqualTo("interloper-3");
        assertThat(now.resourceVersion()).isEqualTo(interloped.get(2));
    }

    /**
     * An update that keeps the name and one that changes it (SQLite writes them with different statements): each
     * returns exactly what a read then returns, and the name index follows.
     */
    @Test
    public void updatesThatKeepOrChangeTheNameReturnWhatAReadReturns() {
        requires(Capability.NAMES, Capability.TIMESTAMPS);
        StoredObject a =
                written(store.put(named("a", "old", "a"), mustCreate())).object();
        clock.advance(Duration.ofSeconds(1));

        StoredObject kept =
                ((Updated) store.update(key("a"), cur -> cur.spec().withPayload(bytes("a2")), quickPolicy(3))).object();

        assertThat(store.get(key("a"))).contains(kept);
        assertThat(store.getByName(KIND, "old")).contains(kept);
        assertThat(kept.createdAt()).isEqualTo(a.createdAt());
        assertThat(kept.resourceVersion()).isGreaterThan(a.resourceVersion());

        StoredObject renamed =
                ((Updated) store.update(key("a"), cur -> cur.spec().withName("new"), quickPolicy(3))).object();

        assertThat(store.get(key("a"))).contains(renamed);
        assertThat(store.getByName(KIND, "old")).isEmpty();
        assertThat(store.getByName(KIND, "new")).contains(renamed);
        assertThat(renamed.createdAt()).isEqualTo(a.createdAt());
    }

    @Test
    public void updateThatRenamesOntoATakenNameIsAlreadyExistsAndChangesNothing() {
        requires(Capability.NAMES);
        StoredObject a =
                written(store.put(named("a", "alpha", "a"), mustCreate())).object();
        StoredObject b =
                written(store.put(named("b", "beta", "b"), mustCreate())).object();

        UpdateOutcome outcome = store.update(key("b"), cur -> cur.spec().withName("alpha"), quickPolicy(3));

        assertThat(outcome).isEqualTo(new AlreadyExists(key("b"), AlreadyExists.Constraint.NAME, key("a")));
        assertUnchanged(a);
        assertUnchanged(b);
    }

    @Test
    public void aThrowingMutationAbortsTheUpdateAndChangesNothing() {
        StoredObject a = create("a", "x");

        assertThatThrownBy(() -> store.update(
                        key("a"),
                        cur -> {
                            throw new IllegalStateException("mutation refuses");
                        },
                        quickPolicy(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mutation refuses");
        assertUnchanged(a);
    }

    // ---------------------------------------------------------------------------------------------------------
    // concurrency

    @Test
    public void racersOnSeveralReplicasMatchingOneVersionExactlyOneWins() throws Exception {
        List<CasStore> replicas = sharedReplicas(budget().replicas());
        raceOneVersion(IntStream.range(0, budget().racers())
                .mapToObj(i -> replicas.get(i % replicas.size()))
                .toList());
    }

    @Test
    public void racersOnOneReplicaMatchingOneVersionExactlyOneWins() throws Exception {
        raceOneVersion(Collections.nCopies(budget().racers(), store));
    }

    private void raceOneVersion(List<CasStore> replicas) throws Exception {
        int n = replicas.size();
        StoredObject v0 = create("hot", "v0");
        CyclicBarrier start = new CyclicBarrier(n);
        long t0 = System.nanoTime();

        List<PutOutcome> outcomes = runThreads(n, i -> () -> {
            start.await(AWAIT.toSeconds(), SECONDS);
            return replicas.get(i)
                    .put(ObjectSpec.of(key("hot"), bytes("racer-" + i)), matchVersion(v0.resourceVersion()));
        });

        List<Written> wins = outcomes.stream()
                .filter(Written.class::isInstance)
                .map(Written.class::cast)
                .toList();
        assertThat(wins).as("winners among %s", outcomes).hasSize(1);
        Written win = wins.get(0);
        assertThat(outcomes.stream().filter(Conflict.class::isInstance).toList())
                .hasSize(n - 1)
                .allSatisfy(c -> assertThat(c).isEqualTo(Conflict.at(key("hot"), v0.resourceVersion(), win.version())));
        StoredObject last = store.get(key("hot")).orElseThrow();
        assertThat(last.resourceVersion()).isEqualTo(win.version());
        assertThat(last).isEqualTo(win.object());
        report(
                "%d racers on %d distinct replica(s): 1 winner (%s at v%d), %d conflicts, %d ms",
                n,
                new HashSet<>(replicas).size(),
                text(last),
                win.version(),
                n - 1,
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    public void retryingIncrementsOnSeveralReplicasLoseNoUpdate() throws Exception {
        ConcurrencyBudget b = budget();
        StoredObject v0 = create("counter", "0");
        List<CasStore> replicas = sharedReplicas(b.replicas());
        RetryPolicy policy = new RetryPolicy(
                b.maxAttempts(), ExponentialBackoff.fullJitter(Duration.ofNanos(50_000), Duration.ofMillis(2)), true);
        IncrementLedger ledger = new IncrementLedger();
        ConcurrentLinkedQueue<Exhausted> exhausted = new ConcurrentLinkedQueue<>();
        LongAdder conflicts = new LongAdder();
        CyclicBarrier start = new CyclicBarrier(b.threads());
        long t0 = System.nanoTime();

        runThreads(b.threads(), t -> () -> {
            CasStore replica = replicas.get(t % replicas.size());
            start.await(AWAIT.toSeconds(), SECONDS);
            for (int i = 0; i < b.incrementsPerThread(); i++) {
                UpdateOutcome o = replica.update(key("counter"), increment(), policy);
                if (o instanceof Updated u) {
                    ledger.acknowledged(counter(u.object()), u.object().resourceVersion(), "thread-" + t);
                    conflicts.add(u.conflicts());
                } else if (o instanceof Exhausted e) {
                    exhausted.add(e);
                    conflicts.add(e.conflicts().size());
                } else {
                    fail("unexpected outcome of an increment: " + o);
                }
            }
            return null;
        });

        long ms = (System.nanoTime() - t0) / 1_000_000;
        StoredObject last = store.get(key("counter")).orElseThrow();
        List<String> violations = ledger.violations(counter(last), last.resourceVersion());
        report(
                "%d threads x %d increments on %d replicas (maxAttempts %d): %d updated, %d exhausted, %d conflicts, "
                        + "final counter %d at v%d (from v%d), %d ms",
                b.threads(),
                b.incrementsPerThread(),
                b.replicas(),
                b.maxAttempts(),
                ledger.size(),
                exhausted.size(),
                conflicts.sum(),
                counter(last),
                last.resourceVersion(),
                v0.resourceVersion(),
                ms);
        if (!exhausted.isEmpty()) {
            String lines = exhausted.stream().map(Exhausted::toString).collect(Collectors.joining("\n"));
            System.out.println("[conformance] exhausted updates:\n" + lines);
            if (allure) {
                AllureSupport.attachText("exhausted updates", lines);
            }
        }
        assertThat(violations).as("anomalies of the increments").isEmpty();
        assertThat(counter(last)).isEqualTo(ledger.size());
        assertThat(ledger.size() + exhausted.size()).isEqualTo(b.threads() * b.incrementsPerThread());
        // a store that cannot make progress (stale reads, a stuck row) exhausts nearly every update without
        // losing any. A sound store exhausts few (38 of 1600 on PostgreSQL on a 2-core machine at load 20), so half
        // is a bound that catches the one without flaking on the other
        assertThat(exhausted.size())
                .as("exhausted updates of %d", b.threads() * b.incrementsPerThread())
                .isLessThan(b.threads() * b.incrementsPerThread() / 2);
        assertThat(exhausted).allSatisfy(e -> assertThat(e.attempts()).isEqualTo(b.maxAttempts()));
    }

    /**
     * Reads (get and list) racing writes never mix two writes: the payload, the labels and the version a read
     * returns all come from one write. Every write puts the same token in its payload and in a label and records
     * the version it was given; a read must show equal tokens and a version whose write carried that token. A pass
     * of reads before the writers start and one after they stop make a store that pairs a stale payload with a
     * fresh version fail deterministically; torn reads in between are caught when the race hits them.
     */
    @Test
    public void readsRacingWritesReturnThePayloadLabelsAndVersionOfOneWrite() throws Exception {
        requires(Capability.LABELS, Capability.PAGING);
        ConcurrencyBudget b = budget();
        int keys = 4;
        int writesPerWriter = 25;
        Map<String, String> tokenOfVersion = new ConcurrentHashMap<>(); // by key@version: versions may be per key
        for (int k = 0; k < keys; k++) {
            String token = "create-" + k;
            Written w = written(store.put(tokened(key("torn-" + k), token), mustCreate()));
            tokenOfVersion.put(key("torn-" + k) + "@" + w.version(), token);
        }
        List<CasStore> replicas = sharedReplicas(b.replicas());
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        CountDownLatch writersDone = new CountDownLatch(b.replicas());
        CyclicBarrier start = new CyclicBarrier(b.replicas() + 2);
        RetryPolicy policy = new RetryPolicy(
                b.maxAttempts(), ExponentialBackoff.fullJitter(Duration.ofNanos(50_000), Duration.ofMillis(2)), true);
        int threads = b.replicas() + 2;

        runThreads(threads, t -> () -> {
            if (t >= b.replicas()) { // a reader
                CasStore reader = t == b.replicas() ? store : replicas.get(0);
                checkReads(reader, keys, tokenOfVersion, torn, reads); // before any write
                start.await(AWAIT.toSeconds(), SECONDS);
                do {
                    checkReads(reader, keys, tokenOfVersion, torn, reads);
                    // interrupted: runThreads gave up on a stuck writer, and a reader must not spin on forever
                } while (writersDone.getCount() > 0
                        && torn.size() < 20
                        && !Thread.currentThread().isInterrupted());
                return null;
            }
            CasStore writer = replicas.get(t);
            Random random = new Random(t);
            start.await(AWAIT.toSeconds(), SECONDS);
            try {
                for (int i = 0; i < writesPerWriter; i++) {
                    String token = "w" + t + "-" + i;
                    ObjectKey k = key("torn-" + random.nextInt(keys));
                    UpdateOutcome o = writer.update(k, cur -> tokened(k, token), policy);
                    if (o instanceof Updated u) {
                        tokenOfVersion.put(k + "@" + u.object().resourceVersion(), token);
                    }
                }
            } finally {
                writersDone.countDown();
            }
            return null;
        });
        checkReads(store, keys, tokenOfVersion, torn, reads); // after every write

        report(
                "%d writers x %d writes racing 2 readers on %d keys: %d objects read, %d torn",
                b.replicas(), writesPerWriter, keys, reads.get(), torn.size());
        assertThat(torn).as("reads that mixed two writes").isEmpty();
    }

    private static ObjectSpec tokened(ObjectKey key, String token) {
        return new ObjectSpec(key, null, Map.of("token", token), bytes(token));
    }

    private void checkReads(
            CasStore reader,
            int keys,
            Map<String, String> tokenOfVersion,
            ConcurrentLinkedQueue<String> torn,
            AtomicLong reads) {
        List<StoredObject> seen = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            reader.get(key("torn-" + k)).ifPresent(seen::add);
        }
        seen.addAll(reader.list(KIND, LabelSelector.parse("token"), PageRequest.first(100))
                .items());
        for (StoredObject o : seen) {
            reads.incrementAndGet();
            String payloadToken = text(o);
            String labelToken = o.labels().get("token");
            // a write's version is recorded after it returns: wait for it rather than call it unknown
            String versionToken = waitForToken(tokenOfVersion, o.key() + "@" + o.resourceVersion());
            if (!payloadToken.equals(labelToken) || !payloadToken.equals(versionToken)) {
                torn.add(o.key() + " v" + o.resourceVersion() + ": payload " + payloadToken + ", label " + labelToken
                        + ", the write of v" + o.resourceVersion() + " wrote " + versionToken);
            }
        }
    }

    private static String waitForToken(Map<String, String> tokenOfVersion, String version) {
        String token = tokenOfVersion.get(version);
        if (token != null) {
            return token;
        }
        return Awaitility.await("the writer of " + version + " to record its token")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> tokenOfVersion.get(version), Objects::nonNull);
    }

    /**
     * The negative control of {@link #retryingIncrementsOnSeveralReplicasLoseNoUpdate}: read, then write blindly.
     * The race is widened deterministically (every thread reads, waits at a barrier, then writes), so even a backend
     * that serialises writes (SQLite) loses all but one increment per round, and the ledger must say so.
     */
    @Test
    public void readThenUnconditionalWriteLosesUpdatesAndTheLedgerCatchesIt() throws Exception {
        RoundsResult r = barrierRounds(v -> unconditional());

        assertThat(r.written()).isEqualTo((long) budget().threads() * budget().rounds());
        assertThat(r.finalCounter())
                .as("counter after %d acknowledged blind writes", r.written())
                .isLessThan(r.written());
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).startsWith("lost-update"));
    }

    /** The same widened schedule with {@code MatchVersion}: one writer wins each round, nothing is lost. */
    @Test
    public void readThenMatchVersionWriteUnderTheSameScheduleLosesNothing() throws Exception {
        RoundsResult r = barrierRounds(WriteCondition::matchVersion);

        assertThat(r.violations()).isEmpty();
        assertThat(r.written()).isEqualTo(budget().rounds());
        assertThat(r.finalCounter()).isEqualTo(r.written());
        assertThat(r.conflicts()).isEqualTo((long) (budget().threads() - 1) * budget().rounds());
    }

    private record RoundsResult(long written, long conflicts, long finalCounter, List<String> violations) {}

    private RoundsResult barrierRounds(LongFunction<WriteCondition> condition) throws Exception {
        ConcurrencyBudget b = budget();
        create("counter", "0");
        List<CasStore> replicas = sharedReplicas(b.replicas());
        IncrementLedger ledger = new IncrementLedger();
        LongAdder conflicts = new LongAdder();
        LongAdder transients = new LongAdder();
        CyclicBarrier barrier = new CyclicBarrier(b.threads());
        long t0 = System.nanoTime();

        runThreads(b.threads(), t -> () -> {
            CasStore replica = replicas.get(t % replicas.size());
            for (int round = 0; round < b.rounds(); round++) {
                StoredObject read = replica.get(key("counter")).orElseThrow();
                barrier.await(AWAIT.toSeconds(), SECONDS);
                long next = counter(read) + 1;
                try {
                    PutOutcome o = replica.put(
                            read.spec().withPayload(bytes(Long.toString(next))),
                            condition.apply(read.resourceVersion()));
                    if (o instanceof Written w) {
                        ledger.acknowledged(next, w.version(), "thread-" + t + " round " + round);
                    } else {
                        conflicts.increment();
                    }
                } catch (StoreAccessException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    transients.increment(); // did not apply: neither acknowledged nor lost
                }
                barrier.await(AWAIT.toSeconds(), SECONDS);
            }
            return null;
        });

        StoredObject last = store.get(key("counter")).orElseThrow();
        List<String> violations = ledger.violations(counter(last), last.resourceVersion());
        report(
                "%d threads x %d barrier rounds on %d replicas, %s: %d acknowledged writes, %d conflicts, %d transient "
                        + "errors, final counter %d, %d ms, anomalies %s",
                b.threads(),
                b.rounds(),
                b.replicas(),
                condition.apply(1),
                ledger.size(),
                conflicts.sum(),
                transients.sum(),
                counter(last),
                (System.nanoTime() - t0) / 1_000_000,
                violations);
        return new RoundsResult(ledger.size(), conflicts.sum(), counter(last), violations);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    /** A call of the store under test that is expected to throw. */
    @FunctionalInterface
    public interface StoreCall {
        void run(CasStore store) throws Exception;
    }

    private static Arguments bad(String what, StoreCall call, String... words) {
        return bad(what, IllegalArgumentException.class, call, words);
    }

    private static Arguments bad(String what, Class<? extends Throwable> type, StoreCall call, String... words) {
        return Arguments.of(what, type, call, List.of(words));
    }

    private List<StoredObject> seedForBadInput() {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        StoredObject seed = written(store.put(
                        new ObjectSpec(
                                key("seed"),
                                has(Capability.NAMES) ? "seed-name" : null,
                                has(Capability.LABELS) ? Map.of("env", "prod") : Map.of(),
                                every),
                        mustCreate()))
                .object();
        overwrite(seed, "seed, second version");
        written(store.put(ObjectSpec.of(ObjectKey.of(OTHER_KIND, "seed"), new byte[] {0, 0, 1}), mustCreate()));
        return snapshot();
    }

    private List<StoredObject> snapshot() {
        List<StoredObject> all = new ArrayList<>();
        if (has(Capability.PAGING)) {
            all.addAll(list(KIND, LabelSelector.everything(), Limits.MAX_PAGE_SIZE));
            all.addAll(list(OTHER_KIND, LabelSelector.everything(), Limits.MAX_PAGE_SIZE));
        } else { // the keys seedForBadInput wrote
            store.get(key("seed")).ifPresent(all::add);
            store.get(ObjectKey.of(OTHER_KIND, "seed")).ifPresent(all::add);
        }
        return all;
    }

    private void assertStoreHolds(List<StoredObject> before) {
        List<StoredObject> now = snapshot();
        assertThat(now).isEqualTo(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(now.get(i).payload()).isEqualTo(before.get(i).payload());
            assertThat(store.get(before.get(i).key())).contains(before.get(i));
        }
        if (has(Capability.NAMES)) {
            assertThat(store.getByName(KIND, "seed-name").map(StoredObject::key))
                    .contains(key("seed"));
        }
    }

    /** Asserts the stored object is exactly {@code expected}: version, spec, payload bytes and timestamps. */
    protected final void assertUnchanged(StoredObject expected) {
        StoredObject now =
                store.get(expected.key()).orElseThrow(() -> new AssertionError(expected.key() + " vanished"));
        assertThat(now).isEqualTo(expected);
        assertThat(now.payload()).isEqualTo(expected.payload());
        if (expected.name() != null) {
            assertThat(store.getByName(expected.key().kind(), expected.name())).contains(expected);
        }
    }

    protected static ObjectKey key(String id) {
        return ObjectKey.of(KIND, id);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }

    protected static String text(StoredObject o) {
        return new String(o.payload(), US_ASCII);
    }

    private static long counter(StoredObject o) {
        return Long.parseLong(text(o));
    }

    private static Mutation increment() {
        return cur -> cur.spec().withPayload(bytes(Long.toString(counter(cur) + 1)));
    }

    /** A policy with no waiting, so the update tests do not sleep. */
    protected static RetryPolicy quickPolicy(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Backoff.none(), false);
    }

    private static ObjectSpec spec(ObjectKey key) {
        return ObjectSpec.of(key, bytes("x"));
    }

    private static ObjectSpec labelledSpec(ObjectKey key, Map<String, String> labels) {
        return new ObjectSpec(key, null, labels, bytes("x"));
    }

    private static ObjectSpec named(String id, String name, String payload) {
        return new ObjectSpec(key(id), name, Map.of(), bytes(payload));
    }

    protected final StoredObject create(String id, String payload) {
        return written(store.put(ObjectSpec.of(key(id), bytes(payload)), mustCreate()))
                .object();
    }

    private void labelled(String id, Map<String, String> labels) {
        written(store.put(new ObjectSpec(key(id), null, labels, bytes(id)), mustCreate()));
    }

    protected final StoredObject overwrite(StoredObject current, String payload) {
        return written(store.put(current.spec().withPayload(bytes(payload)), matchVersion(current.resourceVersion())))
                .object();
    }

    protected static Written written(PutOutcome outcome) {
        assertThat(outcome).isInstanceOf(Written.class);
        return (Written) outcome;
    }

    private List<StoredObject> list(String kind, LabelSelector selector, int limit) {
        Page page = store.list(kind, selector, PageRequest.first(limit));
        assertThat(page.continueAfter())
                .as("a single page of %d was enough", limit)
                .isEmpty();
        return page.items();
    }

    private List<Page> pages(String kind, LabelSelector selector, int limit) {
        List<Page> pages = new ArrayList<>();
        PageRequest request = PageRequest.first(limit);
        while (true) {
            Page page = store.list(kind, selector, request);
            assertThat(page.items()).as("page %d of %s", pages.size() + 1, kind).hasSizeLessThanOrEqualTo(limit);
            pages.add(page);
            if (page.continueAfter().isEmpty()) {
                return pages;
            }
            assertThat(page.items())
                    .as("a page that says more follow is not empty")
                    .isNotEmpty();
            assertThat(page.continueAfter())
                    .contains(page.items().get(page.items().size() - 1).key().id());
            assertThat(pages).as("pages (runaway pagination)").hasSizeLessThan(10_000);
            request = request.next(page);
        }
    }

    private static List<String> ids(List<StoredObject> objects) {
        return objects.stream().map(o -> o.key().id()).toList();
    }

    private static <T> List<T> runThreads(int n, IntFunction<Callable<T>> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(body.apply(i)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(AWAIT.toSeconds(), SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(String format, Object... args) {
        String line = "[conformance] " + backend.name() + ": " + String.format(format, args);
        System.out.println(line);
        if (allure) {
            AllureSupport.attachText("measured", line);
        }
    }
}
