package io.casharness.scenario.check.rules;

import java.util.Arrays;

/** A growable {@code int[]}. Not thread-safe. */
final class IntList {
    private int[] a = new int[4];
    private int size;

    void add(int v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = v;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
