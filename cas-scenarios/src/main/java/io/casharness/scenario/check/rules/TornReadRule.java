package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code torn-read}: a read at version {@code v} returned a value other than the one the write of {@code v} stored
 * — the payload of one write under the version of another, in any workload whose reads record a value (register,
 * delete-race, phases, create-race). Judged only where both values are known: the write of {@code v} is an
 * acknowledged one (a version an indeterminate write produced is not known during the sweep, a version older than
 * every recorded write has no known writer), and both the write and the read recorded a value (appends and merges
 * record tokens instead, judged by {@link LostUpdateRule}). A read that also lacks the write's token is that rule's
 * proof of a write replaced in place, reported once there. Sound: one write produces a version (two are a
 * {@code duplicate-version}), a read of {@code v} returns what the write of {@code v} stored, and the history records
 * the value a write stored.
 */
final class TornReadRule {
    private static final Explanation TORN = Explanation.of(
            "torn-read.other-value",
            "a read of {key} at v{version} returned the value {readValue}, but the write of v{version} stored"
                    + " {writtenValue}");
    private static final Explanation TORN_FROM = Explanation.of(
            "torn-read.other-writes-value",
            "a read of {key} at v{version} returned the value {readValue}, but the write of v{version} stored"
                    + " {writtenValue}: the read paired v{version} with the value of the {otherVerb} of v{otherVersion}");

    private final HistoryIndex ix;
    private final Findings out;

    TornReadRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    /** In the sweep: an ok read of the version {@code producer} wrote. */
    void read(int i, Op read, KeyChain ks, int producer) {
        Op w = ix.ops[producer];
        String stored = w.value();
        String got = read.value();
        if (stored == null || got == null || stored.equals(got) || LostUpdateRule.lacksOwnToken(read, w)) {
            return;
        }
        String key = ks.key();
        int other = out.willList(AnomalyType.TORN_READ) ? writerOf(ks, got, producer) : -1;
        Explanation why = (other >= 0 ? TORN_FROM : TORN)
                .with("key", key)
                .with("version", read.readVersion())
                .with("readValue", got)
                .with("writtenValue", stored);
        if (other >= 0) {
            why = why.with("otherVerb", Ops.verb(ix.ops[other])).with("otherVersion", ix.ops[other].writtenVersion());
        }
        out.report(AnomalyType.TORN_READ, key, why, producer, other, i);
    }

    /** The acknowledged write of the key other than {@code not} that stored {@code value}, or -1 (only for a report). */
    private int writerOf(KeyChain ks, String value, int not) {
        LongList vs = ks.writeVersions;
        for (int j = vs.size() - 1; j >= 0; j--) {
            int w = ix.versions.producerOf(ks.index, vs.get(j));
            if (w >= 0 && w != not && value.equals(ix.ops[w].value())) {
                return w;
            }
        }
        return -1;
    }
}
