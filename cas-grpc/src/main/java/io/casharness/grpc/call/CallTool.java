package io.casharness.grpc.call;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.casharness.grpc.GatewayServer;
import io.casharness.grpc.GrpcBackend;
import io.casharness.grpc.v1.ObjectStoreProto;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthProto;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One unary call of the store protocol (or of the standard health check) from a JSON request, answered as JSON or
 * as a status with its {@code cas-*} trailers: a grpcurl for this protocol that needs no reflection service, since
 * the methods come from the compiled proto. Requests and replies use the protobuf JSON mapping with the proto's own
 * field names ({@code resource_version}) and map keys sorted; the parser accepts the lowerCamelCase names too, and rejects unknown
 * fields. Stateless and thread-safe.
 */
public final class CallTool {
    /** Every method this tool can call, by full name ({@code casharness.v1.ObjectStore/Create}). */
    private static final Map<String, Descriptors.MethodDescriptor> METHODS = new LinkedHashMap<>();

    static {
        for (Descriptors.FileDescriptor file : List.of(ObjectStoreProto.getDescriptor(), HealthProto.getDescriptor())) {
            for (Descriptors.ServiceDescriptor service : file.getServices()) {
                for (Descriptors.MethodDescriptor m : service.getMethods()) {
                    if (!m.isClientStreaming() && !m.isServerStreaming()) {
                        METHODS.put(service.getFullName() + "/" + m.getName(), m);
                    }
                }
            }
        }
    }

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence()
            .sortingMapKeys();

    private CallTool() {}

    /** What a call came to. */
    public sealed interface Answer {}

    /** The call succeeded: the reply as JSON. */
    public record Reply(String json) implements Answer {}

    /** The service answered a status other than OK, with its description and its {@code cas-*} trailers. */
    public record Failed(Status.Code code, String description, SortedMap<String, String> trailers) implements Answer {}

    /** No connection could be made to the endpoint: the call was never sent. */
    public record NoConnection(String message) implements Answer {}

    /** The full names of the methods, in the proto's order. */
    public static List<String> methods() {
        return List.copyOf(METHODS.keySet());
    }

    /**
     * A method by its full name, {@code Service/Method} ({@code ObjectStore/Get}, {@code Health/Check}) or, for the
     * store protocol, the method's name alone ({@code Get}).
     *
     * @throws IllegalArgumentException naming the method and the known ones
     */
    public static Descriptors.MethodDescriptor method(String name) {
        requireNonNull(name, "name");
        List<Descriptors.MethodDescriptor> found = new ArrayList<>();
        METHODS.forEach((full, m) -> {
            String service = m.getService().getName();
            if (full.equals(name)
                    || (service + "/" + m.getName()).equals(name)
                    || (m.getService().getFile() == ObjectStoreProto.getDescriptor()
                            && m.getName().equals(name))) {
                found.add(m);
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException("unknown method \"" + name + "\": known are " + methods());
        }
        return found.get(0);
    }

    /**
     * The request message of {@code method} from JSON.
     *
     * @throws IllegalArgumentException naming the request type and what is wrong with the JSON
     */
    public static DynamicMessage request(Descriptors.MethodDescriptor method, String json) {
        requireNonNull(json, "json");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(method.getInputType());
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "the request is not a " + method.getInputType().getFullName() + " in JSON: " + e.getMessage(), e);
        }
        return b.build();
    }

    /**
     * Calls {@code method} on {@code endpoint} ({@code grpc://host:port} or {@code host:port}) with the JSON
     * {@code request}, waiting at most {@code connectTimeout} for a connection and {@code deadline} for the answer.
     *
     * @throws IllegalArgumentException naming a malformed endpoint, an unknown method or a request that is not
     *     JSON of the method's request type
     */
    public static Answer call(
            String endpoint, String method, String request, Duration deadline, Duration connectTimeout) {
        String authority = GrpcBackend.authority(requireNonNull(endpoint, "endpoint"));
        Descriptors.MethodDescriptor m = method(method);
        DynamicMessage message = request(m, request);
        ManagedChannel channel = Grpc.newChannelBuilder(authority, InsecureChannelCredentials.create())
                .maxInboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES)
                .build();
        try {
            Optional<String> notReady = awaitReady(channel, connectTimeout);
            if (notReady.isPresent()) {
                return new NoConnection("cannot connect to " + endpoint + ": " + notReady.get());
            }
            try {
                DynamicMessage reply = ClientCalls.blockingUnaryCall(
                        channel,
                        descriptor(m),
                        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
                        message);
                return new Reply(PRINTER.print(reply));
            } catch (StatusRuntimeException e) {
                return new Failed(
                        e.getStatus().getCode(),
                        e.getStatus().getDescription() == null
                                ? ""
                                : e.getStatus().getDescription(),
                        casTrailers(e.getTrailers()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the reply of " + m.getFullName() + " cannot be shown as JSON", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NoConnection("interrupted while connecting to " + endpoint);
        } finally {
            channel.shutdownNow();
        }
    }

    /** The trailers a client of the protocol acts on ({@code cas-*}), sorted by name. */
    static SortedMap<String, String> casTrailers(Metadata trailers) {
        SortedMap<String, String> out = new TreeMap<>();
        if (trailers != null) {
            for (String k : trailers.keys()) {
                if (k.startsWith("cas-") && !k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    out.put(k, trailers.get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER)));
                }
            }
        }
        return out;
    }

    /** Empty once the channel is READY; else why not: the connection failed, or nothing answered in time. */
    private static Optional<String> awaitReady(ManagedChannel channel, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                return Optional.of("the connection failed (refused, or no such host)");
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.of("no HTTP/2 answer within " + timeout.toMillis() + " ms");
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            changed.await(left, TimeUnit.NANOSECONDS);
            state = channel.getState(true);
        }
        return Optional.empty();
    }

    private static MethodDescriptor<DynamicMessage, DynamicMessage> descriptor(Descriptors.MethodDescriptor m) {
        return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(
                        MethodDescriptor.generateFullMethodName(m.getService().getFullName(), m.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
                .build();
    }
}
