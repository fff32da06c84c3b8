package io.casharness.store;

import java.util.Optional;

/**
 * Keyset pagination: at most {@code limit} objects with id greater than {@code after}.
 *
 * @param limit 1 to {@link Limits#MAX_PAGE_SIZE}
 * @param after the last id of the previous page, or empty for the first page
 * @throws IllegalArgumentException if the limit is out of bounds
 */
public record PageRequest(int limit, Optional<String> after) {
    public PageRequest {
        if (limit < 1 || limit > Limits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page limit must be between 1 and " + Limits.MAX_PAGE_SIZE + ", was " + limit);
        }
        java.util.Objects.requireNonNull(after, "after");
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public PageRequest next(Page page) {
        return new PageRequest(limit, page.continueAfter());
    }
}
