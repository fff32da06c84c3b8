package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.Worker;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.List;
import java.util.Map;

/**
 * <b>controller</b>: list-driven controllers, as the gateway's reconcilers keep sandboxes, providers and policies in
 * one objects table: a replica lists the kind with a label selector, pages through it ({@value #PAGE_SIZE} per
 * page), and updates some listed objects with {@code MatchVersion} of the version <em>the list</em> returned; other
 * operations create, relabel and delete. Every object carries {@code app=gateway} and a {@code tier} of
 * {@code gold} or {@code silver}. Per operation:
 *
 * <ul>
 *   <li>35%: a controller pass: list with one of {@link #SELECTORS}, page to the end, and write each listed object
 *       with probability 1/3 (a new payload, the labels as listed, {@code MatchVersion} of the listed version);
 *   <li>35%: relabel a key chosen with the topology's skew: read it, flip its tier with {@code MatchVersion}
 *       (re-create it with a random tier if absent);
 *   <li>15%: read a key and delete it with {@code MatchVersion} (re-create it if absent);
 *   <li>15%: read a key (re-create it if absent).
 * </ul>
 *
 * A list that pairs a version with another write's payload or labels, a filter that misses an object whose labels
 * match, and paging that skips or repeats are what break visibly (the checker's {@code torn-list},
 * {@code selector-mismatch} and {@code paging} rules).
 */
public final class ControllerWorkload implements Workload {
    /** Objects per page: small, so that a listing of the default 8 keys takes several pages. */
    public static final int PAGE_SIZE = 3;

    /** The selectors the controllers list with. */
    public static final List<String> SELECTORS =
            List.of("app=gateway,tier=gold", "tier!=gold", "app=gateway,tier in (gold,silver)", "");

    @Override
    public String name() {
        return "controller";
    }

    @Override
    public String summary() {
        return "list by label selector, page, update with the listed version; others create, relabel, delete";
    }

    @Override
    public String kind() {
        return "controller";
    }

    @Override
    public void setup(Worker setup, Topology topology, long opsPerProcess) {
        int[] n = {0};
        Keys.create(
                setup,
                keys(topology, opsPerProcess),
                (key, token) -> spec(key, token, n[0]++ % 2 == 0 ? "gold" : "silver"),
                token -> token);
    }

    private static ObjectSpec spec(ObjectKey key, String token, String tier) {
        return new ObjectSpec(
                key,
                null,
                Map.of("app", "gateway", "tier", tier),
                Doc.ofValue(token, token).encode());
    }

    @Override
    public Driver driver(Worker w, Topology topology, long opsPerProcess) {
        Skew.KeyChooser chooser = topology.skew().chooser(topology.keys());
        return i -> {
            int dice = w.random().nextInt(100);
            if (dice < 35) {
                pass(w, LabelSelector.parse(SELECTORS.get(w.random().nextInt(SELECTORS.size()))));
                return;
            }
            ObjectKey key = Keys.key(kind(), chooser.next(w.random()));
            Worker.Read read = w.read(key);
            if (!read.completed()) {
                return;
            }
            String token = w.nextToken();
            if (read.object().isEmpty()) {
                String tier = w.random().nextBoolean() ? "gold" : "silver";
                w.put(spec(key, token, tier), WriteCondition.mustCreate(), 0, token, token);
                return;
            }
            StoredObject o = read.object().get();
            long v = o.resourceVersion();
            if (dice < 70) {
                String tier = "gold".equals(o.labels().get("tier")) ? "silver" : "gold";
                w.put(spec(key, token, tier), WriteCondition.matchVersion(v), v, token, token);
            } else if (dice < 85) {
                w.delete(key, WriteCondition.matchVersion(v));
            }
        };
    }

    /** One controller pass: every page of the selector, writing some listed objects at their listed version. */
    private void pass(Worker w, LabelSelector selector) {
        PageRequest request = PageRequest.first(PAGE_SIZE);
        while (true) {
            Page page = w.list(kind(), selector, request);
            if (page == null) {
                return;
            }
            for (StoredObject o : page.items()) {
                if (w.random().nextInt(3) == 0) {
                    String token = w.nextToken();
                    w.put(
                            new ObjectSpec(
                                    o.key(),
                                    o.name(),
                                    o.labels(),
                                    Doc.ofValue(token, token).encode()),
                            WriteCondition.matchVersion(o.resourceVersion()),
                            o.resourceVersion(),
                            token,
                            token);
                }
            }
            if (page.continueAfter().isEmpty()) {
                return;
            }
            request = request.next(page);
        }
    }

    @Override
    public Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(List.of(), Doc.decode(object.payload()).value());
    }
}
