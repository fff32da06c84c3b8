package io.casharness.scenario.cli;

import io.casharness.reports.allure.AllureResult;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.suite.VerdictTable;
import java.nio.file.Path;
import java.util.List;

/**
 * The main job's verdicts as Allure results, in {@code <--out>/allure-results}, so the build's one report
 * ({@code reports/allure-report.sh}) shows them beside the tests: a run that passed its gate (the reference store
 * PASS, a zoo member caught) is passed, a bug or an uncaught zoo member failed, a run that broke or proved nothing
 * broken. Each result carries the verdict with its evidence, and the anomalies with their timelines.
 */
final class AllureVerdicts {
    /** The folder name under the job's output folder. */
    static final String FOLDER = "allure-results";

    private AllureVerdicts() {}

    static void write(Judgement j, Path outputFolder, String replay) {
        Scenario s = j.run().scenario();
        Verdict v = j.verdict();
        AllureResult.Status status = switch (j.gate()) {
            case PASS, CAUGHT -> AllureResult.Status.PASSED;
            case BUG, NOT_CAUGHT -> AllureResult.Status.FAILED;
            case UNPROVEN, ERROR -> AllureResult.Status.BROKEN;
        };
        String message = j.status() + ": " + v.result() + " " + VerdictTable.findings(j) + " — "
                + v.evidence().statement();
        long stop = System.currentTimeMillis();
        AllureResult r = new AllureResult(
                        "cas-harness.main-job." + s.id(),
                        s.workload() + " x " + s.store() + " x " + s.backend(),
                        status,
                        message)
                .time(stop - j.run().elapsed().toMillis(), stop)
                .description(
                        j.negativeControl()
                                ? "Bug-zoo member " + s.store() + " (a negative control): the gate needs it caught by "
                                        + j.expected() + "."
                                : "The store " + s.store() + " on " + s.workload() + ": the gate needs PASS with its"
                                        + " evidence.")
                .label("parentSuite", "main job")
                .label("suite", s.backend())
                .label("subSuite", j.negativeControl() ? "bug zoo" : "store under test")
                .label("feature", s.workload())
                .parameter("seed", Long.toString(s.seed()))
                .parameter(
                        "topology",
                        s.topology().replicas() + " replicas x " + s.topology().threads() + " threads, "
                                + s.topology().keys() + " keys " + s.topology().skew())
                .parameter("backend", j.run().backendDescription())
                .attach("verdict", "text/plain", "txt", s + "\n" + v.summary() + "\nreplay: " + replay + "\n");
        List<Anomaly> anomalies =
                v.anomalies().subList(0, Math.min(20, v.anomalies().size()));
        if (!anomalies.isEmpty()) {
            StringBuilder b = new StringBuilder();
            anomalies.forEach(a -> b.append(a.describe()).append('\n'));
            r.attach("anomalies (first " + anomalies.size() + ")", "text/plain", "txt", b.toString());
            r.trace(anomalies.get(0).describe());
        }
        r.write(outputFolder.resolve(FOLDER));
    }
}
