package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Executes a {@link RetryPolicy}: the read → mutate → {@code MatchVersion} write loop behind
 * {@link CasStore#update}. Works on any {@link CasStore}.
 *
 * <p>Thread-safe if its random source is: the default draws from {@link ThreadLocalRandom} per call; pass a
 * per-thread seeded generator (see {@link #Retrier(RetryPolicy, Sleeper, Supplier)}) for replayable runs.
 */
public final class Retrier {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Supplier<RandomGenerator> random;

    /**
     * @param policy what to do
     * @param sleeper how to wait
     * @param random gives the random source for the calling thread (called once per update)
     */
    public Retrier(RetryPolicy policy, Sleeper sleeper, Supplier<RandomGenerator> random) {
        this.policy = requireNonNull(policy, "policy");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        this.random = requireNonNull(random, "random");
    }

    /** A retrier that really sleeps and draws jitter from {@link ThreadLocalRandom}. */
    public static Retrier of(RetryPolicy policy) {
        return new Retrier(policy, Sleeper.SYSTEM, ThreadLocalRandom::current);
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs the update loop.
     *
     * @throws IllegalArgumentException if the mutation returns a spec for another key
     * @throws StoreAccessException if a database error is not retried, or transient errors used up every attempt
     *     (earlier ones attached as suppressed); one that struck a read step is {@link
     *     StoreAccessException#whileReading()}: its outcome is known, nothing was applied
     * @throws CasStoreException if interrupted while backing off (the interrupt flag is restored)
     */
    public UpdateOutcome update(CasStore store, ObjectKey key, Mutation mutation) {
        requireNonNull(store, "store");
        return update(UpdateSteps.of(store), key, mutation);
    }

    /**
     * Runs the update loop on a store's own {@link UpdateSteps}. The first attempt mutates the replica's cached copy
     * if it has one, else a fresh read. A retry mutates the newer of the object the lost write returned and the
     * cached copy (other threads of the replica may have moved it on during the backoff); if the lost write returned
     * nothing, or the backoff slept longer than the lost write took (on a hot key others wrote it meanwhile, so a
     * retry from what it returned would lose again), a fresh read. Same outcomes and exceptions as {@link #update(CasStore, ObjectKey, Mutation)}.
     */
    public UpdateOutcome update(UpdateSteps steps, ObjectKey key, Mutation mutation) {
        requireNonNull(steps, "steps");
        requireNonNull(key, "key");
        requireNonNull(mutation, "mutation");
        RandomGenerator rnd = random.get();
        List<Conflict> conflicts = new ArrayList<>();
        List<StoreAccessException> transients = new ArrayList<>();
        Backoff backoff = policy.backoff();
        StoredObject known = null; // the object the last lost write returned: the next basis, no read needed
        for (int attempt = 1; ; attempt++) {
            StoredObject current = null;
            if (attempt == 1 || known != null) {
                current = newer(known, steps.cached(key).orElse(null));
                known = null;
            }
            if (current == null) {
                Optional<StoredObject> read;
                try {
                    read = steps.read(key);
                } catch (StoreAccessException e) {
                    // a read applies nothing, and every earlier attempt lost or failed definitely: whatever the
                    // class, this update has no write in flight (so a lost connection here is no unknown outcome);
                    // a transient one (BUSY, a pool timeout) is retried like a write
                    retryOrThrow(e.whileReading(), attempt, transients);
                    backoff.onAttempt(true);
                    pause(backoff, attempt, rnd, key);
                    continue;
                }
                if (read.isEmpty()) {
                    return new NotFound(key);
                }
                current = read.get();
            }
            ObjectSpec next = requireNonNull(mutation.apply(current), "mutation returned null");
            if (!next.key().equals(key)) {
                throw new IllegalArgumentException(
                        "mutation must keep the key " + key + ", returned a spec for " + next.key());
            }
            UpdateSteps.Step step;
            long writeStarted = System.nanoTime();
            try {
                step = requireNonNull(steps.write(next, current), "write step returned null");
            } catch (StoreAccessException e) {
                retryOrThrow(e, attempt, transients);
                backoff.onAttempt(true);
                pause(backoff, attempt, rnd, key);
                continue;
            }
            PutOutcome outcome = step.outcome();
            if (outcome instanceof Written w) {
                backoff.onAttempt(false);
                return new Updated(w.object(), attempt, conflicts.size());
            }
            if (outcome instanceof AlreadyExists a) {
                backoff.onAttempt(false);
                return a;
            }
            long writeNanos = System.nanoTime() - writeStarted;
            conflicts.add((Conflict) outcome);
            known = step.current();
            backoff.onAttempt(true);
            if (attempt >= policy.maxAttempts()) {
                return new Exhausted(key, attempt, conflicts);
            }
            if (pause(backoff, attempt, rnd, key) > writeNanos) {
                // the object the lost write returned is now older than a round trip: on a hot key others wrote it
                // during the pause, so a retry from it would lose again; a fresh read costs one round trip and
                // leaves the retry's write only that round trip to lose in
                known = null;
            }
        }
    }

    private static StoredObject newer(StoredObject a, StoredObject b) {
        if (a == null) {
            return b;
        }
        return b != null && b.resourceVersion() > a.resourceVersion() ? b : a;
    }

    private void retryOrThrow(StoreAccessException e, int attempt, List<StoreAccessException> earlier) {
        if (!e.isTransient() || !policy.retryTransientErrors() || attempt >= policy.maxAttempts()) {
            earlier.forEach(e::addSuppressed);
            throw e;
        }
        earlier.add(e);
    }

    /** Sleeps the backoff's delay before {@code retry}; returns the delay in nanoseconds. */
    private long pause(Backoff backoff, int retry, RandomGenerator rnd, ObjectKey key) {
        Duration delay = backoff.delayBefore(retry, rnd);
        try {
            sleeper.sleep(delay);
            return delay.toNanos();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CasStoreException("interrupted while backing off before retry " + retry + " of " + key, e);
        }
    }
}
