package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.v1.CreateRequest;
import io.casharness.grpc.v1.DeleteRequest;
import io.casharness.grpc.v1.DeleteResponse;
import io.casharness.grpc.v1.GetByNameRequest;
import io.casharness.grpc.v1.GetRequest;
import io.casharness.grpc.v1.ListRequest;
import io.casharness.grpc.v1.ListResponse;
import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.PutRequest;
import io.casharness.grpc.v1.UpdateRequest;
import io.casharness.grpc.v1.WriteResponse;
import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.Retrier;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreClosedException;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.UpdateSteps;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.internal.Validation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CasStore} whose every call is one call of the store protocol to one gateway endpoint. The gateway's
 * statuses become the store's outcomes and exceptions by {@link StatusMapping}: ABORTED a {@code Conflict},
 * ALREADY_EXISTS an {@code AlreadyExists}, an unknown outcome a {@code CONNECTION_LOST} access exception (which the
 * harness records as {@code info}). {@link #update} is the contract's loop — read, mutate, conditional write, retried
 * here on the client; the gateway sees only conditional writes — with the last object this replica wrote or read of
 * the key as its first basis ({@link StoreOptions#basisCacheBytes()}, 0 to turn it off).
 *
 * <p>Thread-safe; closing it stops its calls, not the channel, which its backend owns.
 */
public final class GrpcCasStore implements CasStore {
    private final ObjectStoreGrpc.ObjectStoreBlockingStub stub;
    private final String backendName;
    private final String endpoint;
    private final StoreOptions options;
    private final Duration deadline;
    private final BasisCache basis;
    private final UpdateSteps steps;
    private volatile boolean closed;

    GrpcCasStore(ManagedChannel channel, String backendName, String endpoint, StoreOptions options, Duration deadline) {
        this.stub = ObjectStoreGrpc.newBlockingStub(requireNonNull(channel, "channel"))
                .withMaxInboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES)
                .withMaxOutboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES);
        this.backendName = requireNonNull(backendName, "backendName");
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.options = requireNonNull(options, "options");
        this.deadline = requireNonNull(deadline, "deadline");
        this.basis = new BasisCache(options.basisCacheBytes());
        this.steps = new UpdateSteps() {
            @Override
            public Optional<StoredObject> cached(ObjectKey key) {
                return basis.get(key);
            }

            @Override
            public Optional<StoredObject> read(ObjectKey key) {
                return get(key);
            }

            @Override
            public Step write(ObjectSpec next, StoredObject current) {
                PutOutcome outcome = put(next, WriteCondition.matchVersion(current.resourceVersion()));
                if (!(outcome instanceof Written)) {
                    basis.forget(next.key());
                }
                return Step.of(outcome);
            }
        };
    }

    @Override
    public String backend() {
        return backendName;
    }

    @Override
    public String describe() {
        return backendName + " replica " + options.replicaName() + " at " + endpoint;
    }

    private ObjectStoreGrpc.ObjectStoreBlockingStub call() {
        if (closed) {
            throw new StoreClosedException(describe());
        }
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        requireNonNull(condition, "condition");
        Validation.payload(spec.payloadSize(), options.maxPayloadBytes());
        io.casharness.grpc.v1.ObjectSpec wire = Wire.spec(spec);
        try {
            WriteResponse r;
            if (condition instanceof WriteCondition.MatchVersion m) {
                try {
                    r = call().update(UpdateRequest.newBuilder()
                            .setObject(wire)
                            .setExpectedVersion(m.version())
                            .build());
                } catch (StatusRuntimeException e) {
                    Optional<? extends PutOutcome> conflict = StatusMapping.conflictOf(e, spec.key(), m.version());
                    if (conflict.isPresent()) {
                        return conflict.get();
                    }
                    throw e;
                }
            } else if (condition instanceof WriteCondition.MustCreate) {
                r = call().create(CreateRequest.newBuilder().setObject(wire).build());
            } else {
                r = call().put(PutRequest.newBuilder().setObject(wire).build());
            }
            StoredObject written = reply(r.getObject(), spec.key());
            basis.offer(written);
            return new Written(written);
        } catch (StatusRuntimeException e) {
            Optional<? extends PutOutcome> taken = StatusMapping.alreadyExistsOf(e, spec.key());
            if (taken.isPresent()) {
                return taken.get();
            }
            throw StatusMapping.toStore(e, backendName, false);
        }
    }

    @Override
    public DeleteOutcome delete(ObjectKey key, WriteCondition condition) {
        Validation.delete(key, condition);
        DeleteRequest.Builder request = DeleteRequest.newBuilder().setKey(Wire.key(key));
        long expected = 0;
        if (condition instanceof WriteCondition.MatchVersion m) {
            expected = m.version();
            request.setExpectedVersion(expected);
        }
        try {
            DeleteResponse r = call().delete(request.build());
            if (!Wire.key(r.getKey()).equals(key) || r.getDeletedVersion() < 1) {
                throw new IllegalStateException("a delete of " + key + " answered for "
                        + r.getKey().getKind() + "/" + r.getKey().getId() + " v" + r.getDeletedVersion());
            }
            basis.forget(key);
            return new Deleted(key, r.getDeletedVersion());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                basis.forget(key);
                return new NotFound(key);
            }
            if (expected > 0) {
                Optional<? extends DeleteOutcome> conflict = StatusMapping.conflictOf(e, key, expected);
                if (conflict.isPresent()) {
                    return conflict.get();
                }
            }
            throw StatusMapping.toStore(e, backendName, false);
        }
    }

    @Override
    public Optional<StoredObject> get(ObjectKey key) {
        requireNonNull(key, "key");
        try {
            StoredObject found = reply(
                    call().get(GetRequest.newBuilder().setKey(Wire.key(key)).build()), key);
            basis.offer(found);
            return Optional.of(found);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                basis.forget(key);
                return Optional.empty();
            }
            throw StatusMapping.toStore(e, backendName, true);
        }
    }

    /**
     * The contract's loop on steps whose first basis is the object this replica last wrote or read, when it still
     * holds it: an update of a key no other replica wrote since is one call, not a read and a write. A stale basis
     * costs one conflict, after which the loop reads as usual; the write is conditional either way.
     */
    @Override
    public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
        requireNonNull(key, "key");
        requireNonNull(mutation, "mutation");
        requireNonNull(policy, "policy");
        return Retrier.of(policy).update(steps, key, mutation);
    }

    @Override
    public Optional<StoredObject> getByName(String kind, String name) {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
        Validation.kind(kind);
        Validation.name(name);
        try {
            StoredObject o = Wire.object(call().getByName(GetByNameRequest.newBuilder()
                    .setKind(kind)
                    .setName(name)
                    .build()));
            return Optional.of(o);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw StatusMapping.toStore(e, backendName, true);
        }
    }

    @Override
    public Page list(String kind, LabelSelector selector, PageRequest page) {
        requireNonNull(kind, "kind");
        requireNonNull(selector, "selector");
        requireNonNull(page, "page");
        Validation.kind(kind);
        try {
            ListResponse r = call().list(ListRequest.newBuilder()
                    .setKind(kind)
                    .setLabelSelector(selector.toString())
                    .setLimit(page.limit())
                    .setContinueAfter(page.after().orElse(""))
                    .build());
            List<StoredObject> items = new ArrayList<>(r.getItemsCount());
            r.getItemsList().forEach(o -> items.add(Wire.object(o)));
            return new Page(items, Wire.continueAfter(r.getContinueAfter()));
        } catch (StatusRuntimeException e) {
            throw StatusMapping.toStore(e, backendName, true);
        }
    }

    /** The object a reply carries, which must be the one asked for. */
    private static StoredObject reply(io.casharness.grpc.v1.StoredObject o, ObjectKey asked) {
        StoredObject object = Wire.object(o);
        if (!object.key().equals(asked)) {
            throw new IllegalStateException("a call about " + asked + " answered with " + object.key());
        }
        return object;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return describe();
    }
}
