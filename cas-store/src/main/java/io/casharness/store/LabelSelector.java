package io.casharness.store;

import static java.util.Objects.requireNonNull;

import io.casharness.store.internal.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kubernetes label selector: a conjunction of requirements, written {@code env=prod,tier!=cache,zone in (a,b),
 * team notin (x),owner,!deprecated}. The empty selector matches everything.
 *
 * <p>Immutable and thread-safe. Parsing is strict: a malformed selector throws {@link IllegalArgumentException}
 * naming the selector, the position and what was expected.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), "");
    private final List<Requirement> requirements;
    private final String text;

    /** One requirement of a selector. */
    public sealed interface Requirement {
        String key();

        boolean matches(Map<String, String> labels);
    }

    /** {@code key=value} (also {@code key==value}). */
    public record Equals(String key, String value) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return value.equals(labels.get(key));
        }
    }

    /** {@code key!=value}: also true when the key is absent. */
    public record NotEquals(String key, String value) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return !value.equals(labels.get(key));
        }
    }

    /** {@code key in (v1,v2)}. */
    public record In(String key, Set<String> values) implements Requirement {
        public In {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return v != null && values.contains(v);
        }
    }

    /** {@code key notin (v1,v2)}: also true when the key is absent. */
    public record NotIn(String key, Set<String> values) implements Requirement {
        public NotIn {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return v == null || !values.contains(v);
        }
    }

    /** {@code key}: the key is present. */
    public record Exists(String key) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key);
        }
    }

    /** {@code !key}: the key is absent. */
    public record DoesNotExist(String key) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key);
        }
    }

    private LabelSelector(List<Requirement> requirements, String text) {
        this.requirements = List.copyOf(requirements);
        this.text = text;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** A selector of {@code key=value} requirements, one per entry. */
    public static LabelSelector matchingLabels(Map<String, String> labels) {
        Validation.labels(labels);
        List<Requirement> reqs = new ArrayList<>();
        new java.util.TreeMap<>(labels).forEach((k, v) -> reqs.add(new Equals(k, v)));
        return new LabelSelector(
                reqs,
                String.join(
                        ",",
                        reqs.stream()
                                .map(r -> r.key() + "=" + ((Equals) r).value())
                                .toList()));
    }

    /**
     * Parses a selector.
     *
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if it is malformed or names an invalid key or value
     */
    public static LabelSelector parse(String text) {
        requireNonNull(text, "selector");
        if (text.length() > 4096) {
            throw new IllegalArgumentException("label selector must be at most 4096 characters, was " + text.length());
        }
        return new Parser(text).parse();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Equal if the requirements are: a selector is a conjunction, so their order and repetition do not matter. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && Set.copyOf(requirements).equals(Set.copyOf(s.requirements));
    }

    @Override
    public int hashCode() {
        return Set.copyOf(requirements).hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        LabelSelector parse() {
            List<Requirement> reqs = new ArrayList<>();
            skipSpace();
            if (pos == s.length()) {
                return new LabelSelector(reqs, s);
            }
            while (true) {
                reqs.add(requirement());
                skipSpace();
                if (pos == s.length()) {
                    break;
                }
                expect(',');
            }
            return new LabelSelector(reqs, s);
        }

        private Requirement requirement() {
            skipSpace();
            if (peek() == '!') {
                pos++;
                skipSpace();
                return new DoesNotExist(key());
            }
            String key = key();
            skipSpace();
            if (pos == s.length() || peek() == ',') {
                return new Exists(key);
            }
            if (s.startsWith("==", pos)) {
                pos += 2;
                return new Equals(key, value(key));
            }
            if (s.startsWith("!=", pos)) {
                pos += 2;
                return new NotEquals(key, value(key));
            }
            if (peek() == '=') {
                pos++;
                return new Equals(key, value(key));
            }
            String word = word();
            if (word.equals("in")) {
                return new In(key, set(key));
            }
            if (word.equals("notin")) {
                return new NotIn(key, set(key));
            }
            throw error("expected '=', '==', '!=', 'in', 'notin', ',' or the end after key \"" + key + "\"");
        }

        private Set<String> set(String key) {
            skipSpace();
            expect('(');
            skipSpace();
            if (peek() == ')') {
                throw error("expected at least one value in the set of \"" + key + "\"");
            }
            Set<String> values = new TreeSet<>();
            while (true) {
                values.add(value(key));
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    return values;
                }
                if (peek() != ',') {
                    throw error("expected ',' or ')' in the set of \"" + key + "\"");
                }
                pos++;
            }
        }

        private String key() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && isKeyChar(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a label key");
            }
            String key = s.substring(start, pos);
            try {
                Validation.labelKey(key);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return key;
        }

        private String value(String key) {
            skipSpace();
            int start = pos;
            while (pos < s.length() && isValueChar(s.charAt(pos))) {
                pos++;
            }
            String value = s.substring(start, pos);
            try {
                Validation.labelValue(key, value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return value;
        }

        private String word() {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private static boolean isKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
        }

        private static boolean isValueChar(char c) {
            return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(
                    "malformed label selector " + Validation.show(s) + " at position " + pos + ": " + what);
        }
    }
}
