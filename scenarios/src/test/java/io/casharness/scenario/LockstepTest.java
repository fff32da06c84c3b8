package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.workload.CreateRaceWorkload;
import io.casharness.scenario.workload.Workload;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoredObject;
import io.casharness.store.memory.MemoryBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Lockstep} keeps processes on one operation number, and that is what makes create-race catch its zoo member
 * whatever the machine's scheduling. The failure it prevents was seen in CI: on a loaded machine one thread started
 * well before the others, ran ahead, was alone on every key, and {@code check-then-create} passed.
 */
class LockstepTest {

    @Test
    void aProcessWaitsForTheSlowestRunningProcess() throws Exception {
        Lockstep lockstep = new Lockstep(2, Duration.ofSeconds(30));
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean caughtUp = new AtomicBoolean();
        Thread ahead = new Thread(() -> {
            waiting.countDown();
            caughtUp.set(lockstep.await(0, 1));
        });
        ahead.start();
        waiting.await();
        assertThat(lockstep.await(1, 0)).as("nobody is behind operation 0").isTrue();
        ahead.join(100);
        assertThat(ahead.isAlive())
                .as("process 0 waits while process 1 is on operation 0")
                .isTrue();
        lockstep.await(1, 1);
        ahead.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(ahead.isAlive()).isFalse();
        assertThat(caughtUp).isTrue();
    }

    @Test
    void aFinishedProcessHoldsNobodyBack() {
        Lockstep lockstep = new Lockstep(3, Duration.ofSeconds(30));
        lockstep.finish(1);
        lockstep.finish(2);
        assertThat(lockstep.await(0, 500)).isTrue();
    }

    @Test
    void aStragglerHoldsOthersBackForAtMostTheBound() {
        Lockstep lockstep = new Lockstep(2, Duration.ofMillis(20));
        assertThat(lockstep.await(0, 3))
                .as("process 1 never arrives: the wait times out")
                .isFalse();
    }

    @Test
    void badArgumentsNameTheValueAndTheBound() {
        assertThatThrownBy(() -> new Lockstep(0, Duration.ofSeconds(1))).hasMessage("processes must be >= 1, was 0");
        assertThatThrownBy(() -> new Lockstep(1, Duration.ZERO)).hasMessage("maxWait must be > 0, was PT0S");
    }

    /**
     * Negative control: the CI failure, made deterministic. The others start only once process 0 has done its whole
     * share (each key then had exactly one winner, as in the failed CI run), and without lockstep nothing races.
     */
    @Test
    void withoutLockstepProcessesThatDriftApartHideCheckThenCreate() {
        Verdict v = runCheckThenCreate(false);
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    /** With lockstep, process 0 waits for the late starters at its second operation, and then they all race. */
    @Test
    void withLockstepCheckThenCreateIsCaughtDespiteALateStart() {
        Verdict v = runCheckThenCreate(true);
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.has(AnomalyType.fromId("double-create")))
                .as("%s", v.countsByType())
                .isTrue();
    }

    private static Verdict runCheckThenCreate(boolean lockstep) {
        ZooMember member = Zoo.byName("check-then-create");
        Topology topology = Topology.defaults();
        Scenario s = new Scenario(
                "create-race",
                member.name(),
                "memory",
                topology,
                new Budget(40L * topology.processes(), Duration.ofSeconds(20)),
                ReferenceStorePassesTest.SEED);
        try (MemoryBackend backend = new MemoryBackend()) {
            return Judgement.judge(
                            ScenarioRunner.run(s, new LateStart(new CreateRaceWorkload(), lockstep), member, backend),
                            member)
                    .verdict();
        }
    }

    /**
     * create-race where every process but process 0 starts late, as a thread does when the machine is busy. Without
     * lockstep the others start once process 0 has finished (a latch, so the control does not depend on the
     * machine); with lockstep, which cannot help a process stalled for longer than {@link Lockstep#MAX_WAIT}, they
     * start {@link #LATE} after process 0.
     */
    private record LateStart(Workload delegate, boolean lockstep, CountDownLatch processZeroDone) implements Workload {
        static final Duration LATE = Duration.ofMillis(300);

        LateStart(Workload delegate, boolean lockstep) {
            this(delegate, lockstep, new CountDownLatch(1));
        }

        @Override
        public Driver driver(Worker worker, Topology topology, long opsPerProcess) {
            Driver d = delegate.driver(worker, topology, opsPerProcess);
            return i -> {
                if (i == 0 && worker.process() != 0) {
                    startLate();
                }
                d.step(i);
                if (worker.process() == 0 && i == opsPerProcess - 1) {
                    processZeroDone.countDown();
                }
            };
        }

        private void startLate() {
            try {
                if (lockstep) {
                    // a modelled late start, not a wait for a condition: process 0 runs in the meantime
                    Thread.sleep(LATE.toMillis());
                } else {
                    assertThat(processZeroDone.await(20, TimeUnit.SECONDS))
                            .as("process 0 finished")
                            .isTrue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String summary() {
            return delegate.summary();
        }

        @Override
        public String kind() {
            return delegate.kind();
        }

        @Override
        public List<ObjectKey> keys(Topology topology, long opsPerProcess) {
            return delegate.keys(topology, opsPerProcess);
        }

        @Override
        public void setup(Worker setup, Topology topology, long opsPerProcess) {
            delegate.setup(setup, topology, opsPerProcess);
        }

        @Override
        public Worker.Observation observe(StoredObject object) {
            return delegate.observe(object);
        }
    }
}
