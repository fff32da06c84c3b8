package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.workload.Workloads;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryBackend;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A PASS carries its evidence, and runs that prove nothing, or that break, say so: a correct lock-based store that
 * never conflicts passes on the concurrency of its writes; a store whose every write fails never passes; a failed
 * setup and workers that outlive the duration cap break the run (ERROR) and keep the history recorded until then.
 */
class GateEvidenceTest {
    static final Topology TOPOLOGY = Topology.defaults();
    static final Budget BUDGET = new Budget(400, Duration.ofSeconds(4));

    @Test
    void aCorrectLockBasedStorePassesOnConcurrencyAlthoughItNeverConflicts() {
        try (Backend backend = new MemoryBackend()) {
            Judgement j = judge(new Locking(), backend, "append");
            Verdict v = j.verdict();
            assertThat(j.run().conflicts())
                    .as("a pessimistic store never loses a race")
                    .isZero();
            assertThat(v.contention().any()).isFalse();
            assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
            assertThat(v.evidence().keysWrittenConcurrently()).isPositive();
            assertThat(v.evidence().overlappingWritePairs()).isPositive();
            assertThat(v.evidence().acknowledgedWrites()).isGreaterThan(300);
            assertThat(v.summary()).contains("evidence: ").contains("written concurrently");
        }
    }

    @Test
    void aStoreWhoseEveryWriteFailsAfterSetupIsNeverAPass() {
        // a database that turned read-only (or full) once the objects existed: every worker write raises an error
        try (Backend backend = new MemoryBackend()) {
            Judgement j = judge(new FailingWrites(false), backend, "append");
            Verdict v = j.verdict();
            assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.UNKNOWN);
            assertThat(j.gate()).isEqualTo(Judgement.Gate.UNPROVEN);
            assertThat(v.evidence().errorsByClass()).containsKey("TRANSIENT");
            assertThat(v.notes()).anyMatch(n -> n.startsWith("unknown: ") && n.contains("above the bound of 5.0%"));
            assertThat(v.evidence().firstErrors()).first().asString().contains("read-only");
        }
    }

    @Test
    void aFailedSetupBreaksTheRunWithItsReasonAndKeepsTheHistory() {
        try (Backend backend = new MemoryBackend()) {
            Judgement j = judge(new FailingWrites(true), backend, "register");
            assertThat(j.verdict().result()).isEqualTo(Verdict.Result.ERROR);
            assertThat(j.gate()).isEqualTo(Judgement.Gate.ERROR);
            assertThat(j.run().error())
                    .startsWith("setup failed: " + TOPOLOGY.keys() + " of " + TOPOLOGY.keys() + " setup writes did not"
                            + " apply")
                    .contains("read-only");
            assertThat(j.run().history().ops()).hasSize(TOPOLOGY.keys());
            assertThat(j.verdict().notes().get(0)).startsWith("error: setup failed");
        }
    }

    @Test
    void workersPastTheCapArePutToAnEndWithinTheGraceAndTheRunKeepsItsHistory() {
        try (Backend backend = new MemoryBackend()) {
            Budget budget = new Budget(100_000, Duration.ofMillis(300));
            Scenario s = new Scenario("append", "stuck", backend.name(), TOPOLOGY, budget, 5);
            long begin = System.nanoTime();
            RunResult run = ScenarioRunner.run(s, Workloads.byName("append"), new Stuck(), backend);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertThat(run.broken()).isTrue();
            assertThat(run.error()).contains("did not stop within the duration cap (300 ms) + grace (5000 ms)");
            assertThat(took)
                    .isLessThan(budget.duration().plus(ScenarioRunner.GRACE).plusSeconds(3));
            // the calls the closed stores ended are in the history, with their errors, and the final reads ran
            assertThat(run.history().ops())
                    .anyMatch(op -> op.error() != null && op.error().contains("closed"));
            assertThat(run.history().ops())
                    .filteredOn(op -> op.process() == ScenarioRunner.finalReadProcess(TOPOLOGY))
                    .isEmpty();
            Judgement j = Judgement.judge(run, null);
            assertThat(j.gate()).isEqualTo(Judgement.Gate.ERROR);
        }
    }

    private static Judgement judge(StoreUnderTest sut, Backend backend, String workload) {
        Scenario s = new Scenario(workload, sut.name(), backend.name(), TOPOLOGY, BUDGET, 20261201L);
        return Judgement.judge(ScenarioRunner.run(s, Workloads.byName(workload), sut, backend), null);
    }

    /**
     * A store under test whose replicas wrap the backend's reference replicas, outside the runner's pause hooks (which
     * run {@code update} as the retrier over the store they wrap).
     */
    private abstract static class Wrapping implements StoreUnderTest {
        @Override
        public boolean appliesTo(String backend) {
            return true;
        }

        @Override
        public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
            return wrap(PausingStore.wrap(backend.openReplica(options), replica, hooks));
        }

        abstract CasStore wrap(CasStore reference);
    }

    /**
     * A pessimistic store: every update holds a lock on its key (shared by all replicas, as a row lock is) from its
     * read to its write, so it never conflicts and its writers queue. Correct.
     */
    private static final class Locking extends Wrapping {
        private final ConcurrentHashMap<ObjectKey, ReentrantLock> locks = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "locking";
        }

        @Override
        CasStore wrap(CasStore reference) {
            return new ForwardingCasStore(reference) {
                @Override
                public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
                    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
                    lock.lock();
                    try {
                        StoredObject current = delegate.get(key).orElseThrow();
                        ObjectSpec next = mutation.apply(current);
                        PutOutcome out = delegate.put(next, WriteCondition.matchVersion(current.resourceVersion()));
                        return new Updated(((Written) out).object(), 1, 0);
                    } finally {
                        lock.unlock();
                    }
                }
            };
        }
    }

    /** A database that refuses writes: from the start ({@code setupToo}), or once the setup is done. */
    private static final class FailingWrites extends Wrapping {
        private final boolean setupToo;

        FailingWrites(boolean setupToo) {
            this.setupToo = setupToo;
        }

        @Override
        public String name() {
            return "failing-writes";
        }

        @Override
        public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
            CasStore reference = PausingStore.wrap(backend.openReplica(options), replica, hooks);
            boolean fail = setupToo || !options.replicaName().equals("setup");
            return fail ? wrap(reference) : reference;
        }

        @Override
        CasStore wrap(CasStore reference) {
            return new ForwardingCasStore(reference) {
                @Override
                public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
                    throw new StoreAccessException(
                            ErrorClass.TRANSIENT,
                            "memory",
                            "25006",
                            0,
                            "cannot execute UPDATE in a read-only transaction",
                            null);
                }
            };
        }
    }

    /** A store whose updates hang until the store is closed (a lock nobody releases, an outage). */
    private static final class Stuck extends Wrapping {
        @Override
        public String name() {
            return "stuck";
        }

        @Override
        CasStore wrap(CasStore reference) {
            CountDownLatch closed = new CountDownLatch(1);
            return new ForwardingCasStore(reference) {
                @Override
                public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new StoreClosedException("stuck (closed while the update of " + key + " waited)");
                }

                @Override
                public void close() {
                    closed.countDown();
                    super.close();
                }
            };
        }
    }
}
