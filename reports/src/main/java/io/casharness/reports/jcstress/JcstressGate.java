package io.casharness.reports.jcstress;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CI gate for a jcstress run: reads the result directory, judges every test (see {@link Verdict}), writes JUnit
 * XML and Allure results, prints one line per test, and exits non-zero on any forbidden outcome of a real test, any
 * negative control not caught, any test jcstress could not judge, and any expected test that left no result.
 *
 * <pre>
 * java -cp &lt;reports classpath&gt; io.casharness.reports.jcstress.JcstressGate \
 *     --results stress/target/jcstress-results/results \
 *     --junit stress/target/jcstress-results/TEST-jcstress.xml \
 *     --allure stress/target/allure-results \
 *     [--expect-tests tests.txt] [--negative-prefix io.casharness.stress.negative.] [--start-millis N]
 * </pre>
 *
 * <p>{@code --results} may be given more than once (one directory per jcstress invocation). Each directory's
 * {@code index.html} is labelled with the gate's verdicts ({@link JcstressIndexLabel}: caught negative controls
 * read CAUGHT, the headline is the gate's pass rate; jcstress's page is kept as {@code index-jcstress.html}). Negative controls are the
 * tests whose class name starts with a {@code --negative-prefix} (repeatable; default
 * {@value #DEFAULT_NEGATIVE_PREFIX}). {@code --expect-tests} names a file with one test class per line (as
 * {@code java -jar jcstress.jar -l} prints them); tests in it without a result fail as missing.
 *
 * <p>Exit status: 0 all passed, 1 the gate failed, 2 bad arguments or unreadable results.
 */
public final class JcstressGate {
    /** The package of this project's negative controls. */
    public static final String DEFAULT_NEGATIVE_PREFIX = "io.casharness.stress.negative.";

    private JcstressGate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the gate; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, List<String>> opts;
        try {
            opts = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("jcstress gate: " + e.getMessage());
            err.println("usage: JcstressGate --results DIR... [--junit FILE] [--allure DIR] [--expect-tests FILE]"
                    + " [--negative-prefix PREFIX]... [--start-millis N]");
            return 2;
        }
        try {
            List<String> prefixes = opts.getOrDefault("--negative-prefix", List.of(DEFAULT_NEGATIVE_PREFIX));
            List<String> expected =
                    opts.containsKey("--expect-tests") ? readTestList(Path.of(one(opts, "--expect-tests"))) : List.of();
            List<JcstressTestResult> parsed = new ArrayList<>();
            for (String dir : opts.get("--results")) {
                parsed.addAll(JcstressHtmlParser.parseDirectory(Path.of(dir)));
            }
            List<Verdict> verdicts = judge(parsed, expected, prefixes);
            long now = System.currentTimeMillis();
            long start = opts.containsKey("--start-millis") ? Long.parseLong(one(opts, "--start-millis")) : now;
            if (opts.containsKey("--junit")) {
                JunitXmlWriter.write(verdicts, "jcstress", Path.of(one(opts, "--junit")));
            }
            if (opts.containsKey("--allure")) {
                AllureWriter.write(verdicts, Path.of(one(opts, "--allure")), start, now);
            }
            for (String dir : opts.get("--results")) {
                JcstressIndexLabel.label(Path.of(dir), verdicts);
            }
            return report(verdicts, out);
        } catch (IllegalArgumentException | UncheckedIOException | JcstressFormatException e) {
            err.println("jcstress gate: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Judges every result; adds a {@link Verdict.Kind#MISSING} verdict for each expected test without one. Sorted:
     * real tests first, then negative controls, each by name.
     */
    public static List<Verdict> judge(List<JcstressTestResult> results, List<String> expected, List<String> prefixes) {
        Map<String, Verdict> byName = new LinkedHashMap<>();
        for (JcstressTestResult r : results) {
            byName.put(r.name(), Verdict.of(r, isNegative(r.name(), prefixes)));
        }
        for (String name : expected) {
            byName.computeIfAbsent(name, n -> Verdict.missing(n, isNegative(n, prefixes)));
        }
        List<Verdict> sorted = new ArrayList<>(byName.values());
        sorted.sort((a, b) -> a.negativeControl() != b.negativeControl()
                ? Boolean.compare(a.negativeControl(), b.negativeControl())
                : a.name().compareTo(b.name()));
        return sorted;
    }

    private static boolean isNegative(String name, List<String> prefixes) {
        return prefixes.stream().anyMatch(name::startsWith);
    }

    private static int report(List<Verdict> verdicts, PrintStream out) {
        long passed = verdicts.stream().filter(Verdict::passed).count();
        long failed = verdicts.size() - passed;
        for (Verdict v : verdicts) {
            out.printf(
                    "%-4s %-9s %s: %s%n",
                    v.passed() ? "PASS" : "FAIL",
                    v.negativeControl() ? "negative" : "real",
                    v.simpleName(),
                    v.message());
        }
        if (verdicts.isEmpty()) {
            out.println("jcstress gate: no test results at all");
            return 1;
        }
        out.println("jcstress: " + passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /** One test class per line; blank lines and lines that are not a dotted class name are ignored. */
    static List<String> readTestList(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> l.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+"))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expected-test list " + file, e);
        }
    }

    private static Map<String, List<String>> parseArgs(String[] args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        List<String> known =
                List.of("--results", "--junit", "--allure", "--expect-tests", "--negative-prefix", "--start-millis");
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            opts.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
        }
        if (!opts.containsKey("--results")) {
            throw new IllegalArgumentException("--results DIR is required");
        }
        return opts;
    }

    private static String one(Map<String, List<String>> opts, String name) {
        List<String> values = opts.get(name);
        if (values.size() != 1) {
            throw new IllegalArgumentException(name + " given " + values.size() + " times, expected once");
        }
        return values.get(0);
    }
}
