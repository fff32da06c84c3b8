package io.casharness.scenario.zoo;

import io.casharness.store.AlreadyExists;
import io.casharness.store.CasStore;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * <b>name-check-in-app</b>: a unique name kept in a column without a unique index, its uniqueness checked by the
 * application — {@code if (repo.findByName(name).isEmpty()) repo.save(entity)} — before a create or a rename. Two
 * replicas both find the name free and both write it. Modelled over any store by keeping the name in a label
 * ({@value #LABEL}) instead of the store's unique name, and reading by name through a label selector. Caught by
 * {@code duplicate-name} on the names workload.
 */
public final class NameCheckInApp extends ApplicationMistake {
    static final String LABEL = "zoo-name";

    public NameCheckInApp() {
        super(
                "name-check-in-app",
                "name uniqueness = a lookup by name, then the write (no unique index)",
                "names",
                "duplicate-name");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "name-check-in-app");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (spec.name() == null) {
                return delegate.put(spec, condition);
            }
            Optional<StoredObject> holder = getByName(spec.key().kind(), spec.name());
            if (holder.isPresent() && !holder.get().key().equals(spec.key())) {
                return new AlreadyExists(
                        spec.key(), AlreadyExists.Constraint.NAME, holder.get().key());
            }
            gapBetweenCalls();
            Map<String, String> labels = new HashMap<>(spec.labels());
            labels.put(LABEL, spec.name());
            PutOutcome outcome = delegate.put(new ObjectSpec(spec.key(), null, labels, spec.payload()), condition);
            return outcome instanceof Written w ? new Written(named(w.object())) : outcome;
        }

        @Override
        public Optional<StoredObject> get(ObjectKey key) {
            return delegate.get(key).map(Store::named);
        }

        @Override
        public Optional<StoredObject> getByName(String kind, String name) {
            Page page = delegate.list(kind, LabelSelector.matchingLabels(Map.of(LABEL, name)), PageRequest.first(1));
            return page.items().stream().findFirst().map(Store::named);
        }

        @Override
        public Page list(String kind, LabelSelector selector, PageRequest page) {
            Page rows = delegate.list(kind, selector, page);
            List<StoredObject> items = rows.items().stream().map(Store::named).toList();
            return new Page(items, rows.continueAfter());
        }

        /** The object as the application sees it: the label back in the name. */
        private static StoredObject named(StoredObject o) {
            String name = o.labels().get(LABEL);
            if (name == null) {
                return o;
            }
            Map<String, String> labels = new HashMap<>(o.labels());
            labels.remove(LABEL);
            ObjectSpec spec = new ObjectSpec(o.key(), name, labels, o.payload());
            return new StoredObject(spec, o.resourceVersion(), o.createdAt(), o.updatedAt());
        }
    }
}
