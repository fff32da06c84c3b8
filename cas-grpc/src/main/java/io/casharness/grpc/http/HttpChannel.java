package io.casharness.grpc.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.casharness.grpc.v1.CreateRequest;
import io.casharness.grpc.v1.DeleteRequest;
import io.casharness.grpc.v1.DeleteResponse;
import io.casharness.grpc.v1.DescribeResponse;
import io.casharness.grpc.v1.GetByNameRequest;
import io.casharness.grpc.v1.GetRequest;
import io.casharness.grpc.v1.ListRequest;
import io.casharness.grpc.v1.ListResponse;
import io.casharness.grpc.v1.ObjectKey;
import io.casharness.grpc.v1.PutRequest;
import io.casharness.grpc.v1.ResetResponse;
import io.casharness.grpc.v1.UpdateRequest;
import io.casharness.grpc.v1.WriteResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A channel whose every call of {@code casharness.v1.ObjectStore} is one HTTP exchange with an {@link HttpGateway}
 * endpoint ({@code java.net.http.HttpClient}, HTTP/1.1): the request message becomes the binding's route and JSON, the
 * answer becomes the reply message, or the status and trailers the gRPC binding would have sent ({@link KubeJson}).
 * So {@code GrpcCasStore} over this channel maps answers to outcomes exactly as it does over gRPC: one client, two
 * wires. The deadline of a call is the exchange's timeout (its expiry DEADLINE_EXCEEDED, an unknown outcome); a
 * refused connection is UNAVAILABLE, retried until the deadline when the call waits for ready.
 *
 * <p>Built for blocking stubs: the exchange runs on the thread that half-closes the call, and the listener hears the
 * answer on the call's executor. Thread-safe; shutting it down refuses new calls ({@code HttpClient} of Java 17 has
 * no close: its idle connections end with it).
 */
final class HttpChannel extends ManagedChannel {
    /** How long a call that waits for ready pauses between refused connections. */
    private static final long READY_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String endpoint;
    private final URI base;
    private final HttpClient client;
    private volatile boolean shutdown;

    HttpChannel(String endpoint, Duration connectTimeout) {
        this.endpoint = endpoint;
        this.base = URI.create(endpoint + KubeJson.PREFIX);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return new Call<>(method, options);
    }

    @Override
    public String authority() {
        return base.getAuthority();
    }

    @Override
    public ManagedChannel shutdown() {
        shutdown = true;
        return this;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public ManagedChannel shutdownNow() {
        return shutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    @Override
    public String toString() {
        return "HttpChannel[" + endpoint + "]";
    }

    // ---- one call -----------------------------------------------------------------------------------------------

    /** The request of one RPC as an HTTP request, and how to read its successful answer. */
    private record Exchange(String method, String path, String body, Reader reader) {}

    @FunctionalInterface
    private interface Reader {
        Object read(JsonNode body);
    }

    private static Exchange exchange(String rpc, Object request) {
        return switch (rpc) {
            case "Create" -> {
                CreateRequest r = (CreateRequest) request;
                yield new Exchange(
                        "POST",
                        segment(r.getObject().getKey().getKind()),
                        json(KubeJson.object(r.getObject(), OptionalLong.empty())),
                        HttpChannel::written);
            }
            case "Update" -> {
                UpdateRequest r = (UpdateRequest) request;
                yield new Exchange(
                        "PUT",
                        path(r.getObject().getKey()),
                        json(KubeJson.object(r.getObject(), OptionalLong.of(r.getExpectedVersion()))),
                        HttpChannel::written);
            }
            case "Put" -> {
                PutRequest r = (PutRequest) request;
                yield new Exchange(
                        "PUT",
                        path(r.getObject().getKey()),
                        json(KubeJson.object(r.getObject(), OptionalLong.empty())),
                        HttpChannel::written);
            }
            case "Delete" -> {
                DeleteRequest r = (DeleteRequest) request;
                String body = "";
                if (r.hasExpectedVersion()) {
                    var options = KubeJson.objectNode();
                    options.put("kind", "DeleteOptions");
                    options.put("apiVersion", KubeJson.STATUS_API_VERSION);
                    options.putObject("preconditions").put("resourceVersion", Long.toString(r.getExpectedVersion()));
                    body = json(options);
                }
                yield new Exchange("DELETE", path(r.getKey()), body, HttpChannel::deleted);
            }
            case "Get" -> new Exchange("GET", path(((GetRequest) request).getKey()), "", KubeJson::storedObject);
            case "GetByName" -> {
                GetByNameRequest r = (GetByNameRequest) request;
                yield new Exchange(
                        "GET",
                        segment(r.getKind()) + "?fieldSelector=" + query("metadata.name=" + r.getName()),
                        "",
                        HttpChannel::byName);
            }
            case "List" -> {
                ListRequest r = (ListRequest) request;
                StringBuilder q = new StringBuilder(segment(r.getKind()))
                        .append("?limit=")
                        .append(r.getLimit());
                if (!r.getLabelSelector().isEmpty()) {
                    q.append("&labelSelector=").append(query(r.getLabelSelector()));
                }
                if (!r.getContinueAfter().isEmpty()) {
                    q.append("&continue=").append(query(r.getContinueAfter()));
                }
                yield new Exchange("GET", q.toString(), "", HttpChannel::listed);
            }
            case "Describe" -> new Exchange("GET", "-/describe", "", HttpChannel::described);
            case "Reset" -> new Exchange("POST", "-/reset", "", body -> ResetResponse.getDefaultInstance());
            default ->
                throw Status.UNIMPLEMENTED
                        .withDescription("the HTTP binding has no route for " + rpc)
                        .asRuntimeException();
        };
    }

    private static WriteResponse written(JsonNode body) {
        return WriteResponse.newBuilder().setObject(KubeJson.storedObject(body)).build();
    }

    private static DeleteResponse deleted(JsonNode body) {
        JsonNode d = body.path("details");
        return DeleteResponse.newBuilder()
                .setKey(ObjectKey.newBuilder()
                        .setKind(d.path("kind").asText(""))
                        .setId(d.path("id").asText("")))
                .setDeletedVersion(
                        KubeJson.version(d.path("deletedResourceVersion").asText(""), "details.deletedResourceVersion"))
                .build();
    }

    /** A list answering a get by name: no item is NOT_FOUND, one the object, more a protocol violation. */
    private static Object byName(JsonNode body) {
        JsonNode items = body.path("items");
        if (items.size() == 0) {
            throw Status.NOT_FOUND.withDescription("no object of that name").asRuntimeException();
        }
        if (items.size() > 1) {
            throw new IllegalStateException("protocol violation: a get by name answered " + items.size() + " objects");
        }
        return KubeJson.storedObject(items.get(0));
    }

    private static ListResponse listed(JsonNode body) {
        ListResponse.Builder b = ListResponse.newBuilder();
        body.path("items").forEach(o -> b.addItems(KubeJson.storedObject(o)));
        b.setContinueAfter(body.path("metadata").path("continue").asText(""));
        return b.build();
    }

    private static DescribeResponse described(JsonNode body) {
        return DescribeResponse.newBuilder()
                .setBackend(body.path("backend").asText(""))
                .setDescription(body.path("description").asText(""))
                .setVersionsUniqueAcrossKeys(
                        body.path("versionsUniqueAcrossKeys").asBoolean())
                .setVersionsRiseAcrossIncarnations(
                        body.path("versionsRiseAcrossIncarnations").asBoolean())
                .setMode(body.path("mode").asText(""))
                .setReplica(body.path("replica").asText(""))
                .build();
    }

    private static String path(ObjectKey key) {
        return segment(key.getKind()) + "/" + segment(key.getId());
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String json(JsonNode node) {
        return new String(KubeJson.bytes(node), StandardCharsets.UTF_8);
    }

    /** An answer: the reply message, or the status to close with. */
    private record Answer(Object reply, Status status, Metadata trailers) {}

    private Answer send(String rpc, Object request, CallOptions options) {
        if (shutdown) {
            return failed(Status.UNAVAILABLE.withDescription("channel to " + endpoint + " is shut down"));
        }
        Exchange e;
        try {
            e = exchange(rpc, request);
        } catch (StatusRuntimeException s) {
            return new Answer(null, s.getStatus(), new Metadata());
        }
        Deadline deadline = options.getDeadline();
        while (true) {
            long left = deadline == null ? TimeUnit.MINUTES.toNanos(10) : deadline.timeRemaining(TimeUnit.NANOSECONDS);
            if (left <= 0) {
                return failed(Status.DEADLINE_EXCEEDED.withDescription(
                        "deadline exceeded before " + rpc + " reached " + endpoint));
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(e.path()))
                    .timeout(Duration.ofNanos(left))
                    .header("Accept", "application/json");
            if (e.body().isEmpty()) {
                b.method(e.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(e.method(), HttpRequest.BodyPublishers.ofString(e.body()));
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException t) {
                return failed(Status.DEADLINE_EXCEEDED.withDescription(
                        rpc + " to " + endpoint + " timed out: " + t.getMessage()));
            } catch (ConnectException c) {
                if (options.isWaitForReady()) {
                    LockSupport.parkNanos(Math.min(READY_RETRY_NANOS, left));
                    continue;
                }
                return failed(
                        Status.UNAVAILABLE.withDescription("cannot connect to " + endpoint + ": " + c.getMessage()));
            } catch (IOException io) {
                return failed(Status.UNAVAILABLE.withDescription(
                        rpc + " to " + endpoint + " lost its connection: " + io.getMessage()));
            } catch (InterruptedException i) {
                Thread.currentThread().interrupt();
                return failed(Status.CANCELLED.withDescription(rpc + " to " + endpoint + " was interrupted"));
            }
            return answer(response, e.reader());
        }
    }

    private static Answer answer(HttpResponse<byte[]> response, Reader reader) {
        JsonNode body;
        try {
            body = response.body().length == 0 ? MissingNode.getInstance() : KubeJson.MAPPER.readTree(response.body());
        } catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        int code = response.statusCode();
        if (code / 100 != 2) {
            StatusRuntimeException s = KubeJson.grpcStatus(code, body);
            return new Answer(null, s.getStatus(), s.getTrailers());
        }
        try {
            return new Answer(reader.read(body), Status.OK, new Metadata());
        } catch (StatusRuntimeException s) {
            return new Answer(null, s.getStatus(), s.getTrailers() == null ? new Metadata() : s.getTrailers());
        } catch (RuntimeException broken) {
            return failed(Status.INTERNAL.withDescription(
                    "protocol violation: a " + code + " answer could not be read: " + broken.getMessage()));
        }
    }

    private static Answer failed(Status status) {
        return new Answer(null, status, new Metadata());
    }

    private final class Call<Q, R> extends ClientCall<Q, R> {
        private final MethodDescriptor<Q, R> method;
        private final CallOptions options;
        private Listener<R> listener;
        private Q request;
        private boolean cancelled;

        Call(MethodDescriptor<Q, R> method, CallOptions options) {
            this.method = method;
            this.options = options;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            this.listener = listener;
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {
            cancelled = true;
        }

        @Override
        public void sendMessage(Q message) {
            this.request = message;
        }

        @Override
        public void halfClose() {
            Answer a = cancelled
                    ? failed(Status.CANCELLED.withDescription("cancelled before it was sent"))
                    : send(method.getBareMethodName(), request, options);
            Executor executor = options.getExecutor();
            Runnable deliver = () -> {
                if (a.status().isOk()) {
                    listener.onHeaders(new Metadata());
                    @SuppressWarnings("unchecked")
                    R reply = (R) a.reply();
                    listener.onMessage(reply);
                }
                listener.onClose(a.status(), a.trailers());
            };
            if (executor == null) {
                deliver.run();
            } else {
                executor.execute(deliver);
            }
        }
    }
}
