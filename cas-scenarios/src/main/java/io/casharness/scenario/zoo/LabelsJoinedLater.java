package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * <b>labels-joined-later</b>: a list that hydrates each object's labels with a second query after the page query —
 * the N+1 "load the page, then fetch each row's labels" a repository does when labels live in a side table or a
 * lazy association — outside the page's snapshot. Version and payload come from the page, labels from whatever the
 * object holds a moment later, so a relabel in between pairs the old version with the new labels. Caught by
 * {@code torn-list} on the controller workload.
 */
public final class LabelsJoinedLater extends ApplicationMistake {
    public LabelsJoinedLater() {
        super(
                "labels-joined-later",
                "list hydrates labels with a second query per object, after the page query",
                "controller",
                "torn-list");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "labels-joined-later");
        }

        @Override
        public Page list(String kind, LabelSelector selector, PageRequest page) {
            Page rows = delegate.list(kind, selector, page);
            List<StoredObject> hydrated = new ArrayList<>(rows.items().size());
            for (StoredObject row : rows.items()) {
                gapBetweenCalls();
                Optional<StoredObject> now = delegate.get(row.key());
                ObjectSpec spec =
                        now.map(o -> row.spec().withLabels(o.labels())).orElse(row.spec());
                hydrated.add(new StoredObject(spec, row.resourceVersion(), row.createdAt(), row.updatedAt()));
            }
            return new Page(hydrated, rows.continueAfter());
        }
    }
}
