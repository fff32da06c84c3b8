package io.casharness.scenario.check.rules;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who provably held each unique name when: for every acknowledged write that gave its key a name, the window from
 * its completion until another mutation of that key may have taken effect ({@link KeyStates#holdEnd}). In that
 * window the key held the name. Grouped by {@code (kind, name)} and sorted by start, with the running maximum of
 * the ends, so "did some key hold this name throughout {@code [a, b]}" is a binary search. Not thread-safe.
 */
final class NameHolds {
    /** Key {@code ks} held the name from {@code start} until {@code end} (exclusive), by write {@code op}. */
    record Hold(long start, long end, int op, KeyChain ks) {}

    /** The holds of one name, sorted by start, with the running maximum of their ends (as an index). */
    record OfName(List<Hold> holds, int[] furthest) {}

    private final Map<String, OfName> byName = new HashMap<>();

    NameHolds(HistoryIndex ix, KeyStates states) {
        Map<String, List<Hold>> lists = new HashMap<>();
        for (int i = 0; i < ix.n; i++) {
            Op op = ix.ops[i];
            if (!op.isWrite() || op.status() != Status.OK || op.writtenVersion() <= 0 || op.name() == null) {
                continue;
            }
            KeyChain ks = ix.keyOf(i);
            long end = states.holdEnd(ks, i);
            if (end > op.completeNanos()) {
                lists.computeIfAbsent(nameKey(op.kind(), op.name()), k -> new ArrayList<>())
                        .add(new Hold(op.completeNanos(), end, i, ks));
            }
        }
        lists.forEach((name, holds) -> {
            holds.sort(Comparator.comparingLong(Hold::start));
            int[] furthest = new int[holds.size()];
            for (int j = 0; j < furthest.length; j++) {
                furthest[j] = j > 0
                                && holds.get(furthest[j - 1]).end()
                                        >= holds.get(j).end()
                        ? furthest[j - 1]
                        : j;
            }
            byName.put(name, new OfName(holds, furthest));
        });
    }

    static String nameKey(String kind, String name) {
        return kind + '\u0000' + name;
    }

    /** Every name's holds. */
    Iterable<OfName> all() {
        return byName.values();
    }

    /** A hold of {@code name} in {@code kind} that lasted throughout {@code [from, to]}, or null. */
    Hold throughout(String kind, String name, long from, long to) {
        OfName of = byName.get(nameKey(kind, name));
        if (of == null) {
            return null;
        }
        List<Hold> hs = of.holds();
        int lo = 0;
        int hi = hs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hs.get(mid).start() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            return null;
        }
        Hold h = hs.get(of.furthest()[lo - 1]);
        return h.end() > to ? h : null;
    }
}
