package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code duplicate-version}: two acknowledged writes produced one version, of one key, or of two keys when versions
 * come from one counter. Sound: a key's versions rise, so one version is produced once per key; one counter never
 * hands out a value twice. The index pass meets every pair ({@link HistoryIndex#duplicates}).
 */
final class DuplicateVersionRule {
    private static final Explanation SAME_KEY =
            Explanation.of("duplicate-version.same-key", "two acknowledged writes of {key} both produced v{version}");
    private static final Explanation TWO_KEYS = Explanation.of(
            "duplicate-version.two-keys",
            "v{version} was produced by acknowledged writes of two keys, {otherKey} and {key}, although versions come"
                    + " from one counter");

    private final HistoryIndex ix;
    private final Findings out;

    DuplicateVersionRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge() {
        IntList d = ix.duplicates;
        for (int j = 0; j < d.size(); j += 3) {
            int earlier = d.get(j);
            int later = d.get(j + 1);
            Op w = ix.ops[later];
            String key = w.key();
            if (d.get(j + 2) == 0) {
                out.report(
                        AnomalyType.DUPLICATE_VERSION,
                        key,
                        SAME_KEY.with("key", key).with("version", w.writtenVersion()),
                        earlier,
                        later);
            } else {
                String otherKey = ix.ops[earlier].key();
                out.report(
                        AnomalyType.DUPLICATE_VERSION,
                        otherKey + " & " + key,
                        TWO_KEYS.with("version", w.writtenVersion())
                                .with("otherKey", otherKey)
                                .with("key", key),
                        earlier,
                        later);
            }
        }
    }
}
