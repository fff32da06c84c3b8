package io.casharness.store;

import static java.util.Objects.requireNonNull;

/**
 * The write applied. {@code object.resourceVersion()} is the version this write produced — never a later writer's.
 *
 * @param object the object exactly as this write left it
 */
public record Written(StoredObject object) implements PutOutcome {
    public Written {
        requireNonNull(object, "object");
    }

    @Override
    public ObjectKey key() {
        return object.key();
    }

    public long version() {
        return object.resourceVersion();
    }
}
