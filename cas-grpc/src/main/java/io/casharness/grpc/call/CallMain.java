package io.casharness.grpc.call;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cas-call}: one call of the store protocol from the command line, for debugging a service.
 *
 * <pre>
 * cas-call [--deadline-ms N] [--connect-timeout-ms N] grpc://host:port METHOD [JSON | -]
 * </pre>
 *
 * METHOD is an ObjectStore method ({@code Create}, {@code Update}, ..., {@code Reset}) or
 * {@code grpc.health.v1.Health/Check}; JSON is the request (default {@code {}}; {@code -} reads it from standard
 * input). Prints the reply as JSON, or the status code, its description and the {@code cas-*} trailers. Exit 0 when
 * the call succeeded, 1 when it answered another status, 2 on a usage error (one line naming the value and the
 * bound), 3 when no connection could be made. See docs/protocol.md.
 */
public final class CallMain {
    public static final int OK = 0;
    public static final int STATUS = 1;
    public static final int USAGE = 2;
    public static final int NO_CONNECTION = 3;

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_MILLIS = 600_000;
    private static final String USAGE_LINE =
            "usage: cas-call [--deadline-ms N] [--connect-timeout-ms N] grpc://host:port METHOD [JSON | -]";

    private CallMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs one call; what {@link #main} does, with the streams given. Returns the exit status. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Duration deadline = DEFAULT_DEADLINE;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(USAGE_LINE);
                        out.println("methods: " + String.join(", ", CallTool.methods()));
                        return OK;
                    }
                    case "--deadline-ms" -> deadline = millis(a, i + 1 < args.length ? args[++i] : null);
                    case "--connect-timeout-ms" -> connectTimeout = millis(a, i + 1 < args.length ? args[++i] : null);
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException(
                                    "unknown option " + a + ": known are --deadline-ms, --connect-timeout-ms");
                        }
                        positional.add(a);
                    }
                }
            }
            if (positional.size() < 2 || positional.size() > 3) {
                throw new IllegalArgumentException("expected an endpoint, a method and optionally a JSON request, got "
                        + positional.size() + " arguments");
            }
            String json = positional.size() == 3 ? positional.get(2) : "{}";
            if (json.equals("-")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            CallTool.Answer answer =
                    CallTool.call(positional.get(0), positional.get(1), json, deadline, connectTimeout);
            return print(answer, out, err);
        } catch (IllegalArgumentException e) {
            err.println("cas-call: " + firstLine(e.getMessage()) + " (" + USAGE_LINE + ")");
            return USAGE;
        } catch (IOException e) {
            err.println("cas-call: cannot read the request from standard input: " + e.getMessage());
            return USAGE;
        }
    }

    /** Prints an answer as the transcripts in docs/protocol.md show it; returns the exit status. */
    static int print(CallTool.Answer answer, PrintStream out, PrintStream err) {
        if (answer instanceof CallTool.Reply r) {
            out.println(r.json());
            return OK;
        }
        if (answer instanceof CallTool.Failed f) {
            out.println("ERROR:");
            out.println("  Code: " + f.code());
            out.println("  Message: " + f.description());
            if (!f.trailers().isEmpty()) {
                out.println("  Trailers:");
                for (Map.Entry<String, String> t : f.trailers().entrySet()) {
                    out.println("    " + t.getKey() + ": " + t.getValue());
                }
            }
            return STATUS;
        }
        err.println("cas-call: " + ((CallTool.NoConnection) answer).message());
        return NO_CONNECTION;
    }

    private static Duration millis(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a number of milliseconds from 1 to " + MAX_MILLIS);
        }
        long ms;
        try {
            ms = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number of milliseconds from 1 to "
                    + MAX_MILLIS + ", was \"" + value + "\"");
        }
        if (ms < 1 || ms > MAX_MILLIS) {
            throw new IllegalArgumentException(option + " must be between 1 and " + MAX_MILLIS + ", was " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
