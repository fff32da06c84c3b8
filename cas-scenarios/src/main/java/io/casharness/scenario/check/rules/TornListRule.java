package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;

/**
 * {@code torn-list}: a listed object's version, payload and labels are not one write's — the list returned version
 * {@code v} with a payload value or labels other than the ones the write of {@code v} stored (a list that hydrates
 * the version, the payload or the labels from another read than the row it lists). Judged where the write of
 * {@code v} is an acknowledged one and recorded what it stored (labels are recorded by workloads that label their
 * objects). Sound: one write produces a version, and an object read at a version is what that write stored.
 */
final class TornListRule {
    private static final Explanation PAYLOAD = Explanation.of(
            "torn-list.payload",
            "a list of {kind} returned {key} at v{version} with the value {listedValue}, but the write of v{version}"
                    + " stored {writtenValue}");
    private static final Explanation LABELS = Explanation.of(
            "torn-list.labels",
            "a list of {kind} returned {key} at v{version} with the labels {listedLabels}, but the write of"
                    + " v{version} stored {writtenLabels}");

    private final HistoryIndex ix;
    private final KeyStates states;
    private final Findings out;

    TornListRule(HistoryIndex ix, KeyStates states, Findings out) {
        this.ix = ix;
        this.states = states;
        this.out = out;
    }

    void judge(Listings listings) {
        for (Listings.PageOf p : listings.pages()) {
            Op list = ix.ops[p.op()];
            for (ListedPage.Item item : p.page().items()) {
                KeyChain ks = states.chain(list.kind(), item.id());
                int w = ks == null ? -1 : ix.versions.producerOf(ks.index, item.version());
                if (w < 0) {
                    continue;
                }
                Op write = ix.ops[w];
                if (write.value() != null
                        && item.value() != null
                        && !write.value().equals(item.value())) {
                    out.report(
                            AnomalyType.TORN_LIST,
                            ks.key(),
                            PAYLOAD.with("kind", list.kind())
                                    .with("key", ks.key())
                                    .with("version", item.version())
                                    .with("listedValue", item.value())
                                    .with("writtenValue", write.value()),
                            w,
                            p.op());
                } else if (write.labels() != null && !write.labels().equals(item.labels())) {
                    out.report(
                            AnomalyType.TORN_LIST,
                            ks.key(),
                            LABELS.with("kind", list.kind())
                                    .with("key", ks.key())
                                    .with("version", item.version())
                                    .with("listedLabels", Labels.show(item.labels()))
                                    .with("writtenLabels", Labels.show(write.labels())),
                            w,
                            p.op());
                }
            }
        }
    }
}
