package io.casharness.scenario.check.rules;

/**
 * The rules of what lists and reads by name returned, run after the per-key rules on the shared indexes: a
 * listed object is one write's ({@link TornListRule}), a page holds exactly the matching objects of its span
 * ({@link SelectorRule}), paging neither repeats nor skips ({@link PagingRule}), a name has one holder at a time
 * ({@link DuplicateNameRule}) and a read by name agrees with it ({@link NameReadRule}). A history with no list and no
 * named write costs one pass over its ops. Stateless.
 */
final class ListAndNameRules {
    private ListAndNameRules() {}

    static void judge(HistoryIndex ix, Findings out) {
        Listings listings = new Listings(ix);
        boolean named = false;
        for (int i = 0; i < ix.n && !named; i++) {
            named = ix.ops[i].name() != null;
        }
        if (listings.pages().isEmpty() && !named) {
            return;
        }
        KeyStates states = new KeyStates(ix);
        new TornListRule(ix, states, out).judge(listings);
        new SelectorRule(ix, states, out).judge(listings);
        new PagingRule(ix, states, out).judge(listings);
        if (named) {
            NameHolds holds = new NameHolds(ix, states);
            new DuplicateNameRule(ix, out).judge(holds);
            new NameReadRule(ix, states, out).judge(holds);
        }
    }
}
