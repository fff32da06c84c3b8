package io.casharness.store.internal;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Limits;
import io.casharness.store.ObjectKey;
import io.casharness.store.WriteCondition;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input checks shared by every store. Each failure names the offending value (shortened for display) and the bound
 * it broke. Not API.
 */
public final class Validation {
    private static final Pattern KIND = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Validation() {}

    public static void kind(String kind) {
        token(
                "kind",
                kind,
                Limits.MAX_KIND_LENGTH,
                KIND,
                "lower-case letters, digits and '-', alphanumeric at both ends");
    }

    public static void id(String id) {
        token("id", id, Limits.MAX_ID_LENGTH, ID, "letters, digits and '-_.:', alphanumeric at both ends");
    }

    public static void name(String name) {
        token("name", name, Limits.MAX_NAME_LENGTH, ID, "letters, digits and '-_.:', alphanumeric at both ends");
    }

    public static void labels(Map<String, String> labels) {
        requireNonNull(labels, "labels");
        if (labels.size() > Limits.MAX_LABELS) {
            throw new IllegalArgumentException(
                    "an object may carry at most " + Limits.MAX_LABELS + " labels, got " + labels.size());
        }
        labels.forEach((k, v) -> {
            labelKey(k);
            labelValue(k, v);
        });
    }

    public static void labelKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("label key must not be null");
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > Limits.MAX_LABEL_PREFIX_LENGTH
                    || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                throw new IllegalArgumentException("label key prefix " + show(prefix) + " of " + show(key)
                        + " must be a DNS subdomain of at most " + Limits.MAX_LABEL_PREFIX_LENGTH + " characters");
            }
        }
        if (name.isEmpty()
                || name.length() > Limits.MAX_LABEL_NAME_LENGTH
                || !LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("label key " + show(key) + " must have a name part of 1 to "
                    + Limits.MAX_LABEL_NAME_LENGTH
                    + " characters: letters, digits and '-_.', alphanumeric at both ends");
        }
    }

    public static void labelValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("label " + show(key) + " has a null value");
        }
        if (value.length() > Limits.MAX_LABEL_VALUE_LENGTH
                || (!value.isEmpty() && !LABEL_NAME.matcher(value).matches())) {
            throw new IllegalArgumentException("label " + show(key) + " value " + show(value) + " must be at most "
                    + Limits.MAX_LABEL_VALUE_LENGTH
                    + " characters: empty, or letters, digits and '-_.', alphanumeric at both ends");
        }
    }

    public static void payload(int size, int maxPayloadBytes) {
        if (size > maxPayloadBytes) {
            throw new IllegalArgumentException(
                    "payload of " + size + " bytes exceeds the limit of " + maxPayloadBytes + " bytes");
        }
    }

    /** A delete's key and condition: both present, and the condition not {@code MustCreate}. */
    public static void delete(ObjectKey key, WriteCondition condition) {
        requireNonNull(key, "key");
        requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.MustCreate) {
            throw new IllegalArgumentException("delete takes MatchVersion or Unconditional, not MustCreate");
        }
    }

    private static void token(String what, String value, int max, Pattern pattern, String rule) {
        if (value == null) {
            throw new NullPointerException(what);
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, was " + show(value));
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    what + " must be at most " + max + " characters, was " + value.length() + ": " + show(value));
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + show(value) + " is invalid: allowed are " + rule);
        }
    }

    /** Quotes a value for an error message, shortened to 64 characters. */
    public static String show(String value) {
        if (value == null) {
            return "null";
        }
        String v = value.length() > 64 ? value.substring(0, 61) + "..." : value;
        return '"' + v.replace("\n", "\\n") + '"';
    }
}
