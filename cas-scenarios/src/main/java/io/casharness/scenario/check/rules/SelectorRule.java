package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;

/**
 * {@code selector-mismatch}: a page of a list did not return exactly the live objects whose labels match its
 * selector — it returned one whose labels, as returned, do not match, or it left out an object in its span that
 * held, throughout the call, a state whose labels match (labels lost on create, a relabel not visible to the
 * filter). Also {@code stale-read} for a listed object returned at a version (one an acknowledged write produced)
 * other than the one it held throughout the call. "Held throughout" is {@link KeyStates#throughout}: proved, or nothing is judged. Sound: a list is a read
 * of every object of the kind in its span, and the filter applies to the labels of the version returned.
 */
final class SelectorRule {
    private static final Explanation NOT_MATCHING = Explanation.of(
            "selector-mismatch.not-matching",
            "a list of {kind} with selector \"{selector}\" returned {key} at v{version} with the labels {labels},"
                    + " which do not match it");
    private static final Explanation MISSED = Explanation.of(
            "selector-mismatch.missed",
            "a list of {kind} with selector \"{selector}\" left out {key}, which held v{version} with the labels"
                    + " {labels} (matching) throughout the call, and whose id is within the page");
    private static final Explanation STALE = Explanation.of(
            "stale-read.listed",
            "a list of {kind} returned {key} at v{listed}, but {key} held v{version} throughout the call");
    private static final Explanation LISTED_ABSENT = Explanation.of(
            "stale-read.listed-absent",
            "a list of {kind} returned {key} at v{listed}, but {key} held no object throughout the call");

    private final HistoryIndex ix;
    private final KeyStates states;
    private final Findings out;

    SelectorRule(HistoryIndex ix, KeyStates states, Findings out) {
        this.ix = ix;
        this.states = states;
        this.out = out;
    }

    void judge(Listings listings) {
        for (Listings.PageOf p : listings.pages()) {
            Op list = ix.ops[p.op()];
            for (ListedPage.Item item : p.page().items()) {
                listed(p, list, item);
            }
            if (!p.hasSpan()) {
                continue;
            }
            for (KeyChain ks : states.ofKindFrom(list.kind(), p.low())) {
                if (!p.inSpan(ks.id)) {
                    break; // past the span's end: the keys are in id order
                }
                if (Listings.listed(p.page(), ks.id)) {
                    continue;
                }
                int st = states.throughout(ks, list.invokeNanos(), list.completeNanos());
                if (st < 0) {
                    continue;
                }
                Op w = ix.ops[st];
                if (w.labels() != null && p.selector().matches(w.labels())) {
                    out.report(
                            AnomalyType.SELECTOR_MISMATCH,
                            ks.key(),
                            MISSED.with("kind", list.kind())
                                    .with("selector", p.page().selector())
                                    .with("key", ks.key())
                                    .with("version", w.writtenVersion())
                                    .with("labels", Labels.show(w.labels())),
                            st,
                            p.op());
                }
            }
        }
    }

    private void listed(Listings.PageOf p, Op list, ListedPage.Item item) {
        KeyChain ks = states.chain(list.kind(), item.id());
        String key = list.kind() + "/" + item.id();
        if (!p.selector().matches(item.labels())) {
            int w = ks == null ? -1 : ix.versions.producerOf(ks.index, item.version());
            out.report(
                    AnomalyType.SELECTOR_MISMATCH,
                    key,
                    NOT_MATCHING
                            .with("kind", list.kind())
                            .with("selector", p.page().selector())
                            .with("key", key)
                            .with("version", item.version())
                            .with("labels", Labels.show(item.labels())),
                    w,
                    p.op());
            return;
        }
        if (ks == null || ix.versions.producerOf(ks.index, item.version()) < 0) {
            return; // a version no acknowledged write produced: the history cannot say what the key held instead
        }
        int st = states.throughout(ks, list.invokeNanos(), list.completeNanos());
        if (st >= 0 && ix.ops[st].writtenVersion() != item.version()) {
            out.report(
                    AnomalyType.STALE_READ,
                    key,
                    STALE.with("kind", list.kind())
                            .with("key", key)
                            .with("listed", item.version())
                            .with("version", ix.ops[st].writtenVersion()),
                    st,
                    p.op());
        } else if (st == KeyStates.ABSENT) {
            out.report(
                    AnomalyType.STALE_READ,
                    key,
                    LISTED_ABSENT.with("kind", list.kind()).with("key", key).with("listed", item.version()),
                    p.op());
        }
    }
}
