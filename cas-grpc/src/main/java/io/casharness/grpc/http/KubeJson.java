package io.casharness.grpc.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.casharness.grpc.StatusMapping;
import io.casharness.grpc.Wire;
import io.casharness.grpc.v1.ObjectKey;
import io.casharness.grpc.v1.ObjectSpec;
import io.casharness.grpc.v1.StoredObject;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The HTTP binding's JSON, both ways, in one place (docs/http-binding.md): objects in the Kubernetes shape
 * ({@code apiVersion}, {@code kind}, {@code metadata} with a string {@code resourceVersion}, a base64 {@code payload}),
 * lists, and errors as Kubernetes {@code Status} objects whose HTTP code, {@code reason} and {@code details} carry what
 * the gRPC binding's status code and {@code cas-} trailers carry ({@link StatusMapping}). The gateway renders with it
 * and the client reads with it, so a field renamed on one side is renamed on the other.
 *
 * <p>Jackson (its version from the parent's {@code jackson-bom}, already used by cas-scenarios) rather than
 * protobuf-java-util's JsonFormat: the Kubernetes shape is not the protobuf JSON mapping of the messages, so it is
 * built as a tree either way, and Jackson's tree is the one the project already uses. Stateless; the mapper is
 * thread-safe once built.
 */
final class KubeJson {
    static final String API_VERSION = "casharness.v1";
    static final String PREFIX = "/apis/" + API_VERSION + "/";
    static final String STATUS_API_VERSION = "v1";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A gRPC status code's HTTP code and Kubernetes reason; the client reads them back by {@link #grpcCode}. Codes
     * the gateway never sends for an outcome share their class's row: CANCELLED reads back as DEADLINE_EXCEEDED and
     * FAILED_PRECONDITION as INVALID_ARGUMENT, which the client records the same way.
     */
    record Row(Status.Code grpc, int http, String reason) {}

    static final List<Row> ROWS = List.of(
            new Row(Status.Code.INVALID_ARGUMENT, 422, "Invalid"),
            new Row(Status.Code.OUT_OF_RANGE, 422, "Invalid"),
            new Row(Status.Code.FAILED_PRECONDITION, 400, "BadRequest"),
            new Row(Status.Code.NOT_FOUND, 404, "NotFound"),
            new Row(Status.Code.ALREADY_EXISTS, 409, "AlreadyExists"),
            new Row(Status.Code.ABORTED, 409, "Conflict"),
            new Row(Status.Code.PERMISSION_DENIED, 403, "Forbidden"),
            new Row(Status.Code.UNAUTHENTICATED, 401, "Unauthorized"),
            new Row(Status.Code.RESOURCE_EXHAUSTED, 429, "TooManyRequests"),
            new Row(Status.Code.UNAVAILABLE, 503, "ServiceUnavailable"),
            new Row(Status.Code.DEADLINE_EXCEEDED, 504, "Timeout"),
            new Row(Status.Code.CANCELLED, 504, "Timeout"),
            new Row(Status.Code.UNIMPLEMENTED, 501, "NotImplemented"),
            new Row(Status.Code.INTERNAL, 500, "InternalError"),
            new Row(Status.Code.UNKNOWN, 500, "InternalError"),
            new Row(Status.Code.DATA_LOSS, 500, "InternalError"));

    /** The gRPC binding's trailers and the {@code details} fields of a Status that carry the same values. */
    static final Map<Metadata.Key<String>, String> DETAILS = details(
            StatusMapping.CURRENT_VERSION, "currentResourceVersion",
            StatusMapping.EXPECTED_VERSION, "expectedResourceVersion",
            StatusMapping.CONSTRAINT, "constraint",
            StatusMapping.HOLDER_KIND, "holderKind",
            StatusMapping.HOLDER_ID, "holderId",
            StatusMapping.APPLIED, "applied",
            StatusMapping.ERROR_CLASS, "errorClass");

    /** The pairs in the order given, which is the order the fields appear in a Status. */
    @SuppressWarnings("unchecked")
    private static Map<Metadata.Key<String>, String> details(Object... pairs) {
        Map<Metadata.Key<String>, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Metadata.Key<String>) pairs[i], (String) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private KubeJson() {}

    // ---- objects ------------------------------------------------------------------------------------------------

    /**
     * An object as the client writes it: no timestamps; {@code resourceVersion} present for a conditional update
     * only (an {@code Update} with expected version 0 sends {@code "0"}, never omits it: that would be a put).
     */
    static ObjectNode object(ObjectSpec spec, OptionalLong resourceVersion) {
        ObjectNode o = NODES.objectNode();
        o.put("apiVersion", API_VERSION);
        o.put("kind", spec.getKey().getKind());
        ObjectNode metadata = o.putObject("metadata");
        metadata.put("id", spec.getKey().getId());
        if (spec.hasName()) {
            metadata.put("name", spec.getName());
        }
        ObjectNode labels = metadata.putObject("labels");
        spec.getLabelsMap().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> labels.put(e.getKey(), e.getValue()));
        if (resourceVersion.isPresent()) {
            metadata.put("resourceVersion", Long.toString(resourceVersion.getAsLong()));
        }
        o.put("payload", Base64.getEncoder().encodeToString(spec.getPayload().toByteArray()));
        return o;
    }

    /** An object as the gateway answers it: every field, timestamps RFC 3339 at full precision. */
    static ObjectNode object(StoredObject stored) {
        ObjectNode o = object(stored.getSpec(), OptionalLong.of(stored.getResourceVersion()));
        ObjectNode metadata = (ObjectNode) o.get("metadata");
        metadata.put("creationTimestamp", instant(stored.getCreatedAt()));
        metadata.put("updateTimestamp", instant(stored.getUpdatedAt()));
        o.set("payload", o.remove("payload")); // payload last, after metadata, as the documentation shows it
        return o;
    }

    /**
     * The spec a request body carries, for the object {@code kind}/{@code id} of the URL ({@code id} null for a
     * create, which takes it from the body).
     *
     * @throws HttpProblem 400 when the body is not an object of that shape, names another kind or id, or its payload
     *     is not base64
     */
    static ObjectSpec spec(JsonNode body, String kind, String id) {
        if (!body.isObject()) {
            throw HttpProblem.badRequest("the body must be a JSON object, was " + body.getNodeType());
        }
        String apiVersion = optionalText(body, "apiVersion", "apiVersion");
        if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
            throw HttpProblem.badRequest(
                    "apiVersion must be " + API_VERSION + " (or absent), was \"" + apiVersion + "\"");
        }
        String bodyKind = optionalText(body, "kind", "kind");
        if (bodyKind != null && !bodyKind.equals(kind)) {
            throw HttpProblem.badRequest(
                    "kind \"" + bodyKind + "\" in the body does not match the kind in the URL \"" + kind + "\"");
        }
        JsonNode metadata = body.path("metadata");
        if (!metadata.isObject()) {
            throw HttpProblem.badRequest("metadata must be a JSON object");
        }
        String bodyId = optionalText(metadata, "id", "metadata.id");
        if (id != null && bodyId != null && !bodyId.equals(id)) {
            throw HttpProblem.badRequest(
                    "metadata.id \"" + bodyId + "\" does not match the id in the URL \"" + id + "\"");
        }
        ObjectSpec.Builder b = ObjectSpec.newBuilder()
                .setKey(ObjectKey.newBuilder().setKind(kind).setId(id != null ? id : bodyId == null ? "" : bodyId));
        String name = optionalText(metadata, "name", "metadata.name");
        if (name != null) {
            b.setName(name);
        }
        JsonNode labels = metadata.path("labels");
        if (!labels.isMissingNode() && !labels.isNull()) {
            if (!labels.isObject()) {
                throw HttpProblem.badRequest("metadata.labels must be a JSON object of strings");
            }
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                if (!e.getValue().isTextual()) {
                    throw HttpProblem.badRequest("metadata.labels." + e.getKey() + " must be a string, was "
                            + e.getValue().getNodeType());
                }
                b.putLabels(e.getKey(), e.getValue().asText());
            }
        }
        String payload = optionalText(body, "payload", "payload");
        if (payload != null) {
            try {
                b.setPayload(ByteString.copyFrom(Base64.getDecoder().decode(payload)));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("payload must be base64 (RFC 4648): " + e.getMessage());
            }
        }
        return b.build();
    }

    /**
     * The {@code resourceVersion} field of {@code holder} (named {@code path} in errors), empty when absent: a string
     * of decimal digits, as in Kubernetes. An explicit {@code "0"} is passed on, so the gateway's handler answers it
     * (the reference refuses it naming the bound; the sentinel modes read it as "the current version").
     *
     * @throws HttpProblem 400 when it is not a string, 422 when the string is not a decimal number
     */
    static OptionalLong resourceVersion(JsonNode holder, String path) {
        String v = optionalText(holder, "resourceVersion", path);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw HttpProblem.invalid(path + " must be a decimal integer >= 1 of at most 18 digits, was \"" + v + "\"");
        }
        return OptionalLong.of(Long.parseLong(v));
    }

    /** An object in a reply, as the gRPC binding's message; a reply missing a field leaves it unset ({@link Wire}). */
    static StoredObject storedObject(JsonNode o) {
        JsonNode metadata = o.path("metadata");
        ObjectSpec.Builder spec = ObjectSpec.newBuilder()
                .setKey(ObjectKey.newBuilder()
                        .setKind(o.path("kind").asText(""))
                        .setId(metadata.path("id").asText("")));
        if (metadata.hasNonNull("name")) {
            spec.setName(metadata.get("name").asText());
        }
        metadata.path("labels")
                .properties()
                .forEach(e -> spec.putLabels(e.getKey(), e.getValue().asText()));
        spec.setPayload(
                ByteString.copyFrom(Base64.getDecoder().decode(o.path("payload").asText(""))));
        StoredObject.Builder b = StoredObject.newBuilder().setSpec(spec);
        b.setResourceVersion(version(metadata.path("resourceVersion").asText(""), "metadata.resourceVersion"));
        if (metadata.hasNonNull("creationTimestamp")) {
            b.setCreatedAt(timestamp(metadata.get("creationTimestamp").asText()));
        }
        if (metadata.hasNonNull("updateTimestamp")) {
            b.setUpdatedAt(timestamp(metadata.get("updateTimestamp").asText()));
        }
        return b.build();
    }

    /** A version string in a reply; a reply with none or a malformed one breaks the protocol. */
    static long version(String v, String field) {
        if (!v.matches("[0-9]{1,18}") || Long.parseLong(v) < 1) {
            throw new IllegalStateException(
                    "protocol violation: " + field + " in a reply must be a decimal integer >= 1, was \"" + v + "\"");
        }
        return Long.parseLong(v);
    }

    static String instant(Timestamp t) {
        return Wire.instant(t).toString();
    }

    static Timestamp timestamp(String rfc3339) {
        try {
            return Wire.timestamp(Instant.parse(rfc3339));
        } catch (DateTimeException e) {
            throw new IllegalStateException(
                    "protocol violation: a timestamp in a reply must be RFC 3339, was \"" + rfc3339 + "\"");
        }
    }

    /** A string field, null when absent or JSON null; a field of another type is a 400 naming it. */
    static String optionalText(JsonNode holder, String field, String path) {
        JsonNode v = holder.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw HttpProblem.badRequest(path + " must be a string, was " + v.getNodeType() + " " + v);
        }
        return v.asText();
    }

    // ---- Status -------------------------------------------------------------------------------------------------

    /** A Kubernetes {@code Status} of success, with {@code details} (may be empty). */
    static ObjectNode success(ObjectNode details) {
        ObjectNode s = status("Success", 200);
        if (!details.isEmpty()) {
            s.set("details", details);
        }
        return s;
    }

    private static ObjectNode status(String status, int code) {
        ObjectNode s = NODES.objectNode();
        s.put("kind", "Status");
        s.put("apiVersion", STATUS_API_VERSION);
        s.putObject("metadata");
        s.put("status", status);
        s.put("code", code);
        return s;
    }

    /**
     * A gRPC binding's status as the HTTP code and Status the HTTP binding answers, {@code details} starting from
     * {@code details} (the kind and id of the URL). A conflict on an absent object is Kubernetes' 404 NotFound, with
     * {@code currentResourceVersion: absent} beside it so that the client knows it from a plain 404.
     */
    static Answer failure(StatusRuntimeException e, ObjectNode details) {
        Status.Code code = e.getStatus().getCode();
        Row row = ROWS.stream()
                .filter(r -> r.grpc() == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no HTTP code for gRPC status " + code));
        Metadata trailers = e.getTrailers();
        if (trailers != null) {
            DETAILS.forEach((key, field) -> {
                String v = trailers.get(key);
                if (v != null) {
                    if (key.equals(StatusMapping.APPLIED)) {
                        details.put(field, Boolean.parseBoolean(v));
                    } else {
                        details.put(field, v);
                    }
                }
            });
        }
        int http = row.http();
        String reason = row.reason();
        if (code == Status.Code.ABORTED
                && "absent".equals(details.path("currentResourceVersion").asText())) {
            http = 404;
            reason = "NotFound";
        }
        return failure(http, reason, e.getStatus().getDescription(), details);
    }

    static Answer failure(int http, String reason, String message, ObjectNode details) {
        ObjectNode s = status("Failure", http);
        s.put("message", message == null ? "" : message);
        s.put("reason", reason);
        s.set("details", details);
        s.set("code", s.remove("code")); // code last, as Kubernetes orders it
        return new Answer(http, s);
    }

    /**
     * A failed answer as the gRPC binding's status, from its HTTP code, reason and {@code details} alone: 409
     * AlreadyExists is ALREADY_EXISTS, another 409 ABORTED, 404 with a {@code currentResourceVersion} ABORTED else
     * NOT_FOUND, 400/413/422 INVALID_ARGUMENT, and the rest by {@link #ROWS}; a code no row has is UNKNOWN (a proxy's
     * 502 is UNAVAILABLE: the outcome of a write it cut is unknown).
     */
    static StatusRuntimeException grpcStatus(int http, JsonNode body) {
        JsonNode details = body.path("details");
        String reason = body.path("reason").asText("");
        Status.Code code;
        if (http == 409) {
            code = reason.equals("AlreadyExists") ? Status.Code.ALREADY_EXISTS : Status.Code.ABORTED;
        } else if (http == 404) {
            code = details.has("currentResourceVersion") ? Status.Code.ABORTED : Status.Code.NOT_FOUND;
        } else if (http == 400 || http == 413 || http == 422) {
            code = Status.Code.INVALID_ARGUMENT;
        } else if (http == 502) {
            code = Status.Code.UNAVAILABLE;
        } else {
            code = ROWS.stream()
                    .filter(r -> r.http() == http)
                    .map(Row::grpc)
                    .findFirst()
                    .orElse(Status.Code.UNKNOWN);
        }
        Metadata trailers = new Metadata();
        DETAILS.forEach((key, field) -> {
            JsonNode v = details.get(field);
            if (v != null && !v.isNull()) {
                trailers.put(key, v.asText());
            }
        });
        String message = body.hasNonNull("message") ? body.get("message").asText() : "HTTP " + http;
        return code.toStatus().withDescription(message).asRuntimeException(trailers);
    }

    static ObjectNode details(String kind, String id) {
        ObjectNode d = NODES.objectNode();
        if (kind != null) {
            d.put("kind", kind);
        }
        if (id != null) {
            d.put("id", id);
        }
        return d;
    }

    static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    /** One HTTP answer: the code and the JSON body. */
    record Answer(int code, JsonNode body) {}
}
