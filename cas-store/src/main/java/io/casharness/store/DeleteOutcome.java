package io.casharness.store;

/** The result of {@link CasStore#delete}: {@link Deleted}, {@link Conflict} or {@link NotFound}. */
public sealed interface DeleteOutcome permits Deleted, Conflict, NotFound {

    ObjectKey key();
}
