package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JDBC-specific behaviour, written once and run on SQLite and PostgreSQL by the subclasses. The shared conformance
 * suite covers the SPI contract on every store; this covers what the JDBC dialects do themselves: the version the
 * statement produced, conflict-vs-absent classification, constraint naming, timestamps round-tripping exactly,
 * filtered pagination over the streamed scan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCasStoreContract {
    /** A clock with nanoseconds, to show they are cut to the microseconds both databases keep. */
    private static final Instant T0 = Instant.parse("2026-11-25T10:15:30.123456789Z");

    private JdbcBackend backend;
    private CasStore store;

    /** The backend under test, opened once per class. */
    protected abstract JdbcBackend openBackend();

    /** Whether the threads of one replica take turns per key here (PostgreSQL yes; SQLite ignores the option). */
    protected abstract boolean takesUpdateTurns();

    private JdbcBackend backend() {
        if (backend == null) {
            backend = openBackend();
        }
        return backend;
    }

    @BeforeEach
    void openStore() {
        backend().reset();
        store = backend().openReplica(StoreOptions.defaults().withClock(Clock.fixed(T0, ZoneOffset.UTC)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private static ObjectSpec spec(String id, String payload) {
        return ObjectSpec.of(ObjectKey.of("sandbox", id), payload.getBytes(StandardCharsets.UTF_8));
    }

    private Written create(ObjectSpec spec) {
        PutOutcome out = store.put(spec, WriteCondition.mustCreate());
        assertThat(out).isInstanceOf(Written.class);
        return (Written) out;
    }

    private static String text(StoredObject o) {
        return new String(o.payload(), StandardCharsets.UTF_8);
    }

    private static Mutation append(String suffix, List<String> seen) {
        return cur -> {
            seen.add(text(cur));
            return cur.spec().withPayload((text(cur) + suffix).getBytes(StandardCharsets.UTF_8));
        };
    }

    @Test
    void updateStartsFromTheReplicasLastCopyAndTheConflictBringsTheCurrentObject() {
        Written v1 = create(spec("u", "a"));
        try (CasStore other = backend().openReplica(StoreOptions.defaults().withReplicaName("other"))) {
            Written v2 = (Written) other.put(spec("u", "ab"), WriteCondition.matchVersion(v1.version()));
            List<String> seen = new ArrayList<>();

            Updated u = (Updated) store.update(v1.object().key(), append("c", seen), RetryPolicy.defaults());

            // attempt 1 from this replica's copy (v1, no read), attempt 2 from what the lost write returned
            assertThat(seen).containsExactly("a", "ab");
            assertThat(u.attempts()).isEqualTo(2);
            assertThat(u.conflicts()).isEqualTo(1);
            assertThat(text(u.object())).isEqualTo("abc");
            assertThat(u.object().resourceVersion()).isGreaterThan(v2.version());
            assertThat(other.get(v1.object().key())).contains(u.object());
        }
    }

    @Test
    void withoutTheBasisCacheEveryUpdateStartsFromAFreshRead() {
        Written v1 = create(spec("u", "a"));
        try (CasStore uncached = backend().openReplica(StoreOptions.defaults().withBasisCacheBytes(0));
                CasStore other = backend().openReplica(StoreOptions.defaults().withReplicaName("other"))) {
            assertThat(uncached.get(v1.object().key())).contains(v1.object());
            other.put(spec("u", "ab"), WriteCondition.matchVersion(v1.version()));
            List<String> seen = new ArrayList<>();

            Updated u = (Updated) uncached.update(v1.object().key(), append("c", seen), RetryPolicy.defaults());

            assertThat(seen).containsExactly("ab");
            assertThat(u.attempts()).isEqualTo(1);
            assertThat(text(u.object())).isEqualTo("abc");
        }
    }

    @Test
    void threadsOfOneReplicaTakeTurnsPerKeyWhereTheStoreSupportsIt() throws Exception {
        assertThat(secondUpdateEnteredDuringTheFirst(StoreOptions.defaults())).isEqualTo(!takesUpdateTurns());
        // negative control: with turns off the second thread does run its mutation while the first one is in its own
        assertThat(secondUpdateEnteredDuringTheFirst(StoreOptions.defaults().withUpdateTurns(false)))
                .isTrue();
    }

    /**
     * Thread A's mutation waits up to 300 ms for thread B, started once A is inside, to enter its own mutation on the
     * same key of the same replica. Both updates must apply either way.
     */
    private boolean secondUpdateEnteredDuringTheFirst(StoreOptions options) throws Exception {
        backend().reset();
        ObjectKey key = ObjectKey.of("sandbox", "turns");
        try (CasStore replica = backend().openReplica(options.withReplicaName("turns"), 2)) {
            replica.put(ObjectSpec.of(key, "".getBytes(StandardCharsets.UTF_8)), WriteCondition.mustCreate());
            CountDownLatch aInside = new CountDownLatch(1);
            CountDownLatch bInside = new CountDownLatch(1);
            AtomicBoolean overlapped = new AtomicBoolean();
            Mutation a = cur -> {
                aInside.countDown();
                try {
                    overlapped.compareAndSet(false, bInside.await(300, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return cur.spec().withPayload((text(cur) + "a").getBytes(StandardCharsets.UTF_8));
            };
            Mutation b = cur -> {
                bInside.countDown();
                return cur.spec().withPayload((text(cur) + "b").getBytes(StandardCharsets.UTF_8));
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> fa = pool.submit(() -> replica.update(key, a, RetryPolicy.defaults()));
                assertThat(aInside.await(10, TimeUnit.SECONDS)).isTrue();
                Future<?> fb = pool.submit(() -> replica.update(key, b, RetryPolicy.defaults()));
                assertThat(fa.get(10, TimeUnit.SECONDS)).isInstanceOf(Updated.class);
                assertThat(fb.get(10, TimeUnit.SECONDS)).isInstanceOf(Updated.class);
            } finally {
                pool.shutdownNow();
            }
            assertThat(replica.get(key).map(JdbcCasStoreContract::text).orElseThrow())
                    .hasSize(2)
                    .contains("a", "b");
            return overlapped.get();
        }
    }

    @Test
    void writtenObjectIsWhatReadsReturnWithTimestampsCutToMicros() {
        ObjectSpec spec = spec("a", "one").withName("alpha").withLabels(Map.of("env", "prod", "app", "x"));
        Written w = create(spec);
        Instant micros = Instant.parse("2026-11-25T10:15:30.123456Z");
        assertThat(w.object().createdAt()).isEqualTo(micros);
        assertThat(w.object().updatedAt()).isEqualTo(micros);
        assertThat(store.get(spec.key())).contains(w.object());
        assertThat(store.getByName("sandbox", "alpha")).contains(w.object());
    }

    @Test
    void matchVersionWriteReturnsTheVersionItProducedAndKeepsCreatedAt() {
        Written first = create(spec("a", "one"));
        CasStore later = backend()
                .openReplica(StoreOptions.defaults()
                        .withReplicaName("later")
                        .withClock(Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC)));
        try {
            PutOutcome out = later.put(spec("a", "two"), WriteCondition.matchVersion(first.version()));
            assertThat(out).isInstanceOf(Written.class);
            StoredObject o = ((Written) out).object();
            assertThat(o.resourceVersion()).isGreaterThan(first.version());
            assertThat(o.createdAt()).isEqualTo(first.object().createdAt());
            assertThat(o.updatedAt()).isEqualTo(first.object().updatedAt().plusSeconds(5));
            assertThat(store.get(o.key())).contains(o);
        } finally {
            later.close();
        }
    }

    @Test
    void staleVersionIsConflictAtCurrentAndRowKept() {
        Written v1 = create(spec("a", "one"));
        Written v2 = (Written) store.put(spec("a", "two"), WriteCondition.matchVersion(v1.version()));
        PutOutcome stale = store.put(spec("a", "three"), WriteCondition.matchVersion(v1.version()));
        assertThat(stale).isEqualTo(Conflict.at(v1.key(), v1.version(), v2.version()));
        assertThat(store.get(v1.key())).contains(v2.object());
    }

    @Test
    void matchVersionOnAbsentObjectIsConflictAbsent() {
        PutOutcome out = store.put(spec("ghost", "x"), WriteCondition.matchVersion(3));
        assertThat(out).isEqualTo(Conflict.absent(ObjectKey.of("sandbox", "ghost"), 3));
        assertThat(store.get(ObjectKey.of("sandbox", "ghost"))).isEmpty();
    }

    @Test
    void versionSeenBeforeDeleteNeverMatchesRecreatedObject() {
        Written old = create(spec("a", "one"));
        assertThat(store.delete(old.key(), WriteCondition.matchVersion(old.version())))
                .isEqualTo(new Deleted(old.key(), old.version()));
        Written again = create(spec("a", "reborn"));
        assertThat(again.version()).isGreaterThan(old.version());
        assertThat(store.put(spec("a", "aba"), WriteCondition.matchVersion(old.version())))
                .isEqualTo(Conflict.at(old.key(), old.version(), again.version()));
        assertThat(store.delete(old.key(), WriteCondition.matchVersion(old.version())))
                .isEqualTo(Conflict.at(old.key(), old.version(), again.version()));
        assertThat(store.get(old.key())).contains(again.object());
    }

    @Test
    void versionsKeepRisingAcrossReset() {
        Written before = create(spec("a", "one"));
        backend().reset();
        assertThat(create(spec("a", "one")).version()).isGreaterThan(before.version());
    }

    @Test
    void deleteClassifiesStaleAbsentAndUnconditional() {
        Written v1 = create(spec("a", "one"));
        Written v2 = (Written) store.put(spec("a", "two"), WriteCondition.unconditional());
        assertThat(store.delete(v1.key(), WriteCondition.matchVersion(v1.version())))
                .isEqualTo(Conflict.at(v1.key(), v1.version(), v2.version()));
        assertThat(store.get(v1.key())).contains(v2.object());
        assertThat(store.delete(v1.key(), WriteCondition.unconditional()))
                .isEqualTo(new Deleted(v1.key(), v2.version()));
        assertThat(store.delete(v1.key(), WriteCondition.unconditional())).isEqualTo(new NotFound(v1.key()));
        assertThat(store.delete(v1.key(), WriteCondition.matchVersion(v2.version())))
                .isEqualTo(new NotFound(v1.key()));
    }

    @Test
    void takenKeyAndTakenNameAreNamedAndChangeNothing() {
        Written a = create(spec("a", "one").withName("alpha"));
        Written b = create(spec("b", "two").withName("beta"));
        assertThat(store.put(spec("a", "dup"), WriteCondition.mustCreate()))
                .isEqualTo(new AlreadyExists(a.key(), AlreadyExists.Constraint.KEY, a.key()));
        // key and name both taken (by the same object): the key is reported, as by the model
        assertThat(store.put(spec("a", "dup").withName("alpha"), WriteCondition.mustCreate()))
                .isEqualTo(new AlreadyExists(a.key(), AlreadyExists.Constraint.KEY, a.key()));
        // key taken by one object, name by another
        assertThat(store.put(spec("a", "dup").withName("beta"), WriteCondition.mustCreate()))
                .isEqualTo(new AlreadyExists(a.key(), AlreadyExists.Constraint.KEY, a.key()));
        assertThat(store.put(spec("c", "dup").withName("alpha"), WriteCondition.mustCreate()))
                .isEqualTo(new AlreadyExists(ObjectKey.of("sandbox", "c"), AlreadyExists.Constraint.NAME, a.key()));
        assertThat(store.put(spec("b", "rename").withName("alpha"), WriteCondition.matchVersion(b.version())))
                .isEqualTo(new AlreadyExists(b.key(), AlreadyExists.Constraint.NAME, a.key()));
        assertThat(store.put(spec("b", "rename").withName("alpha"), WriteCondition.unconditional()))
                .isEqualTo(new AlreadyExists(b.key(), AlreadyExists.Constraint.NAME, a.key()));
        assertThat(store.get(a.key())).contains(a.object());
        assertThat(store.get(b.key())).contains(b.object());
        assertThat(store.get(ObjectKey.of("sandbox", "c"))).isEmpty();
    }

    @Test
    void renameFreesTheOldName() {
        Written a = create(spec("a", "one").withName("alpha"));
        Written renamed =
                (Written) store.put(spec("a", "one").withName("omega"), WriteCondition.matchVersion(a.version()));
        assertThat(store.getByName("sandbox", "alpha")).isEmpty();
        assertThat(store.getByName("sandbox", "omega")).contains(renamed.object());
        assertThat(store.put(spec("b", "two").withName("alpha"), WriteCondition.mustCreate()))
                .isInstanceOf(Written.class);
    }

    @Test
    void filteredListPagesThroughEveryMatchExactlyOnce() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.format("obj-%02d", i);
            Map<String, String> labels = i % 3 == 0 ? Map.of("tier", "hot") : Map.of("tier", "cold");
            create(spec(id, "p" + i).withLabels(labels));
            if (i % 3 == 0) {
                expected.add(id);
            }
        }
        create(ObjectSpec.of(ObjectKey.of("provider", "obj-00"), new byte[0]).withLabels(Map.of("tier", "hot")));
        LabelSelector hot = LabelSelector.parse("tier=hot");
        List<String> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(4);
        int pages = 0;
        while (true) {
            Page page = store.list("sandbox", hot, request);
            pages++;
            page.items().forEach(o -> seen.add(o.key().id()));
            assertThat(page.items()).allSatisfy(o -> assertThat(o.labels()).containsEntry("tier", "hot"));
            if (page.continueAfter().isEmpty()) {
                break;
            }
            request = request.next(page);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3); // 10 matches, 4 per page; the last page knows it is last
        Page all = store.list("sandbox", LabelSelector.everything(), PageRequest.first(30));
        assertThat(all.items()).hasSize(30);
        assertThat(all.continueAfter()).isEmpty();
        Page firstTen = store.list("sandbox", LabelSelector.everything(), PageRequest.first(10));
        assertThat(firstTen.continueAfter()).contains("obj-09");
    }

    @Test
    void oversizedPayloadIsRejectedBeforeAnythingIsStored() {
        CasStore small = backend().openReplica(StoreOptions.defaults().withMaxPayloadBytes(8));
        try {
            assertThatThrownBy(() -> small.put(spec("big", "123456789"), WriteCondition.mustCreate()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("9 bytes")
                    .hasMessageContaining("8 bytes");
            assertThat(store.get(ObjectKey.of("sandbox", "big"))).isEmpty();
        } finally {
            small.close();
        }
    }

    @Test
    void everyMethodThrowsAfterClose() {
        CasStore closed = backend().openReplica(StoreOptions.defaults().withReplicaName("closing"));
        closed.close();
        closed.close();
        ObjectKey key = ObjectKey.of("sandbox", "a");
        assertThatThrownBy(() -> closed.get(key)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> closed.put(spec("a", "x"), WriteCondition.mustCreate()))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> closed.delete(key, WriteCondition.unconditional()))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> closed.list("sandbox", LabelSelector.everything(), PageRequest.first(1)))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> closed.getByName("sandbox", "n")).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void tenRacingMatchVersionWritesHaveExactlyOneWinner() throws Exception {
        Written base = create(spec("hot", "base"));
        int threads = 10;
        List<CasStore> replicas = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            replicas.add(backend().openReplica(StoreOptions.defaults().withReplicaName("racer-" + r), 5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<PutOutcome>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                CasStore s = replicas.get(t % 2);
                String payload = "writer-" + t;
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return s.put(spec("hot", payload), WriteCondition.matchVersion(base.version()));
                }));
            }
            List<PutOutcome> outcomes = new ArrayList<>();
            for (Future<PutOutcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            List<Written> winners = outcomes.stream()
                    .filter(Written.class::isInstance)
                    .map(Written.class::cast)
                    .toList();
            assertThat(winners).hasSize(1);
            long won = winners.get(0).version();
            assertThat(outcomes)
                    .filteredOn(Conflict.class::isInstance)
                    .hasSize(threads - 1)
                    .allSatisfy(c -> assertThat(((Conflict) c).currentVersion().orElseThrow())
                            .isGreaterThanOrEqualTo(won));
            assertThat(store.get(base.key())).contains(winners.get(0).object());
        } finally {
            pool.shutdownNow();
            replicas.forEach(CasStore::close);
        }
    }
}
