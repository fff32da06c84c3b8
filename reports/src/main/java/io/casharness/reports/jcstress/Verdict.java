package io.casharness.reports.jcstress;

import static java.util.Objects.requireNonNull;

/**
 * The gate's judgement of one jcstress test.
 *
 * <p>A <b>real</b> test passes when it ran (no error, timeout, VM crash or skip in any configuration, at least one
 * sample) and showed no FORBIDDEN (or ungraded) outcome. A <b>negative control</b> (a deliberately broken variant)
 * passes when it ran and jcstress <em>did</em> observe a FORBIDDEN outcome: the property's check is shown able to
 * fail. A test that was expected but left no result fails as {@link Kind#MISSING}.
 *
 * @param name the test class
 * @param negativeControl whether the test is a negative control
 * @param kind the judgement
 * @param message one line saying why, with the numbers
 * @param result what jcstress reported, or {@code null} when the test left no result
 */
public record Verdict(String name, boolean negativeControl, Kind kind, String message, JcstressTestResult result) {

    /** The judgement. */
    public enum Kind {
        /** A real test with no forbidden outcome, or a negative control whose forbidden outcome was seen. */
        PASSED,
        /** A real test showed a forbidden outcome: the property is broken. */
        FORBIDDEN_OBSERVED,
        /** A negative control showed no forbidden outcome: the check could not be shown to bite. */
        NOT_CAUGHT,
        /** jcstress could not judge the test: error, timeout, VM crash, skip, or no samples. */
        ERROR,
        /** The test was expected but jcstress left no result page for it. */
        MISSING
    }

    public Verdict {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(message, "message");
    }

    public boolean passed() {
        return kind == Kind.PASSED;
    }

    /** Judges one result. */
    public static Verdict of(JcstressTestResult r, boolean negativeControl) {
        requireNonNull(r, "r");
        long forbidden = r.forbiddenSamples();
        long total = r.totalSamples();
        String counts = forbidden + " forbidden of " + total + " samples over "
                + r.runLabels().size() + " configurations";
        if (!r.errorLabels().isEmpty() || r.runLabels().isEmpty()) {
            String labels = r.runLabels().isEmpty() ? "no configuration ran" : "status " + r.errorLabels();
            return new Verdict(r.name(), negativeControl, Kind.ERROR, "jcstress could not judge it: " + labels, r);
        }
        if (total == 0) {
            return new Verdict(r.name(), negativeControl, Kind.ERROR, "no samples were taken", r);
        }
        if (negativeControl) {
            return forbidden > 0
                    ? new Verdict(r.name(), true, Kind.PASSED, "negative control caught: " + counts, r)
                    : new Verdict(
                            r.name(),
                            true,
                            Kind.NOT_CAUGHT,
                            "negative control NOT caught: no forbidden outcome in " + total
                                    + " samples; the check it controls is not shown able to fail (run longer?)",
                            r);
        }
        return forbidden == 0
                ? new Verdict(r.name(), false, Kind.PASSED, counts, r)
                : new Verdict(r.name(), false, Kind.FORBIDDEN_OBSERVED, "FORBIDDEN outcome observed: " + counts, r);
    }

    /** A test that was expected to run but left no result. */
    public static Verdict missing(String name, boolean negativeControl) {
        return new Verdict(name, negativeControl, Kind.MISSING, "expected to run, but jcstress left no result", null);
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

    /** The report text: the message, then the histogram and any jcstress messages. */
    public String details() {
        StringBuilder b = new StringBuilder(message).append('\n');
        if (result != null) {
            if (!result.description().isEmpty()) {
                b.append(result.description()).append('\n');
            }
            b.append('\n').append(result.histogramText());
            b.append("\nconfigurations: ").append(result.runLabels()).append('\n');
            if (!result.messages().isEmpty()) {
                b.append("\nmessages:\n").append(result.messages()).append('\n');
            }
        }
        return b.toString();
    }
}
