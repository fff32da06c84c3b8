package io.casharness.scenario.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.casharness.scenario.cli.TestModelBackend;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The gate as a user's test runs it, through the JUnit Platform: it passes a correct store and bites a broken one. */
class CasStoreGateTestTest {
    static final Path OUT = Path.of("target", "cas-gate-tests");
    static final AtomicInteger CLOSED = new AtomicInteger();

    /** A correct store of one's own: the memory model under another name. */
    static class CorrectStoreGate extends CasStoreGateTest {
        @Override
        protected Backend openBackend() {
            return new Closing(TestModelBackend.open(Map.of()));
        }

        @Override
        protected GateOptions options() {
            return GateOptions.defaults().withSeed(7).withOut(OUT);
        }
    }

    /** A store that loses updates: a match-version write ignores the version. */
    static class LostUpdateStoreGate extends CasStoreGateTest {
        @Override
        protected Backend openBackend() {
            return new Closing(TestModelBackend.open(Map.of("bug", "lost-update")));
        }

        @Override
        protected GateOptions options() {
            return GateOptions.defaults().withSeed(7).withOut(OUT);
        }
    }

    /** A gate whose database does not answer: its assumption fails in openBackend. */
    static class AbsentStoreGate extends CasStoreGateTest {
        @Override
        protected Backend openBackend() {
            assumeTrue(false, "no database answers at db://nowhere");
            throw new AssertionError("unreachable");
        }
    }

    /** One dynamic test's outcome. */
    record Outcome(String name, TestExecutionResult.Status status, String message) {}

    static List<Outcome> run(Class<?> gate) {
        List<Outcome> outcomes = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(gate))
                        .build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.getType() == org.junit.platform.engine.TestDescriptor.Type.TEST) {
                            outcomes.add(new Outcome(
                                    id.getDisplayName(),
                                    result.getStatus(),
                                    result.getThrowable()
                                            .map(Throwable::getMessage)
                                            .orElse("")));
                        }
                    }
                });
        return outcomes;
    }

    @Test
    void aCorrectStorePassesEveryWorkloadAndCatchesEveryApplicationMistakeOverIt() throws Exception {
        int closedBefore = CLOSED.get();
        List<Outcome> outcomes = run(CorrectStoreGate.class);
        assertThat(outcomes)
                .hasSize(Workloads.names().size() + Zoo.applicationMistakes().size())
                .allSatisfy(o -> assertThat(o.status())
                        .as(o.name() + ": " + o.message())
                        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(outcomes)
                .extracting(Outcome::name)
                .contains(
                        "append: test-model must PASS",
                        "append: blind-write over test-model must be caught (lost-update)");
        assertThat(CLOSED.get()).as("the backend is closed after the last run").isEqualTo(closedBefore + 1);
        Path dir = OUT.resolve(CorrectStoreGate.class.getSimpleName());
        assertThat(dir.resolve("summary.json")).exists();
        assertThat(dir.resolve("append.test-model.test-model.seed7.history.jsonl"))
                .exists();
        assertThat(Files.readString(dir.resolve("append.test-model.test-model.seed7.verdict.json")))
                .contains("PASS");
    }

    @Test
    void aStoreThatLosesUpdatesFailsItsRunsWithTheVerdictAndTheSeed() {
        List<Outcome> outcomes = run(LostUpdateStoreGate.class);
        Outcome append = outcomes.stream()
                .filter(o -> o.name().equals("append: test-model must PASS"))
                .findFirst()
                .orElseThrow();
        assertThat(append.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(append.message())
                .startsWith("BUG: the store under test failed append")
                .contains("FAIL: ", "\nevidence: ", "lost-update=", "\nanomaly 1: lost-update on ")
                .contains("replay: seed 7 (-Dcas.gate.seed=7)", "append.test-model.test-model.seed7.");
        assertThat(outcomes)
                .as("every workload that writes with a version (all but create-race and revisions, which only create)"
                        + " fails")
                .filteredOn(o -> o.name().endsWith("must PASS")
                        && !o.name().startsWith("create-race")
                        && !o.name().startsWith("revisions"))
                .hasSize(Workloads.names().size() - 2)
                .allSatisfy(o -> assertThat(o.status()).as(o.name()).isEqualTo(TestExecutionResult.Status.FAILED));
    }

    @Test
    void aBackendThatIsNotThereSkipsTheGateAsOneSkippedTestThatSaysWhy() {
        List<Outcome> outcomes = run(AbsentStoreGate.class);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(TestExecutionResult.Status.ABORTED);
            assertThat(o.name()).isEqualTo("gate skipped: Assumption failed: no database answers at db://nowhere");
        });
    }

    /** Counts closes, so a test can see the gate close its backend. */
    record Closing(Backend backend) implements Backend {
        @Override
        public String name() {
            return backend.name();
        }

        @Override
        public String describe() {
            return backend.describe();
        }

        @Override
        public CasStore openReplica(StoreOptions options) {
            return backend.openReplica(options);
        }

        @Override
        public void reset() {
            backend.reset();
        }

        @Override
        public boolean versionsUniqueAcrossKeys() {
            return backend.versionsUniqueAcrossKeys();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
            backend.close();
        }
    }
}
