package io.casharness.scenario.check;

import io.casharness.scenario.history.Conflicts;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a history proved, whatever the verdict: how many writes the store acknowledged, how many keys were written
 * <em>concurrently</em>, and how many store calls failed with an error, by class.
 *
 * <p>A key was written concurrently when two writers raced on it: two write calls on it from different processes
 * overlapped in time (their invoke–complete intervals intersect), whether or not either lost, or a write call lost
 * a race (a conflict, a key or name already taken, an update that needed more than one attempt: another writer
 * committed between its read and its write). Concurrency, not conflicts, is the evidence that a run exercised
 * races: a correct lock-based store never conflicts, yet its writes overlap and the run proves it serialises them.
 * A write call that failed with an error (not a conflict, not an unknown outcome) does not count: it may never have
 * reached the database.
 *
 * <p>Immutable.
 *
 * @param storeCalls every recorded op (setup, workers, final reads)
 * @param writeCalls creates, writes, updates and deletes
 * @param acknowledgedWrites write calls that completed and applied ({@code ok})
 * @param keysWritten keys with at least one write call
 * @param keysWrittenConcurrently keys on which two writers raced: overlapping write calls, or a lost race
 * @param overlappingWritePairs pairs of write calls on one key whose intervals overlapped
 * @param maxWritersInFlight the most write calls in flight on one key at one instant
 * @param errors store calls that failed with an error (a thrown exception: {@code fail} or {@code info} with an
 *     error text)
 * @param errorsByClass {@link #errors} by error class ({@code TRANSIENT}, {@code CONNECTION_LOST}, ..., or the
 *     exception's type), most frequent first
 * @param firstErrors up to {@value #FIRST_ERRORS} distinct error texts, in history order, {@code CLASS: message}
 */
public record Evidence(
        long storeCalls,
        long writeCalls,
        long acknowledgedWrites,
        long keysWritten,
        long keysWrittenConcurrently,
        long overlappingWritePairs,
        int maxWritersInFlight,
        long errors,
        Map<String, Long> errorsByClass,
        List<String> firstErrors) {

    /** How many distinct error texts {@link #firstErrors()} keeps. */
    public static final int FIRST_ERRORS = 3;

    public Evidence {
        errorsByClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errorsByClass));
        firstErrors = List.copyOf(firstErrors);
    }

    /** Errors per store call, 0 for an empty history. */
    public double errorRate() {
        return storeCalls == 0 ? 0 : (double) errors / storeCalls;
    }

    /**
     * Counts the evidence of a history whose ops are in invocation order (as {@link
     * io.casharness.scenario.history.History} keeps them). One pass plus a heap of the writes in flight.
     */
    public static Evidence of(List<Op> ops) {
        Map<String, Map<String, Integer>> keyIndex = new HashMap<>();
        int[] keyOf = new int[ops.size()];
        int keys = 0;
        for (int i = 0; i < keyOf.length; i++) {
            Op op = ops.get(i);
            Map<String, Integer> byId = keyIndex.computeIfAbsent(op.kind(), k -> new HashMap<>());
            Integer k = byId.get(op.id());
            if (k == null) {
                k = keys++;
                byId.put(op.id(), k);
            }
            keyOf[i] = k;
        }
        return of(ops.toArray(new Op[0]), keyOf, keys);
    }

    /**
     * {@link #of(List)} on the checker's own index: {@code keyOf[i]} is the key number (0 to {@code keys - 1}) of
     * {@code ops[i]}, so no key is hashed again.
     */
    static Evidence of(Op[] ops, int[] keyOf, int keys) {
        int[] inFlight = new int[keys];
        boolean[] written = new boolean[keys];
        boolean[] concurrent = new boolean[keys];
        // in-flight writes: completion time and key, a binary min-heap on completion time
        long[] heapTime = new long[64];
        int[] heapKey = new int[64];
        int heapSize = 0;
        long writeCalls = 0;
        long acknowledged = 0;
        long pairs = 0;
        int maxInFlight = 0;
        long errors = 0;
        Map<String, Long> byClass = new HashMap<>();
        List<String> first = new ArrayList<>(FIRST_ERRORS);
        for (int i = 0; i < ops.length; i++) {
            Op op = ops[i];
            if (op.error() != null) {
                errors++;
                byClass.merge(op.errorClass(), 1L, Long::sum);
                if (first.size() < FIRST_ERRORS) {
                    String text = op.errorClass() + ": " + op.error();
                    if (!first.contains(text)) {
                        first.add(text);
                    }
                }
            }
            if (op.type() == OpType.READ || op.type() == OpType.LIST || op.type() == OpType.GET_BY_NAME) {
                continue;
            }
            writeCalls++;
            if (op.status() == Status.OK) {
                acknowledged++;
            }
            if (op.status() == Status.FAIL && op.error() != null) {
                continue;
            }
            long now = op.invokeNanos();
            while (heapSize > 0 && heapTime[0] < now) {
                inFlight[heapKey[0]]--;
                heapSize--;
                heapTime[0] = heapTime[heapSize];
                heapKey[0] = heapKey[heapSize];
                siftDown(heapTime, heapKey, heapSize);
            }
            int k = keyOf[i];
            written[k] = true;
            if (lostRace(op)) {
                concurrent[k] = true;
            }
            if (inFlight[k] > 0) {
                pairs += inFlight[k];
                concurrent[k] = true;
            }
            inFlight[k]++;
            maxInFlight = Math.max(maxInFlight, inFlight[k]);
            if (heapSize == heapTime.length) {
                heapTime = Arrays.copyOf(heapTime, heapSize * 2);
                heapKey = Arrays.copyOf(heapKey, heapSize * 2);
            }
            heapTime[heapSize] = op.completeNanos();
            heapKey[heapSize] = k;
            siftUp(heapTime, heapKey, heapSize++);
        }
        long keysWritten = 0;
        long keysConcurrent = 0;
        for (int k = 0; k < keys; k++) {
            keysWritten += written[k] ? 1 : 0;
            keysConcurrent += concurrent[k] ? 1 : 0;
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        byClass.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new Evidence(
                ops.length,
                writeCalls,
                acknowledged,
                keysWritten,
                keysConcurrent,
                pairs,
                maxInFlight,
                errors,
                sorted,
                first);
    }

    /** A write that lost to another writer: a conflict, a taken key or name, a retried update ({@link Conflicts}). */
    private static boolean lostRace(Op op) {
        return Conflicts.of(op) > 0;
    }

    private static void siftUp(long[] time, int[] key, int at) {
        long t = time[at];
        int k = key[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (time[parent] <= t) {
                break;
            }
            time[at] = time[parent];
            key[at] = key[parent];
            at = parent;
        }
        time[at] = t;
        key[at] = k;
    }

    private static void siftDown(long[] time, int[] key, int size) {
        if (size == 0) {
            return;
        }
        long t = time[0];
        int k = key[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && time[child + 1] < time[child]) {
                child++;
            }
            if (time[child] >= t) {
                break;
            }
            time[at] = time[child];
            key[at] = key[child];
            at = child;
        }
        time[at] = t;
        key[at] = k;
    }

    /**
     * The verdict note about the errors, e.g. {@code errors: 3 of 1210 store calls (0.2%) failed with an error
     * (TRANSIENT=3); first: ...}, or {@code null} when there were none.
     */
    public String errorsNote() {
        if (errors == 0) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "errors: %d of %d store calls (%.1f%%) failed with an error (%s); first: %s",
                errors,
                storeCalls,
                100 * errorRate(),
                errorsText(),
                String.join(" | ", firstErrors));
    }

    /** {@code TRANSIENT=3 CONNECTION_LOST=1}, or {@code none}. */
    public String errorsText() {
        if (errorsByClass.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        errorsByClass.forEach((c, n) ->
                b.append(b.length() == 0 ? "" : " ").append(c).append('=').append(n));
        return b.toString();
    }

    /**
     * One sentence a person can check a PASS against, e.g. {@code 1203 acknowledged writes of 1210; 8 of 8 keys
     * written concurrently (2340 overlapping write pairs, up to 6 in flight on one key); 0 errors}.
     */
    public String statement() {
        return String.format(
                Locale.ROOT,
                "%d acknowledged writes of %d write calls; %d of %d written keys written concurrently"
                        + " (%d overlapping write pairs, up to %d in flight on one key); %d errors of %d calls%s",
                acknowledgedWrites,
                writeCalls,
                keysWrittenConcurrently,
                keysWritten,
                overlappingWritePairs,
                maxWritersInFlight,
                errors,
                storeCalls,
                errors == 0 ? "" : " (" + errorsText() + ")");
    }
}
