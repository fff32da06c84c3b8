package io.casharness.grpc;

import io.casharness.grpc.v1.CreateRequest;
import io.casharness.grpc.v1.DeleteRequest;
import io.casharness.grpc.v1.DeleteResponse;
import io.casharness.grpc.v1.DescribeRequest;
import io.casharness.grpc.v1.DescribeResponse;
import io.casharness.grpc.v1.GetByNameRequest;
import io.casharness.grpc.v1.GetRequest;
import io.casharness.grpc.v1.ListRequest;
import io.casharness.grpc.v1.ListResponse;
import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.PutRequest;
import io.casharness.grpc.v1.ResetRequest;
import io.casharness.grpc.v1.ResetResponse;
import io.casharness.grpc.v1.UpdateRequest;
import io.casharness.grpc.v1.WriteResponse;
import io.casharness.store.AlreadyExists;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.Deleted;
import io.casharness.store.LabelSelector;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.Written;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** The ObjectStore service of one gateway replica: each call is one call of its store, through its handler. */
final class ObjectStoreService extends ObjectStoreGrpc.ObjectStoreImplBase {
    private final CasStore store;
    private final Backend backend;
    private final GatewayHandler handler;
    private final String replica;
    private final boolean allowReset;

    ObjectStoreService(CasStore store, Backend backend, GatewayHandler handler, String replica, boolean allowReset) {
        this.store = store;
        this.backend = backend;
        this.handler = handler;
        this.replica = replica;
        this.allowReset = allowReset;
    }

    @Override
    public void create(CreateRequest request, StreamObserver<WriteResponse> out) {
        answer(out, true, () -> written(handler.create(store, Wire.spec(request.getObject()))));
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<WriteResponse> out) {
        answer(
                out,
                true,
                () -> written(handler.update(store, Wire.spec(request.getObject()), request.getExpectedVersion())));
    }

    @Override
    public void put(PutRequest request, StreamObserver<WriteResponse> out) {
        answer(out, true, () -> written(handler.put(store, Wire.spec(request.getObject()))));
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        answer(out, true, () -> {
            ObjectKey key = Wire.key(request.getKey());
            OptionalLong expected =
                    request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty();
            DeleteOutcome outcome = handler.delete(store, key, expected);
            if (outcome instanceof Deleted d) {
                return DeleteResponse.newBuilder()
                        .setKey(Wire.key(d.key()))
                        .setDeletedVersion(d.deletedVersion())
                        .build();
            }
            if (outcome instanceof Conflict c) {
                throw StatusMapping.conflict(c);
            }
            throw StatusMapping.notFound(((NotFound) outcome).key());
        });
    }

    @Override
    public void get(GetRequest request, StreamObserver<io.casharness.grpc.v1.StoredObject> out) {
        answer(out, false, () -> {
            ObjectKey key = Wire.key(request.getKey());
            return Wire.object(store.get(key).orElseThrow(() -> StatusMapping.notFound(key)));
        });
    }

    @Override
    public void getByName(GetByNameRequest request, StreamObserver<io.casharness.grpc.v1.StoredObject> out) {
        answer(out, false, () -> {
            Optional<StoredObject> o = store.getByName(request.getKind(), request.getName());
            return Wire.object(o.orElseThrow(
                    () -> StatusMapping.notFound("name " + request.getName() + " of kind " + request.getKind())));
        });
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> out) {
        answer(out, false, () -> {
            Page page = store.list(
                    request.getKind(),
                    LabelSelector.parse(request.getLabelSelector()),
                    new PageRequest(request.getLimit(), Wire.continueAfter(request.getContinueAfter())));
            ListResponse.Builder b = ListResponse.newBuilder();
            page.items().forEach(o -> b.addItems(Wire.object(o)));
            page.continueAfter().ifPresent(b::setContinueAfter);
            return b.build();
        });
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> out) {
        answer(
                out,
                false,
                () -> DescribeResponse.newBuilder()
                        .setBackend(backend.name())
                        .setDescription(backend.describe())
                        .setVersionsUniqueAcrossKeys(backend.versionsUniqueAcrossKeys())
                        .setVersionsRiseAcrossIncarnations(backend.versionsRiseAcrossIncarnations())
                        .setMode(handler.mode())
                        .setReplica(replica)
                        .build());
    }

    @Override
    public void reset(ResetRequest request, StreamObserver<ResetResponse> out) {
        if (!allowReset) {
            out.onError(Status.PERMISSION_DENIED
                    .withDescription("reset is not allowed on this gateway (start it with reset allowed, for tests)")
                    .asRuntimeException());
            return;
        }
        answer(out, true, () -> {
            backend.reset();
            return ResetResponse.getDefaultInstance();
        });
    }

    private static WriteResponse written(PutOutcome outcome) {
        if (outcome instanceof Written w) {
            return WriteResponse.newBuilder().setObject(Wire.object(w.object())).build();
        }
        if (outcome instanceof Conflict c) {
            throw StatusMapping.conflict(c);
        }
        throw StatusMapping.alreadyExists((AlreadyExists) outcome);
    }

    private static <T> void answer(StreamObserver<T> out, boolean write, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            out.onError(StatusMapping.fromStore(e, write));
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }
}
