package io.casharness.scenario.fault.proxy;

import io.casharness.scenario.fault.proxy.PgFaultProxy.Fault;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One proxied connection: a thread reads the client's messages and sends them on (deciding each write request's
 * fault at its end), another reads the server's and sends them back (swallowing a dropped reply). See
 * {@link PgFaultProxy} for the protocol it reads. Not for use outside the proxy.
 */
final class PgConnection {
    private static final int SSL_REQUEST = 80_877_103;
    private static final int GSSENC_REQUEST = 80_877_104;
    private static final int CANCEL_REQUEST = 80_877_102;
    private static final int MAX_STARTUP_LENGTH = 10_000;
    private static final int BUFFER = 1 << 16;

    /** SQL that writes: the store's write functions and DML, and the end of an explicit transaction. */
    private static final Pattern WRITES = Pattern.compile(
            "\\b(put_object|put_if_version|insert|update|delete|commit)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A request sent on whose reply is awaited, and whether that reply is to be swallowed. */
    private static final class Request {
        final boolean drop;
        boolean failed;

        Request(boolean drop) {
            this.drop = drop;
        }
    }

    private final PgFaultProxy proxy;
    private final Socket client;
    private final Socket server;
    private final int number;
    private final Queue<Request> inFlight = new ConcurrentLinkedQueue<>();
    /** Untyped one-byte answers (to SSLRequest, GSSENCRequest) the server still owes. */
    private final AtomicInteger oneByteAnswers = new AtomicInteger();

    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger running = new AtomicInteger(2);
    /** The server accepted encryption: both directions are copied unread. */
    private volatile boolean raw;

    PgConnection(PgFaultProxy proxy, Socket client, Socket server, int number) {
        this.proxy = proxy;
        this.client = client;
        this.server = server;
        this.number = number;
    }

    void start() {
        proxy.startThread(number + "-up", () -> pump(this::clientToServer));
        proxy.startThread(number + "-down", () -> pump(this::serverToClient));
    }

    /** Closes both sockets (once); each pump then ends on its next read or write. */
    void closeBoth() {
        if (closed.compareAndSet(false, true)) {
            PgFaultProxy.closeQuietly(client);
            PgFaultProxy.closeQuietly(server);
        }
    }

    @FunctionalInterface
    private interface Direction {
        void run() throws IOException, InterruptedException;
    }

    private void pump(Direction d) {
        try {
            d.run();
        } catch (IOException | InterruptedException e) {
            // the connection ended (a fault, a peer, or close): nothing to report
        } finally {
            closeBoth();
            if (running.decrementAndGet() == 0) {
                proxy.ended(this);
            }
        }
    }

    // ---------------------------------------------------------------- client -> server

    private void clientToServer() throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), BUFFER));
        OutputStream out = new BufferedOutputStream(server.getOutputStream(), BUFFER);
        if (!startup(in, out)) {
            return;
        }
        Map<String, Boolean> statements = new HashMap<>();
        Map<String, Boolean> portals = new HashMap<>();
        boolean requestWrites = false;
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int len = in.readInt();
            if (len < 4) {
                return; // not the protocol this proxy reads: end the connection rather than guess
            }
            byte[] body = new byte[len - 4];
            in.readFully(body);
            switch (type) {
                case 'P' -> {
                    int end = cstringEnd(body, 0);
                    statements.put(cstring(body, 0, end), writes(cstring(body, end + 1, cstringEnd(body, end + 1))));
                }
                case 'B' -> {
                    int end = cstringEnd(body, 0);
                    String statement = cstring(body, end + 1, cstringEnd(body, end + 1));
                    portals.put(cstring(body, 0, end), statements.getOrDefault(statement, false));
                }
                case 'E' -> requestWrites |= portals.getOrDefault(cstring(body, 0, cstringEnd(body, 0)), false);
                case 'S' -> {
                    delay(out);
                    Fault f = requestWrites ? proxy.drawWriteFault() : Fault.NONE;
                    requestWrites = false;
                    if (f == Fault.CUT) {
                        out.flush(); // what came before the Sync reaches the server; the Sync never does
                        proxy.requestsCut.incrementAndGet();
                        closeBoth();
                        return;
                    }
                    inFlight.add(new Request(f == Fault.DROP));
                }
                case 'Q' -> {
                    delay(out);
                    Fault f = writes(cstring(body, 0, cstringEnd(body, 0))) ? proxy.drawWriteFault() : Fault.NONE;
                    if (f == Fault.CUT) {
                        send(out, type, body);
                        out.flush();
                        proxy.requestsCut.incrementAndGet();
                        closeBoth();
                        return;
                    }
                    inFlight.add(new Request(f == Fault.DROP));
                }
                default -> {
                    // Describe, Close, Flush, Terminate, CopyData...: sent on as they are
                }
            }
            send(out, type, body);
            if (type == 'X') {
                out.flush();
                return;
            }
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    /**
     * Sends the untyped startup packets on: SSLRequest and GSSENCRequest (the server owes a one-byte answer to
     * each), then the StartupMessage. A CancelRequest, or a server that accepted encryption, turns the connection
     * into a plain copy.
     *
     * @return true when typed messages follow, false when the connection was copied to its end here
     */
    private boolean startup(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return false;
            }
            if (raw) {
                out.write(first);
                copy(in, out);
                return false;
            }
            int len = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            if (len < 8 || len > MAX_STARTUP_LENGTH) {
                return false; // not a startup packet: end the connection rather than guess
            }
            int code = in.readInt();
            byte[] rest = new byte[len - 8];
            in.readFully(rest);
            boolean oneByteAnswer = code == SSL_REQUEST || code == GSSENC_REQUEST;
            if (oneByteAnswer) {
                oneByteAnswers.incrementAndGet(); // before it is sent, so the answer always finds it counted
            }
            writeInt(out, len);
            writeInt(out, code);
            out.write(rest);
            out.flush();
            if (code == CANCEL_REQUEST) {
                copy(in, out);
                return false;
            }
            if (!oneByteAnswer) {
                return true;
            }
        }
    }

    private void delay(OutputStream out) throws IOException, InterruptedException {
        long nanos = proxy.drawDelayNanos();
        if (nanos > 0) {
            out.flush(); // what came before the delayed message is not held back with it
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    static boolean writes(String sql) {
        return WRITES.matcher(sql).find();
    }

    // ---------------------------------------------------------------- server -> client

    private void serverToClient() throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(server.getInputStream(), BUFFER));
        OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER);
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            if (oneByteAnswers.get() > 0) {
                oneByteAnswers.decrementAndGet();
                if (type == 'S' || type == 'G') {
                    raw = true; // before the answer goes out, so the client's next bytes are copied unread
                    proxy.encrypted.incrementAndGet();
                    out.write(type);
                    out.flush();
                    copy(in, out);
                    return;
                }
                if (type == 'N') {
                    out.write(type);
                    out.flush();
                    continue;
                }
                // anything else (an ErrorResponse from a server that knows no SSLRequest) is a typed message
            }
            int len = in.readInt();
            if (len < 4) {
                return;
            }
            byte[] body = new byte[len - 4];
            in.readFully(body);
            Request head = inFlight.peek();
            if (head != null && head.drop) {
                if (type == 'E') {
                    head.failed = true;
                }
                if (type == 'Z') {
                    inFlight.poll();
                    proxy.repliesDropped.incrementAndGet();
                    if (!head.failed && body.length > 0 && body[0] == 'I') {
                        proxy.repliesDroppedAfterCommit.incrementAndGet();
                    }
                    closeBoth();
                    return;
                }
                continue; // swallowed
            }
            send(out, type, body);
            if (type == 'Z' && head != null) {
                inFlight.poll(); // the first ReadyForQuery ends the startup, when no request is in flight yet
            }
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    // ---------------------------------------------------------------- framing

    private static void send(OutputStream out, int type, byte[] body) throws IOException {
        out.write(type);
        writeInt(out, body.length + 4);
        out.write(body);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (in.available() == 0) {
                out.flush();
            }
        }
        throw new EOFException();
    }

    /** The index of the NUL ending the C string at {@code from} (the body's end if none). */
    private static int cstringEnd(byte[] body, int from) {
        int i = from;
        while (i < body.length && body[i] != 0) {
            i++;
        }
        return i;
    }

    private static String cstring(byte[] body, int from, int end) {
        return from >= end ? "" : new String(body, from, end - from, StandardCharsets.UTF_8);
    }
}
