package io.casharness.grpc.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.casharness.grpc.GatewayBuilder;
import io.casharness.grpc.GatewayHandler;
import io.casharness.grpc.GatewayServer;
import io.casharness.grpc.StatusMapping;
import io.casharness.grpc.v1.CreateRequest;
import io.casharness.grpc.v1.DeleteRequest;
import io.casharness.grpc.v1.DeleteResponse;
import io.casharness.grpc.v1.DescribeRequest;
import io.casharness.grpc.v1.DescribeResponse;
import io.casharness.grpc.v1.GetByNameRequest;
import io.casharness.grpc.v1.GetRequest;
import io.casharness.grpc.v1.ListRequest;
import io.casharness.grpc.v1.ListResponse;
import io.casharness.grpc.v1.ObjectKey;
import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.PutRequest;
import io.casharness.grpc.v1.ResetRequest;
import io.casharness.grpc.v1.UpdateRequest;
import io.casharness.grpc.v1.WriteResponse;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Limits;
import io.casharness.store.StoreClosedException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One gateway replica over HTTP/1.1 and JSON, in the shape of the Kubernetes API (docs/http-binding.md): a replica of
 * a backend (its own pool) whose every request is transcoded to the same {@code casharness.v1.ObjectStore}
 * implementation {@link GatewayServer} serves ({@link GatewayServer#service}), through a {@link GatewayHandler}, so
 * the semantics (versions, conditions, errors, selectors, paging, the modes) are the gRPC binding's by construction;
 * only the wire differs. Outcomes leave as HTTP codes and Kubernetes {@code Status} objects whose {@code details}
 * carry what the gRPC binding's trailers carry ({@link KubeJson}).
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver}: about eight routes of plain request/response need no server
 * framework, and a framework would be a dependency for what is a page of routing. Calls run on a bounded pool
 * ({@link Builder#threads(int)} threads, as many waiting); when both are full the accepting thread runs the call
 * itself, which stops it accepting: backpressure, never an unbounded queue.
 *
 * <p>{@link #close()} is the graceful stop: from then on a request is answered 503 with {@code applied: false}
 * (nothing was done, a retry elsewhere may succeed), calls in flight finish within the grace, then the port closes and
 * the replica's store closes. The backend stays the caller's. (The stop counts calls in flight itself: the JDK 17
 * server's own {@code stop(delay)} waits the whole delay when nothing is in flight.) Thread-safe.
 */
public final class HttpGateway implements AutoCloseable {
    /**
     * The JDK server writes a response's headers and its body as two segments, and with Nagle's algorithm on (its
     * default) the body waits for the client's delayed acknowledgement of the headers: ~40-50 ms a call on Linux
     * loopback, measured. The server reads this property once, when its configuration class loads, so it is set here,
     * before the first gateway starts, unless the user chose a value.
     */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private static final Set<String> LIST_PARAMETERS = Set.of("labelSelector", "fieldSelector", "limit", "continue");
    private static final String NAME_FIELD = "metadata.name";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final CasStore store;
    private final ObjectStoreGrpc.AsyncService service;
    private final String replica;
    private final Duration grace;
    private volatile boolean closed;

    /** Calls in flight; guarded by {@code this}, which {@link #close()} waits on. */
    private int inFlight;

    private HttpGateway(GatewayBuilder.Settings b, int poolThreads) throws IOException {
        this.replica = b.options().replicaName();
        this.grace = b.grace();
        this.store = b.backend().openReplica(b.options());
        try {
            this.service = GatewayServer.service(store, b.backend(), b.handler(), replica, b.allowReset());
            InetSocketAddress address =
                    b.host() == null ? new InetSocketAddress(b.port()) : new InetSocketAddress(b.host(), b.port());
            this.server = HttpServer.create(address, 0);
            AtomicInteger threads = new AtomicInteger();
            this.executor = new ThreadPoolExecutor(
                    poolThreads,
                    poolThreads,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(poolThreads),
                    r -> {
                        Thread t = new Thread(r, "http-gateway-" + replica + "-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    new ThreadPoolExecutor.CallerRunsPolicy());
            server.setExecutor(executor);
            server.createContext("/", this::exchange);
            server.start();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /** The port the replica listens on (the one it was given, or the one the system chose for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}: what {@link HttpBackend#connect} takes. */
    public String target() {
        return "http://127.0.0.1:" + port();
    }

    public String replica() {
        return replica;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long end = System.nanoTime() + grace.toNanos();
            synchronized (this) {
                for (long left = grace.toNanos(); inFlight > 0 && left > 0; left = end - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            server.stop(0);
            executor.shutdown();
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    // ---- routing ------------------------------------------------------------------------------------------------

    private void exchange(HttpExchange ex) throws IOException {
        synchronized (this) {
            inFlight++;
        }
        try {
            answer(ex);
        } finally {
            synchronized (this) {
                if (--inFlight == 0) {
                    notifyAll();
                }
            }
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        KubeJson.Answer answer;
        ObjectNode details = KubeJson.objectNode();
        boolean write = !ex.getRequestMethod().equals("GET");
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(GatewayServer.MAX_MESSAGE_BYTES + 1);
            if (body.length > GatewayServer.MAX_MESSAGE_BYTES) {
                throw new HttpProblem(
                        413,
                        "RequestEntityTooLarge",
                        "a request body must be at most " + GatewayServer.MAX_MESSAGE_BYTES + " bytes");
            }
            if (closed) {
                throw StatusMapping.fromStore(new StoreClosedException(toString()), false);
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/healthz")) {
                method(ex, "GET");
                send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!path.startsWith(KubeJson.PREFIX)) {
                throw new HttpProblem(404, "NotFound", "the server could not find the requested resource " + path);
            }
            String[] segments = path.substring(KubeJson.PREFIX.length()).split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                segments[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            if (!segments[0].equals("-")) {
                details.put("kind", segments[0]);
                if (segments.length == 2) {
                    details.put("id", segments[1]);
                }
            }
            answer = route(ex, segments, body, details);
        } catch (HttpProblem p) {
            answer = KubeJson.failure(p.code(), p.reason(), p.getMessage(), details);
        } catch (StatusRuntimeException e) {
            answer = KubeJson.failure(e, details);
        } catch (RuntimeException e) {
            answer = KubeJson.failure(StatusMapping.fromStore(e, write), details);
        }
        send(ex, answer.code(), "application/json", KubeJson.bytes(answer.body()));
    }

    /** The answer to a request; {@code details} (the kind and id of the URL) gains the id a create's body names. */
    private KubeJson.Answer route(HttpExchange ex, String[] s, byte[] body, ObjectNode details) {
        if (s.length == 2 && s[0].equals("-")) {
            if (s[1].equals("describe")) {
                method(ex, "GET");
                return new KubeJson.Answer(
                        200, describe(call(service::describe, DescribeRequest.getDefaultInstance())));
            }
            if (s[1].equals("reset")) {
                method(ex, "POST");
                call(service::reset, ResetRequest.getDefaultInstance());
                return new KubeJson.Answer(200, KubeJson.success(KubeJson.objectNode()));
            }
        }
        if (s.length == 1 && !s[0].isEmpty()) {
            String m = method(ex, "POST", "GET");
            if (m.equals("POST")) {
                CreateRequest r = CreateRequest.newBuilder()
                        .setObject(KubeJson.spec(json(body), s[0], null))
                        .build();
                details.put("id", r.getObject().getKey().getId());
                if (json(body).path("metadata").has("resourceVersion")) {
                    throw HttpProblem.invalid("metadata.resourceVersion must not be set on a create (POST)");
                }
                return new KubeJson.Answer(201, written(call(service::create, r)));
            }
            return list(s[0], query(ex));
        }
        if (s.length == 2 && !s[0].isEmpty() && !s[1].isEmpty()) {
            ObjectKey key = ObjectKey.newBuilder().setKind(s[0]).setId(s[1]).build();
            String m = method(ex, "GET", "PUT", "DELETE");
            switch (m) {
                case "GET" -> {
                    return new KubeJson.Answer(
                            200,
                            KubeJson.object(call(
                                    service::get,
                                    GetRequest.newBuilder().setKey(key).build())));
                }
                case "PUT" -> {
                    JsonNode json = json(body);
                    var spec = KubeJson.spec(json, s[0], s[1]);
                    OptionalLong expected = KubeJson.resourceVersion(json.path("metadata"), "metadata.resourceVersion");
                    WriteResponse w = expected.isPresent()
                            ? call(
                                    service::update,
                                    UpdateRequest.newBuilder()
                                            .setObject(spec)
                                            .setExpectedVersion(expected.getAsLong())
                                            .build())
                            : call(
                                    service::put,
                                    PutRequest.newBuilder().setObject(spec).build());
                    return new KubeJson.Answer(200, written(w));
                }
                default -> {
                    return delete(key, body);
                }
            }
        }
        throw new HttpProblem(
                404,
                "NotFound",
                "the server could not find the requested resource "
                        + ex.getRequestURI().getRawPath());
    }

    private KubeJson.Answer delete(ObjectKey key, byte[] body) {
        DeleteRequest.Builder r = DeleteRequest.newBuilder().setKey(key);
        if (body.length > 0) {
            JsonNode options = json(body);
            String kind = KubeJson.optionalText(options, "kind", "kind");
            if (kind != null && !kind.equals("DeleteOptions")) {
                throw HttpProblem.badRequest("a DELETE body must be DeleteOptions, was kind \"" + kind + "\"");
            }
            JsonNode preconditions = options.path("preconditions");
            if (!preconditions.isMissingNode() && !preconditions.isNull()) {
                if (!preconditions.isObject()) {
                    throw HttpProblem.badRequest("preconditions must be a JSON object");
                }
                preconditions.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("resourceVersion")) {
                        throw HttpProblem.badRequest(
                                "preconditions." + f + " is not supported: only preconditions.resourceVersion");
                    }
                });
                KubeJson.resourceVersion(preconditions, "preconditions.resourceVersion")
                        .ifPresent(r::setExpectedVersion);
            }
        }
        DeleteResponse d = call(service::delete, r.build());
        ObjectNode details = KubeJson.details(d.getKey().getKind(), d.getKey().getId());
        details.put("deletedResourceVersion", Long.toString(d.getDeletedVersion()));
        return new KubeJson.Answer(200, KubeJson.success(details));
    }

    private KubeJson.Answer list(String kind, Map<String, String> query) {
        String field = query.get("fieldSelector");
        ObjectNode out = KubeJson.objectNode();
        out.put("apiVersion", KubeJson.API_VERSION);
        out.put("kind", "List");
        ObjectNode metadata = out.putObject("metadata");
        var items = out.putArray("items");
        if (field != null) {
            if (query.size() > 1) {
                throw HttpProblem.badRequest(
                        "fieldSelector cannot be combined with labelSelector, limit or continue, was "
                                + query.keySet());
            }
            String name = nameOf(field);
            try {
                items.add(KubeJson.object(call(
                        service::getByName,
                        GetByNameRequest.newBuilder()
                                .setKind(kind)
                                .setName(name)
                                .build())));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            return new KubeJson.Answer(200, out);
        }
        String limit = query.get("limit");
        if (limit == null) {
            throw HttpProblem.invalid("limit is required: between 1 and " + Limits.MAX_PAGE_SIZE);
        }
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw HttpProblem.invalid(
                    "limit must be an integer between 1 and " + Limits.MAX_PAGE_SIZE + ", was \"" + limit + "\"");
        }
        ListResponse r = call(
                service::list,
                ListRequest.newBuilder()
                        .setKind(kind)
                        .setLabelSelector(query.getOrDefault("labelSelector", ""))
                        .setLimit(n)
                        .setContinueAfter(query.getOrDefault("continue", ""))
                        .build());
        if (!r.getContinueAfter().isEmpty()) {
            metadata.put("continue", r.getContinueAfter());
        }
        r.getItemsList().forEach(o -> items.add(KubeJson.object(o)));
        return new KubeJson.Answer(200, out);
    }

    /** The name of {@code metadata.name=X} (or {@code ==}), the one field selector served. */
    private static String nameOf(String selector) {
        String s = selector.strip();
        for (String op : new String[] {"==", "="}) {
            if (s.startsWith(NAME_FIELD + op) || s.startsWith(NAME_FIELD + " " + op)) {
                return s.substring(s.indexOf(op) + op.length()).strip();
            }
        }
        throw HttpProblem.badRequest(
                "field selector \"" + selector + "\" is not supported: only " + NAME_FIELD + "=NAME (a get by name)");
    }

    private static ObjectNode written(WriteResponse w) {
        return KubeJson.object(w.getObject());
    }

    private static ObjectNode describe(DescribeResponse d) {
        ObjectNode o = KubeJson.objectNode();
        o.put("apiVersion", KubeJson.API_VERSION);
        o.put("kind", "Describe");
        o.put("backend", d.getBackend());
        o.put("description", d.getDescription());
        o.put("versionsUniqueAcrossKeys", d.getVersionsUniqueAcrossKeys());
        o.put("versionsRiseAcrossIncarnations", d.getVersionsRiseAcrossIncarnations());
        o.put("mode", d.getMode());
        o.put("replica", d.getReplica());
        return o;
    }

    /** One call of the service, which answers on this thread: its reply, or its status thrown. */
    private static <Q, R> R call(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        Object[] reply = new Object[1];
        RuntimeException[] error = new RuntimeException[1];
        method.accept(request, new StreamObserver<R>() {
            @Override
            public void onNext(R value) {
                reply[0] = value;
            }

            @Override
            public void onError(Throwable t) {
                error[0] = t instanceof RuntimeException r ? r : new IllegalStateException(t);
            }

            @Override
            public void onCompleted() {}
        });
        if (error[0] != null) {
            throw error[0];
        }
        if (reply[0] == null) {
            throw new IllegalStateException("the service answered neither a reply nor an error");
        }
        @SuppressWarnings("unchecked")
        R r = (R) reply[0];
        return r;
    }

    private static String method(HttpExchange ex, String... allowed) {
        String m = ex.getRequestMethod();
        for (String a : allowed) {
            if (a.equals(m)) {
                return m;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new HttpProblem(
                405,
                "MethodNotAllowed",
                "method " + m + " is not allowed on " + ex.getRequestURI().getRawPath() + ": allowed are "
                        + String.join(", ", allowed));
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw HttpProblem.badRequest("the request needs a JSON body");
        }
        try {
            return KubeJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!LIST_PARAMETERS.contains(k)) {
                throw HttpProblem.badRequest("unknown query parameter \"" + k
                        + "\": known are labelSelector, fieldSelector, limit, continue");
            }
            if (out.put(k, v) != null) {
                throw HttpProblem.badRequest("query parameter \"" + k + "\" given twice");
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** How to start a replica; only the backend is required. */
    public static final class Builder extends GatewayBuilder<Builder> {
        private int threads = 16;

        private Builder(Backend backend) {
            super(backend);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Calls served at once, 1..256 (16 by default); as many more may wait. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Opens the replica's store and starts serving; a port in use is named in the exception. */
        public HttpGateway start() {
            Settings s = settings();
            try {
                return new HttpGateway(s, threads);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + s.port() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "HttpGateway[" + replica + " at " + target() + "]";
    }
}
