package io.casharness.store;

/**
 * The pure change an update applies: given the object as read, the spec to write. It is called once per attempt
 * with a freshly read object, so it must not capture state from an earlier attempt (re-using a stale payload is the
 * classic lost-update bug) and must not have side effects.
 *
 * <p>The returned spec must keep the key. Throwing from {@code apply} aborts the update and propagates.
 */
@FunctionalInterface
public interface Mutation {
    ObjectSpec apply(StoredObject current);
}
