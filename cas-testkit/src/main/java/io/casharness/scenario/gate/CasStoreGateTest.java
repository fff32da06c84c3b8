package io.casharness.scenario.gate;

import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Seeds;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.suite.ResultWriter;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.suite.VerdictTable;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The scenario gate of the main job, as a JUnit 5 test of a store of one's own. A subclass returns its backend from
 * {@link #openBackend()} (as for the conformance suite, {@code CasStoreConformanceTest}) and may narrow the budget
 * in {@link #options()}; the gate then runs every workload on the backend's own store, and every zoo member that
 * applies to the backend — the application-level mistakes apply to every backend — over it as a negative control,
 * with the engine the main job uses ({@link Suite}). Each run is one dynamic test: a run of the store under test
 * passes when its verdict is PASS with the evidence stated; a negative control passes when it is caught by its
 * expected anomaly. A failing test's message gives the verdict's summary (evidence statement, anomalies, notes), the
 * first anomalies' explanations and the seed that replays it ({@code -Dcas.gate.seed=N}).
 *
 * <p>Histories and verdicts go to {@code target/cas-gate/<test class>/} (see {@link GateOptions#out()}), as the main
 * job writes them, with {@code summary.json} and {@code verdicts.txt} once every run ran.
 *
 * <pre>{@code
 * class TableStoreGateTest extends CasStoreGateTest {
 *     @Override
 *     protected Backend openBackend() {
 *         return TableBackend.inTempDirectory();
 *     }
 * }
 * }</pre>
 *
 * <p>The backend is opened once per gate and closed after its last run. Not thread-safe: the runs of one gate share
 * the backend (each resets it), so they run one after another on one thread even where JUnit runs tests in parallel.
 */
@Execution(ExecutionMode.SAME_THREAD)
public abstract class CasStoreGateTest {
    /** How many anomalies a failure message explains one by one; the summary counts them all. */
    static final int EXPLAINED = 3;

    /**
     * Opens the backend under test, empty; called once per gate. The gate closes it after its last run (or when the
     * plan cannot be made). An assumption that fails here ({@code assumeTrue(databaseAnswers)}) skips the gate as one
     * skipped test that gives the assumption's message.
     */
    protected abstract Backend openBackend();

    /** The budget, seed and output folder of the gate; {@link GateOptions#defaults()} unless overridden. */
    protected GateOptions options() {
        return GateOptions.defaults();
    }

    /** Every run of the gate on {@link #openBackend()}, one dynamic test each, in the main job's order. */
    @TestFactory
    final Stream<DynamicTest> scenarioGate() {
        GateOptions options = options();
        long seed = options.seed().orElseGet(Seeds::fresh);
        Backend backend;
        try {
            backend = openBackend();
        } catch (TestAbortedException e) {
            // an assumption in openBackend (no database answers): one skipped test says so, where an aborted
            // factory would count as no test at all in most reports
            return Stream.of(DynamicTest.dynamicTest("gate skipped: " + e.getMessage(), () -> {
                throw e;
            }));
        }
        try {
            String name = backend.name();
            List<String> stores = new ArrayList<>(Suite.Plan.ownStores(List.of(name)));
            stores.addAll(Zoo.names());
            Suite.Plan plan = new Suite.Plan(
                    List.of(name), Workloads.names(), stores, Topology.defaults(), options.budget(), seed);
            Path dir = options.out().resolve(getClass().getSimpleName());
            ResultWriter writer = new ResultWriter(dir);
            List<Scenario> scenarios = plan.scenarios();
            List<Judgement> results = Collections.synchronizedList(new ArrayList<>());
            System.err.printf(
                    "%s: %d runs on %s, seed %d (replay with -D%s=%d), results in %s%n",
                    getClass().getSimpleName(),
                    scenarios.size(),
                    backend.describe(),
                    seed,
                    GateOptions.SEED_PROPERTY,
                    seed,
                    dir.toAbsolutePath());
            return scenarios.stream()
                    .map(s -> DynamicTest.dynamicTest(title(s), () -> {
                        Judgement j = Suite.runOne(s, backend, () -> false);
                        results.add(j);
                        writer.write(j);
                        System.err.printf("  %-10s %s%n", j.status(), s.id());
                        if (!j.ok()) {
                            throw new AssertionFailedError(failure(j, dir));
                        }
                    }))
                    .onClose(() -> {
                        try {
                            List<Judgement> all = List.copyOf(results);
                            writer.writeSummary(
                                    seed,
                                    plan.toString(),
                                    all,
                                    VerdictTable.render(all),
                                    Suite.exitCode(all, scenarios.size(), false),
                                    false,
                                    null);
                        } finally {
                            backend.close();
                        }
                    });
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    /** The display name of a run: what runs, and what it must show. */
    static String title(Scenario s) {
        if (Zoo.names().contains(s.store())) {
            ZooMember m = Zoo.byName(s.store());
            return s.workload() + ": " + s.store() + " over " + s.backend() + " must be caught ("
                    + m.expectedAnomaly(s.backend()) + ")";
        }
        return s.workload() + ": " + s.backend() + " must PASS";
    }

    /** The message of a failed run: what failed, the verdict's summary, the first anomalies, the replay. */
    static String failure(Judgement j, Path dir) {
        Scenario s = j.run().scenario();
        StringBuilder b = new StringBuilder();
        switch (j.gate()) {
            case BUG -> b.append("BUG: the store under test failed ").append(s.workload());
            case UNPROVEN ->
                b.append("UNPROVEN: the run of ")
                        .append(s.workload())
                        .append(" proved nothing (too little evidence, or anomalies hidden by unresolved info ops)");
            case NOT_CAUGHT ->
                b.append("NOT-CAUGHT: the negative control ")
                        .append(s.store())
                        .append(" (")
                        .append(Zoo.byName(s.store()).mistake())
                        .append(") was not caught: expected ")
                        .append(j.expected())
                        .append(", got ")
                        .append(j.verdict().result());
            case ERROR -> b.append("ERROR: the run of ").append(s.workload()).append(" broke; nothing concluded");
            default -> b.append(j.status()).append(' ').append(s);
        }
        b.append("\n").append(j.verdict().summary());
        List<Anomaly> anomalies = j.verdict().anomalies();
        for (int i = 0; i < Math.min(EXPLAINED, anomalies.size()); i++) {
            Anomaly a = anomalies.get(i);
            b.append("\nanomaly ")
                    .append(i + 1)
                    .append(": ")
                    .append(a.type().id())
                    .append(" on ")
                    .append(a.key())
                    .append(": ")
                    .append(a.explanation());
        }
        b.append("\nreplay: seed ")
                .append(s.seed())
                .append(" (-D")
                .append(GateOptions.SEED_PROPERTY)
                .append('=')
                .append(s.seed())
                .append("); history and verdict: ")
                .append(dir.resolve(ResultWriter.fileName(s)).toAbsolutePath())
                .append(".{history.jsonl,verdict.json}");
        return b.toString();
    }
}
