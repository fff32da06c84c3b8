package io.casharness.reports.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Renders benchmark runs as HTML reports with charts and evaluates the ratio gates.
 *
 * <pre>
 * JmhReportMain --in RUN.json|DIR [--out REPORT.html|DIR] [--gates gates.txt] [--baseline OLD.json|DIR]
 *               [--max-drop 0.2] [--allure DIR] [--enforce-targets] [--strict]
 * </pre>
 *
 * <p>{@code --in DIR} reports every JMH JSON file in the folder ({@code smoke.json}, {@code full.json},
 * {@code targets.json}: whichever profiles were run), each to {@code <profile>.html} in {@code --out} (default: the
 * same folder). {@code --baseline DIR} takes {@code DIR/<profile>.json} as each run's baseline when it exists. The
 * profile a run was measured in is read from the JSON ({@link JmhJson#CAS_FIELD}); on the {@code smoke} profile every
 * gate is shown "not gated (smoke)" and never fails.
 *
 * <p>Exit status: 0; 1 when a gate REGRESSED against the baseline, when a target is NOT_MET and
 * {@code --enforce-targets} is given, or when a gate is UNDEFINED and {@code --strict} is given; 2 on bad arguments
 * or unreadable input (one line naming the value). Targets are not enforced by default because a 2-core shared CI
 * machine cannot promise them; regressions of a ratio against a baseline are.
 *
 * <p>The regression check ({@link Regression}) is its own mode:
 *
 * <pre>
 * JmhReportMain --regression --in RUN.json --baseline BASELINE.json [--tolerance 0.05] [--alpha 0.05] [--json OUT.json]
 * </pre>
 *
 * prints the table of every cell's ratio to the atomic update against the baseline's, writes it as JSON (default
 * {@code RUN-regression.json} beside the run) and exits 0 when no cell regressed, 1 when one did, 2 on bad arguments
 * or when no cell could be compared at all.
 */
public final class JmhReportMain {
    static final String USAGE = "usage: JmhReportMain --in RUN.json|DIR [--out REPORT.html|DIR] [--gates gates.txt]"
            + " [--baseline OLD.json|DIR] [--max-drop 0.2] [--allure DIR] [--enforce-targets] [--strict]";

    private JmhReportMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Options of one invocation. */
    record Options(
            Path in,
            Path out,
            Path gates,
            Path baseline,
            double maxDrop,
            Path allure,
            boolean enforce,
            boolean strict) {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--regression")) {
            return regression(args, out, err);
        }
        Options o;
        List<Path[]> jobs;
        List<RatioGate> gates;
        try {
            o = parse(args);
            jobs = jobs(o);
            gates = o.gates() == null ? List.of() : RatioGate.parseRules(lines(o.gates()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("JmhReportMain: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        int failures = 0;
        for (Path[] job : jobs) {
            List<JmhResult> run;
            Optional<List<JmhResult>> baseline;
            try {
                run = JmhJson.read(job[0]);
                baseline = Optional.ofNullable(job[2]).map(JmhJson::read);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println("JmhReportMain: " + e.getMessage());
                return 2;
            }
            BenchReport report = BenchReport.of(run, baseline, gates, o.maxDrop());
            try {
                report.writeHtml(job[1], job[0].toString(), job[2] == null ? "" : job[2].toString());
                if (o.allure() != null) {
                    report.writeAllure(o.allure());
                }
            } catch (UncheckedIOException e) {
                err.println("JmhReportMain: " + e.getMessage());
                return 2;
            }
            out.println("wrote " + job[1] + " (" + run.size() + " cells"
                    + (job[2] == null ? "" : ", baseline " + job[2]) + ")");
            if (!report.gates().isEmpty()) {
                out.print(JmhHtml.markdown(report.gates()));
            }
            failures += report.failures(o.enforce(), o.strict());
        }
        if (failures > 0) {
            err.println(failures + " gate(s) failed");
            return 1;
        }
        return 0;
    }

    static final String REGRESSION_USAGE = "usage: JmhReportMain --regression --in RUN.json --baseline BASELINE.json"
            + " [--tolerance 0.05] [--alpha 0.05] [--json OUT.json]";

    /** The regression mode: exit 0 no regression, 1 a cell regressed, 2 usage or nothing comparable. */
    static int regression(String[] args, PrintStream out, PrintStream err) {
        Path in = null;
        Path baseline = null;
        Path json = null;
        double tolerance = 0.05;
        double alpha = 0.05;
        Regression.Result result;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--regression" -> {}
                    case "--in" -> in = Path.of(value(args, ++i, a));
                    case "--baseline" -> baseline = Path.of(value(args, ++i, a));
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--tolerance" -> tolerance = fraction(a, value(args, ++i, a));
                    case "--alpha" -> alpha = fraction(a, value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
                }
            }
            if (in == null || !Files.isRegularFile(in)) {
                throw new IllegalArgumentException(
                        in == null ? "--in RUN.json is required" : "--in " + in + ": no such file");
            }
            if (baseline == null || !Files.isRegularFile(baseline)) {
                throw new IllegalArgumentException(
                        baseline == null
                                ? "--baseline BASELINE.json is required"
                                : "--baseline " + baseline + ": no such file");
            }
            if (json == null) {
                json = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.json$", "") + "-regression.json");
            }
            result = Regression.compare(
                    JmhJson.read(in),
                    JmhJson.read(baseline),
                    tolerance,
                    alpha,
                    JmhJson.machine(in),
                    JmhJson.machine(baseline));
            result.writeJson(json);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("JmhReportMain: " + e.getMessage() + " (" + REGRESSION_USAGE + ")");
            return 2;
        }
        out.print(result.table());
        out.println("wrote " + json);
        if (!result.decided()) {
            err.println("JmhReportMain: no cell of " + in + " could be compared with " + baseline);
            return 2;
        }
        if (result.regressed()) {
            err.println("regression: a cell's ratio to atomic fell beyond the tolerance and the noise");
            return 1;
        }
        return 0;
    }

    private static double fraction(String name, String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0 && d < 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1 (exclusive), was " + v);
        }
        return d;
    }

    private static Options parse(String[] args) {
        Path in = null;
        Path out = null;
        Path gates = null;
        Path baseline = null;
        double maxDrop = 0.2;
        Path allure = null;
        boolean enforce = false;
        boolean strict = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--in" -> in = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--gates" -> gates = Path.of(value(args, ++i, a));
                case "--baseline" -> baseline = Path.of(value(args, ++i, a));
                case "--allure" -> allure = Path.of(value(args, ++i, a));
                case "--max-drop" -> {
                    String v = value(args, ++i, a);
                    try {
                        maxDrop = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        maxDrop = Double.NaN;
                    }
                    if (!(maxDrop > 0 && maxDrop < 1)) {
                        throw new IllegalArgumentException("--max-drop must be between 0 and 1 (exclusive), was " + v);
                    }
                }
                case "--enforce-targets" -> enforce = true;
                case "--strict" -> strict = true;
                default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
        }
        if (in == null) {
            throw new IllegalArgumentException("--in is required");
        }
        if (gates != null && !Files.isRegularFile(gates)) {
            throw new IllegalArgumentException("--gates " + gates + ": no such file");
        }
        return new Options(in, out, gates, baseline, maxDrop, allure, enforce, strict);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    /** (run, report, baseline or null) for each run to report. */
    private static List<Path[]> jobs(Options o) {
        List<Path[]> jobs = new ArrayList<>();
        if (Files.isDirectory(o.in())) {
            List<Path> runs;
            try (Stream<Path> files = Files.list(o.in())) {
                // a regression check's verdict (RUN-regression.json) sits beside its run and is not a run
                runs = files.filter(p -> p.getFileName().toString().endsWith(".json")
                                && !p.getFileName().toString().endsWith("-regression.json"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + o.in(), e);
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(
                        "--in " + o.in() + " holds no JMH JSON file (run bench/run.sh first)");
            }
            Path outDir = o.out() == null ? o.in() : o.out();
            for (Path r : runs) {
                String name = r.getFileName().toString().replaceFirst("\\.json$", "");
                jobs.add(new Path[] {r, outDir.resolve(name + ".html"), baselineFor(o.baseline(), name)});
            }
        } else if (Files.isRegularFile(o.in())) {
            String name = o.in().getFileName().toString().replaceFirst("\\.json$", "");
            Path out = o.out() == null ? o.in().resolveSibling(name + ".html") : o.out();
            if (Files.isDirectory(out)) {
                out = out.resolve(name + ".html");
            }
            jobs.add(new Path[] {o.in(), out, baselineFor(o.baseline(), name)});
        } else {
            throw new IllegalArgumentException("--in " + o.in() + ": no such file or folder (run bench/run.sh first)");
        }
        return jobs;
    }

    private static Path baselineFor(Path baseline, String profile) {
        if (baseline == null) {
            return null;
        }
        if (Files.isDirectory(baseline)) {
            Path p = baseline.resolve(profile + ".json");
            return Files.isRegularFile(p) ? p : null;
        }
        if (!Files.isRegularFile(baseline)) {
            throw new IllegalArgumentException("--baseline " + baseline + ": no such file or folder");
        }
        return baseline;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gates " + file, e);
        }
    }
}
