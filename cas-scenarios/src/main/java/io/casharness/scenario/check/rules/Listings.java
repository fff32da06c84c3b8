package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import io.casharness.store.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The history's lists: every acknowledged {@code LIST} page, and the pages grouped into <em>listings</em> — one
 * process paging through one kind with one selector, each page starting after the cursor the page before returned —
 * with each page's <em>span</em>, the ids it answers for. Lists are keyset-paged in id order, so the first page of a
 * listing answers for every id up to its last item, a later page for its first item to its last, and the last page
 * for everything from its first item on; an id in no span of a listing lies where the cursor moved between pages.
 * A page whose items are not in increasing id order (a store that sorts otherwise than {@link String#compareTo})
 * has no span: nothing is judged by position on it. Not thread-safe; one per run.
 */
final class Listings {
    /** One acknowledged page: its op, its selector, and its span ({@code null} bounds are open). */
    record PageOf(int op, ListedPage page, LabelSelector selector, boolean hasSpan, String low, String high) {
        boolean inSpan(String id) {
            return hasSpan && (low == null || id.compareTo(low) >= 0) && (high == null || id.compareTo(high) <= 0);
        }
    }

    private final List<PageOf> pages = new ArrayList<>();
    private final List<List<PageOf>> listings = new ArrayList<>();

    Listings(HistoryIndex ix) {
        Map<String, LabelSelector> selectors = new HashMap<>();
        Map<Integer, List<PageOf>> open = new HashMap<>();
        for (int i = 0; i < ix.n; i++) {
            Op op = ix.ops[i];
            if (op.type() != OpType.LIST || op.page() == null) {
                continue;
            }
            if (op.status() != Status.OK) {
                open.remove(op.process());
                continue;
            }
            ListedPage p = op.page();
            LabelSelector selector;
            try {
                selector = selectors.computeIfAbsent(p.selector(), LabelSelector::parse);
            } catch (IllegalArgumentException e) {
                continue; // a selector this harness cannot read: nothing to judge it by
            }
            PageOf page = page(i, p, selector);
            pages.add(page);
            List<PageOf> current = open.get(op.process());
            if (p.after() == null) {
                current = new ArrayList<>();
                listings.add(current);
            } else if (current == null
                    || !p.after().equals(last(current).page().next())
                    || !p.selector().equals(last(current).page().selector())
                    || !op.kind().equals(ix.ops[last(current).op()].kind())) {
                open.remove(op.process());
                continue; // a page of no listing this history saw begin
            }
            current.add(page);
            if (p.next() == null) {
                open.remove(op.process());
            } else {
                open.put(op.process(), current);
            }
        }
        listings.removeIf(l -> last(l).page().next() != null); // unfinished: cut short by the run's end or an error
    }

    private static PageOf last(List<PageOf> l) {
        return l.get(l.size() - 1);
    }

    private static PageOf page(int op, ListedPage p, LabelSelector selector) {
        List<ListedPage.Item> items = p.items();
        String prev = p.after();
        for (ListedPage.Item item : items) {
            if (prev != null && item.id().compareTo(prev) <= 0) {
                return new PageOf(op, p, selector, false, null, null);
            }
            prev = item.id();
        }
        if (items.isEmpty()) {
            // an empty first and last page answers for everything; an empty later page for what is after its cursor
            return p.next() != null
                    ? new PageOf(op, p, selector, false, null, null)
                    : new PageOf(op, p, selector, true, p.after() == null ? null : successor(p.after()), null);
        }
        String low = p.after() == null ? null : items.get(0).id();
        String high = p.next() == null ? null : items.get(items.size() - 1).id();
        return new PageOf(op, p, selector, true, low, high);
    }

    /** The smallest string above {@code id}. */
    private static String successor(String id) {
        return id + '\u0000';
    }

    /** Every acknowledged page. */
    List<PageOf> pages() {
        return pages;
    }

    /** Every finished listing (its first page has no cursor, its last no next), pages in order. */
    List<List<PageOf>> listings() {
        return listings;
    }

    /** Whether {@code id} is in the span of some page of {@code listing}. */
    static boolean inSomeSpan(List<PageOf> listing, String id) {
        for (PageOf p : listing) {
            if (p.inSpan(id)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code id} is among the items of {@code page}. */
    static boolean listed(ListedPage page, String id) {
        for (ListedPage.Item item : page.items()) {
            if (Objects.equals(item.id(), id)) {
                return true;
            }
        }
        return false;
    }
}
