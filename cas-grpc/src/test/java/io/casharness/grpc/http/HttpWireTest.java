package io.casharness.grpc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.casharness.grpc.GatewayHandler;
import io.casharness.grpc.GrpcBackend;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ErrorClass;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreAccessException;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.conformance.MutableClock;
import io.casharness.store.memory.MemoryBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP binding's wire, pinned: exact request bodies, status codes and response bodies of the answers a client must
 * act on (a created object, a conflict naming the current version, Kubernetes' 404 to a conditional update of an
 * absent object, a 422 naming the bound, a delete's precondition), and what the client makes of an unknown outcome.
 * The gateway's clock is fixed, so every version and timestamp is known.
 */
class HttpWireTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final String OBJECTS = "/apis/casharness.v1/sandbox";

    /** What the gateway does with each update; the reference unless a test sets another. */
    private final AtomicReference<GatewayHandler> updates = new AtomicReference<>(GatewayHandler.reference());

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MemoryBackend backend;
    private HttpGateway gateway;
    private GrpcBackend client;

    @BeforeEach
    void start() {
        backend = new MemoryBackend();
        gateway = HttpGateway.builder(backend)
                .allowReset(true)
                .handler(new GatewayHandler() {
                    @Override
                    public String mode() {
                        return "reference";
                    }

                    @Override
                    public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
                        return updates.get().update(store, spec, expectedVersion);
                    }
                })
                .options(StoreOptions.defaults().withReplicaName("gateway-1").withClock(new MutableClock(T0)))
                .start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
    }

    /** A harness replica through the binding's client, closed (with its client) after the test. */
    private CasStore store(Duration deadline) {
        client = HttpBackend.connect(List.of(gateway.target()), deadline, Duration.ofSeconds(5));
        return client.openReplica(StoreOptions.defaults());
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    /** A handler whose every update throws {@code e}, as a store that failed during the write would. */
    private static GatewayHandler updatesThrow(RuntimeException e) {
        return new GatewayHandler() {
            @Override
            public String mode() {
                return "throws";
            }

            @Override
            public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
                throw e;
            }
        };
    }

    private static final ObjectSpec EMPTY =
            new ObjectSpec(ObjectKey.of("sandbox", "sb-1"), null, Map.of(), new byte[0]);

    private record Answer(int code, JsonNode body) {}

    private Answer call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.target() + path));
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), KubeJson.MAPPER.readTree(r.body()));
    }

    private static JsonNode json(String text) throws IOException {
        return KubeJson.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static final String CREATE = "{'apiVersion': 'casharness.v1', 'kind': 'sandbox', 'metadata': {'id': 'sb-1',"
            + " 'name': 'alpha', 'labels': {'env': 'prod'}}, 'payload': 'cmVwbGljYXM9MQ=='}";

    /** The body of a PUT at {@code rv}: the created object, conditional on that version. */
    private static String updateAt(String rv) {
        return CREATE.replace("'name': 'alpha',", "'name': 'alpha', 'resourceVersion': '" + rv + "',")
                .replace('\'', '"');
    }

    /** A Kubernetes Status of failure, exactly as the gateway renders it. */
    private static JsonNode failure(String message, String reason, String details, int code) throws IOException {
        return json("{'kind': 'Status', 'apiVersion': 'v1', 'metadata': {}, 'status': 'Failure', 'message': '" + message
                + "', 'reason': '" + reason + "', 'details': " + details + ", 'code': " + code + "}");
    }

    @Test
    void aCreateIs201WithTheWholeObjectAndAStringResourceVersion() throws Exception {
        Answer a = call("POST", OBJECTS, CREATE.replace('\'', '"'));

        assertThat(a.code()).isEqualTo(201);
        assertThat(a.body())
                .isEqualTo(json("{'apiVersion': 'casharness.v1', 'kind': 'sandbox', 'metadata': {'id': 'sb-1',"
                        + " 'name': 'alpha', 'labels': {'env': 'prod'}, 'resourceVersion': '1',"
                        + " 'creationTimestamp': '2026-01-01T12:00:00Z', 'updateTimestamp': '2026-01-01T12:00:00Z'},"
                        + " 'payload': 'cmVwbGljYXM9MQ=='}"));
    }

    @Test
    void aStaleUpdateIs409ConflictNamingTheCurrentAndTheExpectedVersion() throws Exception {
        call("POST", OBJECTS, CREATE.replace('\'', '"'));
        String update = updateAt("1");
        assertThat(call("PUT", OBJECTS + "/sb-1", update).code()).isEqualTo(200);

        Answer stale = call("PUT", OBJECTS + "/sb-1", update);

        assertThat(stale.code()).isEqualTo(409);
        assertThat(stale.body())
                .isEqualTo(failure(
                        "concurrent modification, current resource_version: 2",
                        "Conflict",
                        "{'kind': 'sandbox', 'id': 'sb-1', 'currentResourceVersion': '2', 'expectedResourceVersion': '1'}",
                        409));
    }

    @Test
    void aConditionalUpdateOfAnAbsentObjectIs404WithTheVersionAbsentAndTheClientReadsAConflict() throws Exception {
        String update = updateAt("3");

        Answer a = call("PUT", OBJECTS + "/sb-1", update);

        assertThat(a.code()).isEqualTo(404);
        assertThat(a.body())
                .isEqualTo(failure(
                        "concurrent modification: sandbox/sb-1 is absent, expected resource_version: 3",
                        "NotFound",
                        "{'kind': 'sandbox', 'id': 'sb-1', 'currentResourceVersion': 'absent',"
                                + " 'expectedResourceVersion': '3'}",
                        404));
        assertThat(store(Duration.ofSeconds(5)).put(EMPTY, WriteCondition.matchVersion(3)))
                .isEqualTo(Conflict.absent(EMPTY.key(), 3));
    }

    @Test
    void aPageLimitOutOfBoundsIs422InvalidNamingTheValueAndTheBound() throws Exception {
        Answer a = call("GET", OBJECTS + "?limit=0", null);

        assertThat(a.code()).isEqualTo(422);
        assertThat(a.body())
                .isEqualTo(failure(
                        "page limit must be between 1 and 10000, was 0", "Invalid", "{'kind': 'sandbox'}", 422));
    }

    @Test
    void aDeleteWithAStalePreconditionIs409AndOneAtTheCurrentVersionNamesTheDeletedVersion() throws Exception {
        call("POST", OBJECTS, CREATE.replace('\'', '"'));
        String stale = "{'kind': 'DeleteOptions', 'apiVersion': 'v1', 'preconditions': {'resourceVersion': '7'}}"
                .replace('\'', '"');

        Answer refused = call("DELETE", OBJECTS + "/sb-1", stale);
        Answer deleted = call("DELETE", OBJECTS + "/sb-1", stale.replace("\"7\"", "\"1\""));

        assertThat(refused.code()).isEqualTo(409);
        assertThat(refused.body().get("reason").asText()).isEqualTo("Conflict");
        assertThat(refused.body().get("details"))
                .isEqualTo(json("{'kind': 'sandbox', 'id': 'sb-1', 'currentResourceVersion': '1',"
                        + " 'expectedResourceVersion': '7'}"));
        assertThat(deleted.code()).isEqualTo(200);
        assertThat(deleted.body())
                .isEqualTo(
                        json(
                                "{'kind': 'Status', 'apiVersion': 'v1', 'metadata': {}, 'status': 'Success',"
                                        + " 'code': 200, 'details': {'kind': 'sandbox', 'id': 'sb-1', 'deletedResourceVersion': '1'}}"));
        assertThat(call("GET", OBJECTS + "/sb-1", null).code()).isEqualTo(404);
    }

    @Test
    void aLostConnectionMidWriteIs503WithoutAppliedAndTheClientRecordsAnUnknownOutcome() throws Exception {
        updates.set(updatesThrow(new StoreAccessException(
                ErrorClass.CONNECTION_LOST, "memory", "08006", 0, "connection lost during COMMIT", null)));
        String update = updateAt("1");

        Answer a = call("PUT", OBJECTS + "/sb-1", update);

        assertThat(a.code()).isEqualTo(503);
        assertThat(a.body())
                .isEqualTo(failure(
                        "outcome unknown: [CONNECTION_LOST backend=memory sqlState=08006 code=0]"
                                + " connection lost during COMMIT",
                        "ServiceUnavailable",
                        "{'kind': 'sandbox', 'id': 'sb-1', 'errorClass': 'CONNECTION_LOST'}",
                        503));
        CasStore store = store(Duration.ofSeconds(5));
        assertThatThrownBy(() -> store.put(EMPTY, WriteCondition.matchVersion(1)))
                .isInstanceOfSatisfying(
                        StoreAccessException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST));
    }

    @Test
    void aWriteKnownNotAppliedIs503WithAppliedFalseAndTheClientRecordsATransientFailure() throws Exception {
        updates.set(
                updatesThrow(new StoreAccessException(ErrorClass.TRANSIENT, "memory", "40001", 0, "lock busy", null)));
        CasStore store = store(Duration.ofSeconds(5));

        assertThatThrownBy(() -> store.put(EMPTY, WriteCondition.matchVersion(1)))
                .isInstanceOfSatisfying(
                        StoreAccessException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT));
        Answer a = call(
                "PUT",
                OBJECTS + "/sb-1",
                CREATE.replace("'name': 'alpha',", "'resourceVersion': '1',").replace('\'', '"'));
        assertThat(a.code()).isEqualTo(503);
        assertThat(a.body().get("details").get("applied").asBoolean(true)).isFalse();
        assertThat(a.body().get("details").get("errorClass").asText()).isEqualTo("TRANSIENT");
    }

    @Test
    void aWriteThatOutlivesTheClientsDeadlineIsAnUnknownOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        updates.set(new GatewayHandler() {
            @Override
            public String mode() {
                return "slow";
            }

            @Override
            public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return GatewayHandler.super.update(store, spec, expectedVersion);
            }
        });
        try {
            CasStore store = store(Duration.ofMillis(300));

            assertThatThrownBy(() -> store.put(EMPTY, WriteCondition.matchVersion(1)))
                    .isInstanceOfSatisfying(
                            StoreAccessException.class,
                            e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CONNECTION_LOST))
                    .hasMessageContaining("DEADLINE_EXCEEDED");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBodyOfTheWrongShapeIs400NamingTheField() throws Exception {
        Answer a = call(
                "PUT",
                OBJECTS + "/sb-1",
                CREATE.replace("'id': 'sb-1'", "'id': 'sb-2'").replace('\'', '"'));

        assertThat(a.code()).isEqualTo(400);
        assertThat(a.body().get("reason").asText()).isEqualTo("BadRequest");
        assertThat(a.body().get("message").asText())
                .isEqualTo("metadata.id \"sb-2\" does not match the id in the URL \"sb-1\"");
    }

    @Test
    void resetIs403OnAGatewayStartedWithoutResetAllowed() throws Exception {
        try (HttpGateway production = HttpGateway.builder(backend).start()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(production.target() + "/apis/casharness.v1/-/reset"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(KubeJson.MAPPER.readTree(r.body()).get("reason").asText())
                    .isEqualTo("Forbidden");
        }
    }

    @Test
    void anEndpointThatIsNotHttpHostPortIsRefusedNamingIt() {
        assertThat(HttpBackend.endpoint("http://127.0.0.1:8080/")).isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> HttpBackend.endpoint("grpc://127.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an HTTP target endpoint must be http://host:port, was \"grpc://127.0.0.1:8080\"");
        assertThatThrownBy(() -> HttpBackend.endpoint("http://127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an HTTP target endpoint's port must be between 1 and 65535, was 70000 in"
                        + " http://127.0.0.1:70000");
    }
}
