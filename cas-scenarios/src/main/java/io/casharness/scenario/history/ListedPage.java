package io.casharness.scenario.history;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a {@code LIST} op asked for and got back: the label selector and the page it asked for, the cursor of the
 * next page, and every object on the page as the store returned it (id, version, name, labels, and the workload's
 * value of its payload). Immutable.
 *
 * @param selector the label selector as written ({@code ""} selects everything)
 * @param after the id the page started after, or {@code null} for the first page of a listing
 * @param next the id the next page starts after ({@code Page.continueAfter}), or {@code null} on the last page
 * @param items the objects on the page, in the order returned
 */
public record ListedPage(String selector, String after, String next, List<Item> items) {
    public ListedPage {
        requireNonNull(selector, "selector");
        items = List.copyOf(requireNonNull(items, "items"));
    }

    /**
     * One listed object.
     *
     * @param id the object's id within the listed kind
     * @param version the resource version the list returned for it (at least 1)
     * @param name the unique name it was returned with, or {@code null}
     * @param labels the labels it was returned with (empty for none)
     * @param value the workload's value of the payload returned, or {@code null} if the workload records none
     */
    public record Item(String id, long version, String name, Map<String, String> labels, String value) {
        public Item {
            requireNonNull(id, "id");
            labels = Map.copyOf(requireNonNull(labels, "labels"));
            if (version < 1) {
                throw new IllegalArgumentException("a listed object's version must be >= 1, was " + version);
            }
        }
    }
}
