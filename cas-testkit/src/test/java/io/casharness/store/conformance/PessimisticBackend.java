package io.casharness.store.conformance;

import static java.util.Objects.requireNonNull;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryBackend;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A correct pessimistic store: the in-memory model behind per-key row locks, as {@code SELECT ... FOR UPDATE} gives
 * a SQL store. A read, a put and a delete take the key's lock for the call; an {@code update} holds it across the
 * whole read-mutate-write, so a write of the same key from another replica waits until the update ends. A lock
 * belongs to a replica (a database session), not to a thread, and is re-entrant for it; waiting for one cannot be
 * interrupted, like a JDBC call blocked on its socket. Stamps objects with the wall clock, not the injected clock (a
 * database's {@code now()}). Thread-safe.
 */
final class PessimisticBackend implements Backend {
    private final MemoryBackend delegate = new MemoryBackend();
    private volatile RowLocks locks = new RowLocks();

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    public String describe() {
        return "per-key row locks over " + delegate.describe();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return delegate.versionsUniqueAcrossKeys();
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        return new LockingReplica(delegate.openReplica(options.withClock(Clock.systemUTC())), this);
    }

    /** Also drops every lock: a thread stuck on an old lock (a timed-out test) stays stuck, the next test is free. */
    @Override
    public void reset() {
        locks = new RowLocks();
        delegate.reset();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Row locks owned by a replica, re-entrant for it, waited for uninterruptibly. */
    private static final class RowLocks {
        private final Map<ObjectKey, Object> owner = new HashMap<>();
        private final Map<ObjectKey, Integer> holds = new HashMap<>();

        synchronized void lock(ObjectKey key, Object replica) {
            boolean interrupted = false;
            while (owner.containsKey(key) && owner.get(key) != replica) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // a blocked database call does not notice either
                }
            }
            owner.put(key, replica);
            holds.merge(key, 1, Integer::sum);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void unlock(ObjectKey key) {
            if (holds.merge(key, -1, Integer::sum) == 0) {
                holds.remove(key);
                owner.remove(key);
                notifyAll();
            }
        }
    }

    private static final class LockingReplica extends ForwardingCasStore {
        private final PessimisticBackend backend;

        LockingReplica(CasStore delegate, PessimisticBackend backend) {
            super(delegate);
            this.backend = requireNonNull(backend, "backend");
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (spec == null) {
                return delegate.put(spec, condition);
            }
            RowLocks locks = backend.locks;
            locks.lock(spec.key(), this);
            try {
                return delegate.put(spec, condition);
            } finally {
                locks.unlock(spec.key());
            }
        }

        @Override
        public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
            if (key == null) {
                return delegate.delete(key, condition);
            }
            RowLocks locks = backend.locks;
            locks.lock(key, this);
            try {
                return delegate.delete(key, condition);
            } finally {
                locks.unlock(key);
            }
        }

        @Override
        public Optional<StoredObject> get(ObjectKey key) {
            if (key == null) {
                return delegate.get(key);
            }
            RowLocks locks = backend.locks;
            locks.lock(key, this);
            try {
                return delegate.get(key);
            } finally {
                locks.unlock(key);
            }
        }

        /** The read, the mutation and the write under one lock: another replica's write of the key waits. */
        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            if (key == null) {
                return super.update(key, mutation, policy);
            }
            RowLocks locks = backend.locks;
            locks.lock(key, this);
            try {
                return super.update(key, mutation, policy);
            } finally {
                locks.unlock(key);
            }
        }
    }
}
