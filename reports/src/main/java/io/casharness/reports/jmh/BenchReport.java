package io.casharness.reports.jmh;

import io.casharness.reports.allure.AllureResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One benchmark run made readable: its cells, its baseline, its gates evaluated under the run's profile (the smoke
 * profile gates nothing), rendered as the HTML report with charts and as Allure results (one test per cell, one
 * per gate). The bench runner and {@link JmhReportMain} both go through here, so the page, the Allure report and
 * the exit status say the same thing. Immutable.
 *
 * @param run this run's cells
 * @param baseline the baseline run's cells, if one was given
 * @param gates the evaluated gates, in the order of the rules
 */
public record BenchReport(List<JmhResult> run, Optional<List<JmhResult>> baseline, List<RatioGate.Evaluation> gates) {
    /** The profile whose numbers are never gated: one short iteration per cell. */
    public static final String SMOKE = "smoke";

    public BenchReport {
        run = List.copyOf(run);
        gates = List.copyOf(gates);
    }

    /** Evaluates {@code rules} on {@code run}; on the smoke profile every gate is shown "not gated (smoke)". */
    public static BenchReport of(
            List<JmhResult> run, Optional<List<JmhResult>> baseline, List<RatioGate> rules, double maxDrop) {
        String profile = profile(run);
        List<RatioGate.Evaluation> gates = rules.stream()
                .map(g -> g.evaluate(run, baseline, maxDrop))
                .map(e -> profile.equals(SMOKE) ? e.notGated(SMOKE) : e)
                .toList();
        return new BenchReport(run, baseline, gates);
    }

    /** The profile the run was measured in, or empty for a plain JMH run. */
    public static String profile(List<JmhResult> run) {
        return run.stream()
                .map(JmhResult::profile)
                .filter(p -> !p.isEmpty())
                .findFirst()
                .orElse("");
    }

    /** How many gates fail the run: REGRESSED always, NOT_MET when enforced, UNDEFINED when strict. */
    public int failures(boolean enforceTargets, boolean strict) {
        int n = 0;
        for (RatioGate.Evaluation e : gates) {
            n += failed(e, enforceTargets, strict) ? 1 : 0;
        }
        return n;
    }

    private static boolean failed(RatioGate.Evaluation e, boolean enforceTargets, boolean strict) {
        return switch (e.status()) {
            case REGRESSED -> true;
            case NOT_MET -> enforceTargets;
            case UNDEFINED -> strict;
            case MET, NOT_GATED -> false;
        };
    }

    /** Writes the HTML report. */
    public void writeHtml(Path file, String source, String baselineSource) {
        String profile = profile(run);
        String title = "Benchmarks" + (profile.isEmpty() ? "" : ": " + profile + " profile");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JmhHtml.render(title, source, run, baseline, baselineSource, gates));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes one Allure result per cell (passed when its check is OK, or when it is the negative control and was
     * caught) and one per gate (passed when MET; failed when it fails the run; skipped, with the reason, when it is
     * shown but not gated).
     */
    public void writeAllure(Path dir) {
        writeAllure(dir, false, false);
    }

    /** As {@link #writeAllure(Path)}, failing gates exactly as {@link #failures(boolean, boolean)} does. */
    public void writeAllure(Path dir, boolean enforceTargets, boolean strict) {
        String profile = profile(run).isEmpty() ? "jmh" : profile(run);
        long now = System.currentTimeMillis();
        for (JmhResult c : run) {
            String verdict = c.check().map(CellCheck::verdict).orElse("OK");
            AllureResult.Status status;
            String message;
            if (c.negativeControl()) {
                boolean caught = verdict.equals("BROKEN");
                status = caught ? AllureResult.Status.PASSED : AllureResult.Status.FAILED;
                message = caught
                        ? "negative control caught: the check found the updates it lost (BROKEN, as it must be)"
                        : "negative control NOT caught: check " + verdict;
            } else if (c.failed()) {
                status = verdict.equals("BROKEN") ? AllureResult.Status.FAILED : AllureResult.Status.BROKEN;
                message = "check " + verdict + "; JMH has no result for the cell: its trial threw (see the run's log)";
            } else {
                status = switch (verdict) {
                    case "OK" -> AllureResult.Status.PASSED;
                    case "BROKEN" -> AllureResult.Status.FAILED;
                    default -> AllureResult.Status.BROKEN;
                };
                message = (c.check().isPresent() ? "check " + verdict : "no correctness check (not a contention cell)")
                        + figures(c);
            }
            AllureResult r = new AllureResult("bench." + profile + "." + c.cellName(), c.cellName(), status, message)
                    .historyKey("bench:" + profile + ":" + c.cellName())
                    .time(now, now)
                    .label("framework", "jmh")
                    .label("parentSuite", "bench")
                    .label("suite", profile + " profile: cells")
                    .label("subSuite", c.param("backend") == null ? c.shortName() : c.param("backend"));
            if (c.negativeControl()) {
                r.label("tag", "negative-control");
            }
            c.params().forEach(r::parameter);
            r.parameter("threads", Integer.toString(c.threads()));
            c.check()
                    .ifPresent(k -> r.trace("database: " + k.database() + "\nsuccesses reported " + k.successes()
                            + ", applied in the database " + k.applied() + "\nerrors: " + k.errors()));
            r.write(dir);
        }
        for (RatioGate.Evaluation e : gates) {
            AllureResult.Status status = failed(e, enforceTargets, strict)
                    ? AllureResult.Status.FAILED
                    : e.status() == RatioGate.Status.MET ? AllureResult.Status.PASSED : AllureResult.Status.SKIPPED;
            String message = JmhHtml.statusText(e)
                    + (status == AllureResult.Status.SKIPPED && e.status() != RatioGate.Status.NOT_GATED
                            ? " (not enforced: only bench/run.sh targets decides the targets)"
                            : "")
                    + ": " + e.detail();
            new AllureResult(
                            "bench." + profile + ".gate." + e.gate().name(),
                            "gate " + e.gate().name(),
                            status,
                            message)
                    .historyKey("bench:" + profile + ":gate:" + e.gate().name())
                    .time(now, now)
                    .label("framework", "jmh")
                    .label("parentSuite", "bench")
                    .label("suite", profile + " profile: gates")
                    .parameter("needs", ">= " + e.gate().minRatio())
                    .trace(e.gate().numerator() + "\n/ " + e.gate().denominator())
                    .write(dir);
        }
    }

    private static String figures(JmhResult c) {
        double goodput = c.secondaryScore("goodput");
        if (Double.isNaN(goodput)) {
            return String.format(Locale.ROOT, "; score %.4g %s", c.score(), c.unit());
        }
        return String.format(
                Locale.ROOT,
                "; goodput %.0f/s, %.2f attempts/success, p99 %s µs",
                goodput,
                JmhHtml.attemptsPerSuccess(c),
                JmhHtml.fmt(c.check().map(CellCheck::p99us).orElse(Double.NaN)));
    }
}
