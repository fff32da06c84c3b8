package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, ordered by id.
 *
 * @param items the objects on this page
 * @param continueAfter the id to pass as {@link PageRequest#after()} for the next page; empty on the last page
 */
public record Page(List<StoredObject> items, Optional<String> continueAfter) {
    public Page {
        items = List.copyOf(items);
        requireNonNull(continueAfter, "continueAfter");
    }
}
