package io.casharness.store.conformance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The checker of the counter workloads: every acknowledged increment is recorded with the counter value it wrote
 * and the version the store said it produced; {@link #violations} then compares them with the final state.
 *
 * <p>On a store without lost updates, n acknowledged increments leave the counter at n, each wrote a different
 * value (1..n), each got a different version, and versions rise with the counter (the writes of one key are totally
 * ordered by version). A lost update shows as a counter below n and as two writes of the same value; a store that
 * reports a later writer's version shows as a duplicate or regressing version. Thread-safe.
 */
public final class IncrementLedger {

    /** One acknowledged increment. */
    public record Ack(long counter, long version, String by) {}

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

    public void acknowledged(long counter, long version, String by) {
        acks.add(new Ack(counter, version, by));
    }

    public int size() {
        return acks.size();
    }

    /**
     * What is wrong, one line per anomaly (at most a few of each sort); empty if nothing is.
     *
     * @param finalCounter the counter as read after the workload
     * @param finalVersion the version read with it
     */
    public List<String> violations(long finalCounter, long finalVersion) {
        List<Ack> all = new ArrayList<>(acks);
        List<String> out = new ArrayList<>();
        if (finalCounter != all.size()) {
            out.add("lost-update: " + all.size() + " increments acknowledged, but the counter is " + finalCounter);
        }
        Map<Long, List<Ack>> byCounter = new HashMap<>();
        Map<Long, List<Ack>> byVersion = new HashMap<>();
        for (Ack a : all) {
            byCounter.computeIfAbsent(a.counter(), k -> new ArrayList<>()).add(a);
            byVersion.computeIfAbsent(a.version(), k -> new ArrayList<>()).add(a);
        }
        byCounter.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .sorted(Map.Entry.comparingByKey())
                .limit(3)
                .forEach(e -> out.add("lost-update: counter value " + e.getKey() + " written by "
                        + e.getValue().size() + " acknowledged writes, for example "
                        + e.getValue().subList(0, 2)));
        byVersion.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .sorted(Map.Entry.comparingByKey())
                .limit(3)
                .forEach(e -> out.add("duplicate-version: v" + e.getKey() + " reported to "
                        + e.getValue().size() + " acknowledged writes, for example "
                        + e.getValue().subList(0, 2)));
        List<Ack> ordered = all.stream()
                .sorted(Comparator.comparingLong(Ack::counter).thenComparingLong(Ack::version))
                .toList();
        int regressions = 0;
        for (int i = 1; i < ordered.size() && regressions < 3; i++) {
            Ack prev = ordered.get(i - 1);
            Ack cur = ordered.get(i);
            if (cur.counter() > prev.counter() && cur.version() <= prev.version()) {
                out.add("version-regression: " + cur + " has a version not above " + prev);
                regressions++;
            }
        }
        if (!ordered.isEmpty()) {
            Ack last = ordered.get(ordered.size() - 1);
            if (last.counter() == finalCounter && last.version() != finalVersion) {
                out.add("stale-version: the last increment " + last + " reported a version other than the final v"
                        + finalVersion);
            }
        }
        return out;
    }
}
