package io.casharness.reports.jcstress;

import io.casharness.reports.allure.AllureResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes verdicts as Allure results: one result per jcstress test with the gate's judgement as its status (a
 * negative control whose forbidden outcome was seen is <em>passed</em>: caught), labels for suite, package, class
 * and "negative-control", and its outcome histogram attached as CSV. Stateless.
 *
 * <p>The JSON is written by {@link AllureResult} with no library, so that the gate runs from the module's classes
 * alone ({@code java -cp reports/target/classes}) with no classpath to assemble in CI scripts.
 */
public final class AllureWriter {
    private AllureWriter() {}

    /**
     * Writes one result per verdict into {@code dir} (created if needed).
     *
     * @param startMillis when the jcstress run started
     * @param stopMillis when it ended
     */
    public static void write(List<Verdict> verdicts, Path dir, long startMillis, long stopMillis) {
        for (Verdict v : verdicts) {
            AllureResult r = new AllureResult(v.name(), v.simpleName(), status(v.kind()), v.message())
                    .trace(v.details())
                    .description(v.result() == null ? "" : v.result().description())
                    .time(startMillis, stopMillis)
                    .label("framework", "jcstress")
                    .label("language", "java")
                    .label("parentSuite", "stress")
                    .label("suite", v.negativeControl() ? "jcstress negative controls" : "jcstress")
                    .label("package", v.packageName())
                    .label("testClass", v.name());
            if (v.negativeControl()) {
                r.label("tag", "negative-control");
            }
            if (v.result() != null) {
                r.attach("outcome histogram", "text/csv", "csv", v.result().histogramCsv());
            }
            r.write(dir);
        }
    }

    private static AllureResult.Status status(Verdict.Kind kind) {
        return switch (kind) {
            case PASSED -> AllureResult.Status.PASSED;
            case FORBIDDEN_OBSERVED, NOT_CAUGHT -> AllureResult.Status.FAILED;
            case ERROR, MISSING -> AllureResult.Status.BROKEN;
        };
    }
}
