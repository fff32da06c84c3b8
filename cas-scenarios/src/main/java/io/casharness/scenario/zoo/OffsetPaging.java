package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.LabelSelector;
import io.casharness.store.Limits;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.StoredObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>offset-paging</b>: a list paged by offset behind a keyset-looking cursor — the store remembers, for each cursor
 * it hands out, how many matching rows came before it, and serves the next page as {@code LIMIT n OFFSET k} over a
 * fresh query. Each page is a correct snapshot, but an object deleted, created or relabelled before the cursor
 * between two pages shifts every later row: the next page skips one object or repeats one. Caught by {@code paging}
 * on the controller workload.
 */
public final class OffsetPaging extends ApplicationMistake {
    public OffsetPaging() {
        super("offset-paging", "pages served as LIMIT/OFFSET over a fresh query per page", "controller", "paging");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        /** (kind, selector, cursor handed out) -> the offset the next page starts at. */
        private final ConcurrentHashMap<String, Integer> offsets = new ConcurrentHashMap<>();

        Store(CasStore delegate) {
            super(delegate, "offset-paging");
        }

        @Override
        public Page list(String kind, LabelSelector selector, PageRequest page) {
            Integer offset =
                    page.after().isEmpty() ? Integer.valueOf(0) : offsets.get(cursor(kind, selector, page.after()));
            if (offset == null || offset + page.limit() + 1 > Limits.MAX_PAGE_SIZE) {
                return delegate.list(kind, selector, page);
            }
            if (offset > 0) {
                gapBetweenCalls(); // the client's round trip between two pages
            }
            List<StoredObject> rows = delegate.list(kind, selector, PageRequest.first(offset + page.limit() + 1))
                    .items();
            List<StoredObject> items =
                    rows.subList(Math.min(offset, rows.size()), Math.min(offset + page.limit(), rows.size()));
            if (rows.size() <= offset + page.limit() || items.isEmpty()) {
                return new Page(items, Optional.empty());
            }
            String next = items.get(items.size() - 1).key().id();
            offsets.put(cursor(kind, selector, Optional.of(next)), offset + page.limit());
            return new Page(items, Optional.of(next));
        }

        private static String cursor(String kind, LabelSelector selector, Optional<String> after) {
            return kind + '\u0000' + selector + '\u0000' + after.orElse("");
        }
    }
}
