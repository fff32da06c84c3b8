package io.casharness.scenario.check.rules;

import java.util.Arrays;

/** A growable {@code long[]} that knows whether it was appended in ascending order. Not thread-safe. */
final class LongList {
    private long[] a = new long[4];
    private int size;
    private boolean sorted = true;

    void add(long v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        if (size > 0 && a[size - 1] > v) {
            sorted = false;
        }
        a[size++] = v;
    }

    long get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    /** Sorts in place, only when the values did not arrive in order. */
    void sort() {
        if (!sorted) {
            Arrays.sort(a, 0, size);
            sorted = true;
        }
    }

    /** The first index whose value is {@code >= v} (the list must be sorted). */
    int lowerBound(long v) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
