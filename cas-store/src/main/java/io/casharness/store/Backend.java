package io.casharness.store;

/**
 * The database under a store — {@code memory}, {@code sqlite} or {@code postgres} — from which any number of
 * replicas are opened. Each replica is a {@link CasStore} with its own connection pool, as one gateway replica
 * would be.
 *
 * <p>Thread-safe. Closing a backend closes the replicas it opened and stops a database it started itself (an
 * embedded server, a container); it never drops a database it was pointed at by URL other than the tables
 * it owns being left as they are.
 *
 * <p>To implement: {@link #name()}, {@link #describe()}, {@link #openReplica}, {@link #reset()} and {@link #close()}
 * are required; {@link #versionsUniqueAcrossKeys()} and {@link #versionsRiseAcrossIncarnations()} are optional (the
 * defaults promise exactly the contract). The
 * conformance suite takes a backend from {@code openBackend()}, opens several replicas on it and resets it before
 * every test; the scenarios do the same before every run. A {@link BackendProvider} opens it by name.
 */
public interface Backend extends AutoCloseable {

    /** {@code memory}, {@code sqlite}, {@code postgres}, or the implementer's own: the name of its {@link BackendProvider}. */
    String name();

    /**
     * Where the database came from, for logs and reports: for example {@code postgres (embedded PostgreSQL 17.6 on
     * 127.0.0.1:54321)} or {@code postgres (external URL jdbc:postgresql://127.0.0.1:5432/test)}.
     */
    String describe();

    /**
     * Whether no two writes on this database, of any keys, ever produce the same version: versions come from one
     * counter for the whole database (the memory model and PostgreSQL do this). The {@link CasStore} contract asks
     * less: versions rise per key, across delete and re-create. A history checker uses this to decide whether one
     * version on two keys is an anomaly.
     *
     * @return {@code false} unless the backend promises more than the contract; the default
     */
    default boolean versionsUniqueAcrossKeys() {
        return false;
    }

    /**
     * Whether a key's versions rise across its incarnations: a re-created object starts above every version its key
     * had before (the {@link CasStore} contract; the memory model, SQLite and PostgreSQL do this). Return
     * {@code false} for a store whose versions restart per row — a version column set to 1 on insert and raised by
     * one per update, as JPA's {@code @Version} or an {@code rv = rv + 1} schema gives — if it still tells
     * incarnations apart in its versions: a version one incarnation of a key had is never a version of another
     * (for example the version carries a fresh uid per incarnation, which a match-version write must match too, as
     * Kubernetes' uid precondition does), so a {@code MatchVersion} taken before a delete never matches after it.
     *
     * <p>What a checker then holds the store to: versions rise within one incarnation (from a create to the
     * delete that ends it), and incarnations are told apart by their creates and deletes, never by version order;
     * a version a later incarnation of the key had again ({@code versions-restart}) and a match-version write or
     * delete that succeeded with a version observed before a delete of the key completed ({@code aba}) are
     * anomalies either way. A store that restarts at 1 with nothing else in its versions fails on both.
     *
     * @return {@code true} unless the backend's versions restart per incarnation; the default
     */
    default boolean versionsRiseAcrossIncarnations() {
        return true;
    }

    /**
     * Opens one more replica on this database.
     *
     * @throws IllegalStateException after close
     */
    CasStore openReplica(StoreOptions options);

    /**
     * Removes every object, so the next run starts empty. Versions keep rising across a reset (no ABA across runs).
     *
     * @throws IllegalStateException after close
     */
    void reset();

    @Override
    void close();
}
