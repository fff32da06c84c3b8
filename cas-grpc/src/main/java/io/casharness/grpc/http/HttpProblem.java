package io.casharness.grpc.http;

/**
 * A request the HTTP gateway refuses before it reaches the protocol's implementation: a body or URL of the wrong
 * shape (400 BadRequest), a value out of bounds the binding itself checks (422 Invalid), a route or method it does not
 * serve (404, 405), a body over the bound (413). Rendered as a Kubernetes {@code Status}; the client reads every one
 * of 400, 413 and 422 as INVALID_ARGUMENT. Immutable.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;

    HttpProblem(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "BadRequest", message);
    }

    static HttpProblem invalid(String message) {
        return new HttpProblem(422, "Invalid", message);
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
