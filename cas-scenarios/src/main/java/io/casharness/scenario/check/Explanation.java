package io.casharness.scenario.check;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why an {@link Anomaly} was reported, as data: a stable {@link #reason()} id naming the rule and the case, the
 * named values it cites (versions, tokens, outcomes), and a sentence template. {@link #text()} renders the sentence
 * for a person; a JSON writer takes {@link #reason()} and {@link #values()} as they are.
 *
 * <p>A template names values in braces: {@code "a write of {key} produced v{written}"} renders each {@code {name}}
 * as its value ({@code {key}} too, when it is among the values). Immutable.
 *
 * @param reason a stable id, {@code <anomaly-type>.<case>} (e.g. {@code stale-read.after-write})
 * @param template the sentence, with {@code {name}} placeholders
 * @param values the values cited, in the order the sentence names them
 */
public record Explanation(String reason, String template, Map<String, Object> values) {
    public Explanation {
        requireNonNull(reason, "reason");
        requireNonNull(template, "template");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values")));
    }

    /** An explanation with no values; {@link #with} adds them. */
    public static Explanation of(String reason, String template) {
        return new Explanation(reason, template, Map.of());
    }

    /** A plain sentence with no values (for anomalies made outside the checker). */
    public static Explanation text(String sentence) {
        return new Explanation("text", sentence.replace("{", "{{"), Map.of());
    }

    /** This explanation with one more named value. */
    public Explanation with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(requireNonNull(name, "name"), value);
        return new Explanation(reason, template, more);
    }

    /** The sentence, each {@code {name}} replaced by its value ({@code {{} is a literal brace). */
    public String text() {
        StringBuilder b = new StringBuilder(template.length() + 32);
        int at = 0;
        while (at < template.length()) {
            char c = template.charAt(at);
            if (c == '{' && at + 1 < template.length() && template.charAt(at + 1) == '{') {
                b.append('{');
                at += 2;
                continue;
            }
            int end = c == '{' ? template.indexOf('}', at) : -1;
            if (end < 0) {
                b.append(c);
                at++;
                continue;
            }
            String name = template.substring(at + 1, end);
            if (!values.containsKey(name)) {
                throw new IllegalStateException("explanation " + reason + " names {" + name + "}, which it lacks");
            }
            b.append(values.get(name));
            at = end + 1;
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
