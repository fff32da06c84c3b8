package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.UpdateRequest;
import io.casharness.grpc.v1.WriteResponse;
import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client that uses the sentinel: it reads (through its delegate, a harness replica) and then sends every update
 * with {@code expected_version} 0 — "use current" — instead of the version it read, to one gateway of its own. An
 * ABORTED answer is the conflict of the version it read, as the harness's client would record it; everything else
 * is the delegate's. What a client of the seed's gateway does when it trusts the sentinel to protect its update.
 */
final class SentinelClient extends ForwardingCasStore {
    private final ManagedChannel channel;
    private final ObjectStoreGrpc.ObjectStoreBlockingStub stub;

    SentinelClient(CasStore delegate, GatewayServer gateway) {
        super(delegate);
        this.channel = Grpc.newChannelBuilder("127.0.0.1:" + gateway.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES)
                .build();
        this.stub =
                ObjectStoreGrpc.newBlockingStub(channel).withMaxOutboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES);
    }

    @Override
    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
        requireNonNull(spec, "spec");
        if (!(condition instanceof WriteCondition.MatchVersion read)) {
            return delegate.put(spec, condition);
        }
        try {
            WriteResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .update(UpdateRequest.newBuilder()
                            .setObject(Wire.spec(spec))
                            .setExpectedVersion(SentinelHandler.USE_CURRENT)
                            .build());
            return new Written(Wire.object(r.getObject()));
        } catch (StatusRuntimeException e) {
            Optional<? extends PutOutcome> conflict = StatusMapping.conflictOf(e, spec.key(), read.version());
            if (conflict.isPresent()) {
                return conflict.get();
            }
            throw StatusMapping.toStore(e, backend(), false);
        }
    }

    @Override
    public String describe() {
        return "sentinel client over " + delegate.describe();
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            channel.shutdownNow();
        }
    }
}
