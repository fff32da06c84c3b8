package io.casharness.scenario.fault;

import io.casharness.store.Backend;

/**
 * A backend whose replicas reach their database through something the harness runs in front of it (replica
 * processes serving the store protocol): a fault that acts on a database (its server connections, its server, its
 * lock, its wire) acts on {@link #database()}, which the replicas share. A fault that acts on the front (a replica
 * process) takes the backend itself.
 */
public interface FrontedBackend {
    /** The database behind the front, opened by the harness. */
    Backend database();

    /** {@code backend}'s database if it is fronted, else {@code backend}: what a fault on the database aims at. */
    static Backend databaseOf(Backend backend) {
        return backend instanceof FrontedBackend f ? f.database() : backend;
    }
}
