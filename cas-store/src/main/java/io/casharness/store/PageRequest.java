package io.casharness.store;

import io.casharness.store.internal.Validation;
import java.util.Optional;

/**
 * Keyset pagination: at most {@code limit} objects with id greater than {@code after}.
 *
 * @param limit 1 to {@link Limits#MAX_PAGE_SIZE}
 * @param after the last id of the previous page, or empty for the first page
 * @throws IllegalArgumentException if the limit is out of bounds or {@code after} is not a valid id
 */
public record PageRequest(int limit, Optional<String> after) {
    public PageRequest {
        if (limit < 1 || limit > Limits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page limit must be between 1 and " + Limits.MAX_PAGE_SIZE + ", was " + limit);
        }
        java.util.Objects.requireNonNull(after, "after");
        // an id no object can have would page differently per backend (the model parses it as a key, SQL compares
        // strings), so it is refused at the door like every other id
        after.ifPresent(a -> {
            try {
                Validation.id(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("page after must be an object id: " + e.getMessage(), e);
            }
        });
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public PageRequest next(Page page) {
        return new PageRequest(limit, page.continueAfter());
    }
}
