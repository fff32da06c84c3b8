package io.casharness.scenario.check.rules;

import java.util.Map;
import java.util.TreeMap;

/** Labels as explanations show them: {@code {team=a, tier=gold}}, sorted. Stateless. */
final class Labels {
    private Labels() {}

    static String show(Map<String, String> labels) {
        return new TreeMap<>(labels).toString();
    }
}
