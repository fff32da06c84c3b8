package io.casharness.store;

import java.util.Optional;

/**
 * The SPI of a compare-and-set object store with Kubernetes-style {@code resource_version}s. Implement it for your
 * own store and the harness (conformance suite, scenarios, stress tests) runs against it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every successful write produces a new version, strictly greater than every version the key has had, in
 *       this and every earlier incarnation (so a version seen before a delete never matches a re-created object:
 *       no ABA). Versions need not step by exactly one.
 *   <li>{@link WriteCondition.MatchVersion} writes and deletes apply only if the stored version is the expected
 *       one; otherwise they return {@link Conflict} with the version found (or "absent") and change nothing.
 *   <li>The version in {@link Written} is the one this write produced, never a later writer's.
 *   <li>A read returns the payload, labels and version of one and the same write.
 *   <li>Bad input throws {@link IllegalArgumentException} (or {@link NullPointerException} for a missing argument)
 *       naming the value and the bound, before anything is stored.
 * </ul>
 *
 * <p>Implementations are thread-safe: one instance is one replica and is shared by that replica's threads. After
 * {@link #close()}, every method throws {@link StoreClosedException}.
 *
 * <h2>Implementing it</h2>
 * Every method above is required and checked by the conformance suite ({@code CasStoreConformanceTest} in
 * {@code io.casharness:cas-testkit}); {@link #update} may stay the default (the {@link Retrier}). Input checks left
 * to a store are in {@link StoreChecks}; timestamps come from {@link StoreOptions#clock()}, and the payload limit
 * from {@link StoreOptions#maxPayloadBytes()}. The scenarios use {@link #put} with every condition, {@link #delete},
 * {@link #get} and {@link #update}, and two of them {@link #list} with label selectors and {@link #getByName}. Open
 * replicas through a
 * {@link Backend}, and make it known by name with a {@link BackendProvider}.
 */
public interface CasStore extends AutoCloseable {

    /** The backend name: {@code memory}, {@code sqlite}, {@code postgres}, or the implementer's own. */
    String backend();

    /** A one-line description for reports: backend, source, replica name. */
    String describe();

    /**
     * Writes {@code spec} under {@code condition}.
     *
     * @return {@link Written}, {@link Conflict} (a {@code MatchVersion} lost; absent if there is no object) or
     *     {@link AlreadyExists} ({@code MustCreate} on a taken key, or a name another object of the kind holds)
     * @throws IllegalArgumentException if the payload exceeds the store's limit
     * @throws StoreAccessException on a database error, classified
     * @throws StoreClosedException after close
     */
    PutOutcome put(ObjectSpec spec, WriteCondition condition);

    /**
     * Deletes {@code key} under {@code condition}: {@code MatchVersion(v)} removes the object only if it is still
     * at v; {@code Unconditional} removes whatever is there.
     *
     * @return {@link Deleted}, {@link Conflict} (it is at another version) or {@link NotFound}
     * @throws IllegalArgumentException if the condition is {@code MustCreate}
     * @throws StoreAccessException on a database error, classified
     * @throws StoreClosedException after close
     */
    DeleteOutcome delete(ObjectKey key, WriteCondition condition);

    /**
     * @throws StoreAccessException on a database error, classified
     * @throws StoreClosedException after close
     */
    Optional<StoredObject> get(ObjectKey key);

    /**
     * @throws IllegalArgumentException if kind or name is invalid
     * @throws StoreAccessException on a database error, classified
     * @throws StoreClosedException after close
     */
    Optional<StoredObject> getByName(String kind, String name);

    /**
     * The objects of {@code kind} whose labels match {@code selector}, ordered by id, one page at a time.
     *
     * @throws IllegalArgumentException if kind is invalid
     * @throws StoreAccessException on a database error, classified
     * @throws StoreClosedException after close
     */
    Page list(String kind, LabelSelector selector, PageRequest page);

    /**
     * Read, apply {@code mutation}, write with {@code MatchVersion}; on conflict re-read and re-apply, at most
     * {@code policy.maxAttempts()} times in all, backing off between attempts.
     *
     * @return {@link Updated}, {@link NotFound}, {@link Exhausted} or {@link AlreadyExists}
     * @throws StoreAccessException on a database error that is not retried
     * @throws StoreClosedException after close
     */
    default UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
        return Retrier.of(policy).update(this, key, mutation);
    }

    /** {@link #update(ObjectKey, Mutation, RetryPolicy)} with {@link RetryPolicy#defaults()}. */
    default UpdateOutcome update(ObjectKey key, Mutation mutation) {
        return update(key, mutation, RetryPolicy.defaults());
    }

    /** Releases the store's resources (its pool). Idempotent. Does not drop stored data. */
    @Override
    void close();
}
