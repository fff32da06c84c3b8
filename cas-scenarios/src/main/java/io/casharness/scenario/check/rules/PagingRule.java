package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code paging}: paging through a list repeated an object, or skipped one that was present throughout. A listing
 * (see {@link Listings}) pages in id order, so no id can come twice; and an object that held, from the first page's
 * invocation to the last page's completion, a state whose labels match the selector must be on some page. Objects
 * inside a page's span are that page's to return ({@link SelectorRule}); this rule judges the ids between spans,
 * where only the cursor can have lost them. Sound: with keyset paging the pages of a listing partition the ids.
 */
final class PagingRule {
    private static final Explanation REPEATED = Explanation.of(
            "paging.repeated",
            "paging through {kind} with selector \"{selector}\" returned {key} twice, at v{first} and v{second}");
    private static final Explanation SKIPPED = Explanation.of(
            "paging.skipped",
            "paging through {kind} with selector \"{selector}\" in {pages} pages skipped {key}, which held"
                    + " v{version} with the labels {labels} (matching) throughout, between the pages");

    private final HistoryIndex ix;
    private final KeyStates states;
    private final Findings out;

    PagingRule(HistoryIndex ix, KeyStates states, Findings out) {
        this.ix = ix;
        this.states = states;
        this.out = out;
    }

    void judge(Listings listings) {
        for (List<Listings.PageOf> listing : listings.listings()) {
            Listings.PageOf first = listing.get(0);
            Listings.PageOf last = listing.get(listing.size() - 1);
            Op firstOp = ix.ops[first.op()];
            String kind = firstOp.kind();
            String selector = first.page().selector();
            Map<String, long[]> seen = new HashMap<>();
            Map<String, Integer> seenOn = new HashMap<>();
            for (Listings.PageOf p : listing) {
                for (ListedPage.Item item : p.page().items()) {
                    long[] before = seen.putIfAbsent(item.id(), new long[] {item.version()});
                    if (before == null) {
                        seenOn.put(item.id(), p.op());
                        continue;
                    }
                    String key = kind + "/" + item.id();
                    out.report(
                            AnomalyType.PAGING,
                            key,
                            REPEATED.with("kind", kind)
                                    .with("selector", selector)
                                    .with("key", key)
                                    .with("first", before[0])
                                    .with("second", item.version()),
                            seenOn.get(item.id()),
                            p.op());
                }
            }
            long from = firstOp.invokeNanos();
            long to = ix.ops[last.op()].completeNanos();
            int[] cited = new int[listing.size() + 1];
            for (int j = 0; j < listing.size(); j++) {
                cited[j + 1] = listing.get(j).op();
            }
            for (KeyChain ks : states.ofKind(kind)) {
                if (seen.containsKey(ks.id) || Listings.inSomeSpan(listing, ks.id)) {
                    continue;
                }
                if (listing.stream().anyMatch(p -> !p.hasSpan())) {
                    break; // a page whose order is not known: where its ids lie is not known either
                }
                int st = states.throughout(ks, from, to);
                if (st < 0) {
                    continue;
                }
                Op w = ix.ops[st];
                if (w.labels() != null && first.selector().matches(w.labels())) {
                    cited[0] = st;
                    out.report(
                            AnomalyType.PAGING,
                            ks.key(),
                            SKIPPED.with("kind", kind)
                                    .with("selector", selector)
                                    .with("pages", listing.size())
                                    .with("key", ks.key())
                                    .with("version", w.writtenVersion())
                                    .with("labels", Labels.show(w.labels())),
                            cited.clone());
                }
            }
        }
    }
}
