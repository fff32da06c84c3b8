package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.casharness.grpc.v1.CreateRequest;
import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.WriteResponse;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryBackend;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway replica's life (health, graceful and forced stops, a port in use) and what the client side does with
 * endpoints that are wrong, silent, refuse Reset, serve different backends, or die in the middle of a write.
 */
class GatewayServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectKey KEY = ObjectKey.of("sandbox", "sb-1");

    private final MemoryBackend backend = new MemoryBackend();
    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        backend.close();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private ManagedChannel channel(GatewayServer server) {
        ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + server.port(), InsecureChannelCredentials.create())
                .build();
        open.add(ch::shutdownNow);
        return ch;
    }

    /** A handler whose writes wait for {@code release} after saying they started on {@code entered}. */
    private static GatewayHandler blocking(CountDownLatch entered, CountDownLatch release) {
        return new GatewayHandler() {
            @Override
            public String mode() {
                return "blocking";
            }

            @Override
            public PutOutcome create(CasStore store, ObjectSpec spec) {
                hold();
                return GatewayHandler.super.create(store, spec);
            }

            @Override
            public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
                hold();
                return GatewayHandler.super.update(store, spec, expectedVersion);
            }

            private void hold() {
                entered.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void healthIsServingWhileTheReplicaTakesCallsAndNotServingOnceItStops() throws Exception {
        GatewayServer server =
                GatewayServer.builder(backend).grace(Duration.ofSeconds(2)).start();
        ManagedChannel ch = channel(server);
        for (String service : new String[] {"", GatewayServer.SERVICE}) {
            assertThat(HealthGrpc.newBlockingStub(ch)
                            .check(HealthCheckRequest.newBuilder()
                                    .setService(service)
                                    .build())
                            .getStatus())
                    .as("health of \"%s\"", service)
                    .isEqualTo(ServingStatus.SERVING);
        }
        BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
        Context.CancellableContext watch = Context.current().withCancellation();
        watch.run(() -> HealthGrpc.newStub(ch)
                .watch(
                        HealthCheckRequest.newBuilder()
                                .setService(GatewayServer.SERVICE)
                                .build(),
                        new StreamObserver<HealthCheckResponse>() {
                            @Override
                            public void onNext(HealthCheckResponse r) {
                                seen.add(r.getStatus());
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        }));
        assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("what a load balancer watching the replica hears when it stops")
                .isEqualTo(ServingStatus.NOT_SERVING);
        watch.cancel(null);
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aGracefulStopLetsACallInFlightFinishAndRefusesNewOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GatewayServer server = GatewayServer.builder(backend)
                .handler(blocking(entered, release))
                .grace(WAIT)
                .start();
        ManagedChannel ch = channel(server);
        CompletableFuture<WriteResponse> inFlight =
                CompletableFuture.supplyAsync(() -> ObjectStoreGrpc.newBlockingStub(ch)
                        .create(CreateRequest.newBuilder()
                                .setObject(Wire.spec(ObjectSpec.of(KEY, new byte[] {1})))
                                .build()));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        ManagedChannel late = channel(server);
        await().atMost(WAIT)
                .alias("a call that arrives while the replica drains is refused")
                .until(() -> {
                    try {
                        ObjectStoreGrpc.newBlockingStub(late)
                                .withDeadlineAfter(2, TimeUnit.SECONDS)
                                .describe(io.casharness.grpc.v1.DescribeRequest.getDefaultInstance());
                        return false;
                    } catch (StatusRuntimeException e) {
                        return true;
                    }
                });
        assertThat(closing).as("the stop waits for the call in flight").isNotDone();
        release.countDown();

        WriteResponse r = inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.getObject().getResourceVersion()).isPositive();
        try (CasStore direct = backend.openReplica(StoreOptions.defaults())) {
            assertThat(direct.get(KEY)).as("the write the stop waited for").isPresent();
        }
    }

    @Test
    void aPortInUseIsNamedInTheError() {
        GatewayServer first = keep(GatewayServer.builder(backend).start());

        assertThatThrownBy(() ->
                        keep(GatewayServer.builder(backend).port(first.port()).start()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot listen on port " + first.port());
    }

    @Test
    void resetIsRefusedNamingTheEndpointUnlessAllowed() {
        GatewayServer server = keep(GatewayServer.builder(backend).start());
        GrpcBackend client = keep(GrpcBackend.connect(List.of(server.target())));
        try (CasStore s = client.openReplica(StoreOptions.defaults())) {
            s.put(ObjectSpec.of(KEY, new byte[0]), WriteCondition.mustCreate());
        }

        assertThatThrownBy(client::reset)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("target " + server.target() + " refuses Reset")
                .hasMessageContaining("reset allowed");
        try (CasStore direct = backend.openReplica(StoreOptions.defaults())) {
            assertThat(direct.get(KEY)).as("nothing was deleted").isPresent();
        }

        GatewayServer allowing =
                keep(GatewayServer.builder(backend).allowReset(true).start());
        GrpcBackend client2 = keep(GrpcBackend.connect(List.of(allowing.target())));
        client2.reset();
        try (CasStore direct = backend.openReplica(StoreOptions.defaults())) {
            assertThat(direct.get(KEY)).isEmpty();
        }
    }

    @Test
    void endpointsThatServeDifferentBackendsAreRefusedNamingBoth() {
        GatewayServer memory = keep(GatewayServer.builder(backend).start());
        MemoryBackend otherDb = keep(new MemoryBackend());
        GatewayServer other =
                keep(GatewayServer.builder(new Renamed(otherDb, "other")).start());

        assertThatThrownBy(() -> keep(GrpcBackend.connect(List.of(memory.target(), other.target()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target " + other.target() + " serves backend other")
                .hasMessageContaining(memory.target() + " serves memory");
        GrpcBackend same = keep(GrpcBackend.connect(List.of(
                memory.target(), keep(GatewayServer.builder(backend).start()).target())));
        assertThat(same.servedBackend())
                .as("the control: two replicas of one backend")
                .isEqualTo("memory");
    }

    @Test
    void badTargetsAndPortsAreNamedWithTheBound() {
        assertThatThrownBy(() -> GrpcBackend.parseTargets("grpc://127.0.0.1"))
                .hasMessage("a target endpoint must be grpc://host:port, was \"grpc://127.0.0.1\"");
        assertThatThrownBy(() -> GrpcBackend.parseTargets("grpc://127.0.0.1:70000"))
                .hasMessageContaining("between 1 and 65535, was 70000 in grpc://127.0.0.1:70000");
        assertThatThrownBy(() -> GrpcBackend.parseTargets(" , ")).hasMessageContaining("at least one endpoint");
        assertThatThrownBy(() -> GatewayServer.builder(backend).port(65536))
                .hasMessage("port must be between 0 and 65535, was 65536");
        assertThatThrownBy(() -> GrpcBackend.connect(
                        List.of("grpc://127.0.0.1:1"), Duration.ZERO, GrpcBackend.DEFAULT_CONNECT_TIMEOUT))
                .hasMessageContaining("deadline must be more than 0 and at most 10 minutes, was PT0S");
        assertThat(GrpcBackend.parseTargets("grpc://a:1;b:2")).containsExactly("grpc://a:1", "b:2");
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsWithinTheConnectTimeoutNamingIt() throws IOException {
        // accepts TCP connections (the kernel's backlog) and never speaks HTTP/2
        try (ServerSocket silent = new ServerSocket(0)) {
            String target = "grpc://127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();

            assertThatThrownBy(() -> GrpcBackend.connect(List.of(target), WAIT, Duration.ofSeconds(2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target " + target + " did not answer Describe within 2 s")
                    .hasMessageContaining("DEADLINE_EXCEEDED");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerKilledDuringAWriteLeavesTheClientAnUnknownOutcome() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GatewayServer server = GatewayServer.builder(backend)
                .handler(blocking(entered, release))
                .grace(Duration.ZERO)
                .start();
        GrpcBackend client = keep(GrpcBackend.connect(List.of(server.target())));
        try (CasStore direct = backend.openReplica(StoreOptions.defaults())) {
            direct.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate());
        }
        CasStore store = client.openReplica(StoreOptions.defaults());
        CompletableFuture<PutOutcome> write = CompletableFuture.supplyAsync(
                () -> store.put(ObjectSpec.of(KEY, new byte[] {2}), WriteCondition.matchVersion(1)));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        server.close(); // grace 0: the call in flight is cut, as when the process dies
        release.countDown();

        assertThatThrownBy(() -> write.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(StoreAccessException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST);
                    assertThat(e.outcomeUnknown()).as("recorded as info").isTrue();
                });
    }

    /** A backend under another name: what a gateway of a different store reports in Describe. */
    private record Renamed(Backend delegate, String name) implements Backend {
        @Override
        public String describe() {
            return name + " over " + delegate.describe();
        }

        @Override
        public CasStore openReplica(StoreOptions options) {
            return delegate.openReplica(options);
        }

        @Override
        public void reset() {
            delegate.reset();
        }

        @Override
        public void close() {}
    }
}
