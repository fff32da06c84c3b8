package io.casharness.reports.jcstress;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What jcstress reported for one test, merged over all the configurations it ran in (JVM flags, compilation modes,
 * scheduling classes, forks): each observed outcome with its grading and its total sample count, and the status
 * label of every configuration.
 *
 * <p>Immutable.
 *
 * @param name the fully qualified test class
 * @param description the test's {@code @Description}, or empty
 * @param outcomes every observed outcome, in jcstress's order
 * @param runLabels the status of each configuration: {@code OK}, {@code FAILED}, {@code ERROR}, {@code TIMEOUT},
 *     {@code VM ERROR} or {@code SKIPPED}
 * @param messages error messages jcstress recorded (stack traces of a test that threw), or empty
 */
public record JcstressTestResult(
        String name, String description, List<Outcome> outcomes, List<String> runLabels, String messages) {

    public JcstressTestResult {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        outcomes = List.copyOf(outcomes);
        runLabels = List.copyOf(runLabels);
        requireNonNull(messages, "messages");
    }

    /** How jcstress grades an outcome ({@code @Outcome(expect = ...)}). */
    public enum Expect {
        ACCEPTABLE,
        ACCEPTABLE_INTERESTING,
        FORBIDDEN,
        /** An outcome no {@code @Outcome} matched and there is no default: jcstress fails the test. */
        UNKNOWN;

        /** Parses jcstress's rendering ("Acceptable", "Interesting", "Forbidden", "Unknown"). */
        static Expect parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "acceptable" -> ACCEPTABLE;
                case "interesting", "acceptable_interesting" -> ACCEPTABLE_INTERESTING;
                case "forbidden" -> FORBIDDEN;
                case "unknown" -> UNKNOWN;
                default -> throw new IllegalArgumentException("unknown jcstress grading '" + text + "'");
            };
        }
    }

    /**
     * One observed outcome.
     *
     * @param id the result tuple as jcstress prints it, for example {@code 1, 0, 1}
     * @param expect its grading
     * @param description the {@code desc} of the matching {@code @Outcome}
     * @param samples how often it was observed, over all configurations
     */
    public record Outcome(String id, Expect expect, String description, long samples) {
        public Outcome {
            requireNonNull(id, "id");
            requireNonNull(expect, "expect");
            requireNonNull(description, "description");
            if (samples < 0) {
                throw new IllegalArgumentException("samples must be >= 0, was " + samples + " for " + id);
            }
        }
    }

    /** The simple class name. */
    public String simpleName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The package, or empty. */
    public String packageName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** All samples over all outcomes. */
    public long totalSamples() {
        return outcomes.stream().mapToLong(Outcome::samples).sum();
    }

    /** Samples of outcomes graded FORBIDDEN or UNKNOWN (jcstress fails a test on either). */
    public long forbiddenSamples() {
        return outcomes.stream()
                .filter(o -> o.expect() == Expect.FORBIDDEN || o.expect() == Expect.UNKNOWN)
                .mapToLong(Outcome::samples)
                .sum();
    }

    /** Configuration labels that mean the harness could not judge the test: errors, timeouts, VM crashes, skips. */
    public List<String> errorLabels() {
        return runLabels.stream()
                .filter(l -> !l.equals("OK") && !l.equals("FAILED"))
                .distinct()
                .toList();
    }

    /** The outcome histogram as CSV: {@code outcome,expect,samples,description}. */
    public String histogramCsv() {
        StringBuilder b = new StringBuilder("outcome,expect,samples,description\n");
        for (Outcome o : outcomes) {
            b.append(csv(o.id()))
                    .append(',')
                    .append(o.expect())
                    .append(',')
                    .append(o.samples())
                    .append(',')
                    .append(csv(o.description()))
                    .append('\n');
        }
        return b.toString();
    }

    /** The outcome histogram as an aligned text table, as jcstress prints it. */
    public String histogramText() {
        int idWidth = "RESULT".length();
        int samplesWidth = "SAMPLES".length();
        int expectWidth = "EXPECT".length();
        for (Outcome o : outcomes) {
            idWidth = Math.max(idWidth, o.id().length());
            samplesWidth =
                    Math.max(samplesWidth, String.format("%,d", o.samples()).length());
            expectWidth = Math.max(expectWidth, o.expect().name().length());
        }
        String format = "%" + idWidth + "s  %" + samplesWidth + "s  %" + expectWidth + "s  %s%n";
        StringBuilder b = new StringBuilder(String.format(format, "RESULT", "SAMPLES", "EXPECT", "DESCRIPTION"));
        for (Outcome o : outcomes) {
            b.append(String.format(
                    format,
                    o.id(),
                    String.format("%,d", o.samples()),
                    o.expect().name(),
                    o.description()));
        }
        return b.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
