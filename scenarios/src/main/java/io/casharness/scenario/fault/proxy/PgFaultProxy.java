package io.casharness.scenario.fault.proxy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between a store's connection pools and a PostgreSQL server that injects faults per statement: lost
 * acknowledgements ({@link #ackLoss}) and latency ({@link #slow}). It listens on {@code 127.0.0.1} on an ephemeral
 * port; {@link #jdbcUrl(String)} turns the server's JDBC URL into one that connects through it.
 *
 * <p>It reads the PostgreSQL wire protocol (version 3): the untyped startup packets (an {@code SSLRequest} or
 * {@code GSSENCRequest} and the server's one-byte answer, then the {@code StartupMessage}; a {@code CancelRequest}
 * is passed through), then typed messages (one type byte, an {@code int32} length). From the client's messages it
 * knows each statement's SQL ({@code Parse} names a statement, {@code Bind} a portal, {@code Execute} runs it, a
 * simple {@code Query} carries its text) and so which requests write: those whose SQL names {@code put_object},
 * {@code put_if_version}, {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code COMMIT}. A request is the
 * messages up to a {@code Sync} (or one {@code Query}); its reply ends with the server's {@code ReadyForQuery}.
 * A connection whose server accepted TLS or GSS encryption cannot be read and is passed through unharmed (counted
 * in {@link Counters#encryptedConnections()}): point the URL at a server without TLS, or add {@code sslmode=disable}.
 *
 * <p>Faults, each decided per write request from a seeded {@link SplittableRandom} in the order requests reach the
 * proxy (so a seed replays the same decisions for the same order of requests):
 *
 * <ul>
 *   <li><b>request cut</b>: the request's messages before its {@code Sync} reach the server, the {@code Sync} does
 *       not, and both sides are closed at once. The server never commits the statement's implicit transaction (it
 *       rolls back when the connection ends); the client sees the connection lost mid-request;
 *   <li><b>reply dropped</b>: the whole request reaches the server, which executes and commits it; the proxy
 *       swallows the reply up to and including its {@code ReadyForQuery}, then closes both sides. When the reply
 *       held no {@code ErrorResponse} and ended outside a transaction the write committed
 *       ({@link Counters#repliesDroppedAfterCommit()}); the client cannot tell this from a cut.
 * </ul>
 *
 * A simple {@code Query} has no {@code Sync}: its cut closes the connection after the query went out, so the
 * server may commit it (the store uses the extended protocol, where a cut never commits). {@link #slow} delays every
 * request (a {@code Sync} or a {@code Query}, writes and reads alike) by {@code base + U[0, jitter)} before it is
 * sent on, seeded the same way.
 *
 * <p>Why blocking sockets and two platform threads per connection rather than Netty: the proxy carries a handful of
 * pooled connections per replica, each with one request in flight, so a thread per direction costs nothing that
 * matters, and a fault is a plain {@code close()} on both sockets at a message boundary; an event loop would add a
 * dependency and a state machine per connection for no measurable gain here.
 *
 * <p>Thread-safe: faults may be changed while connections run; a change applies to requests that reach the proxy
 * after it. {@link #close()} closes the listening socket and every connection and joins every thread it started.
 */
public final class PgFaultProxy implements AutoCloseable {
    /** How long {@link #close()} waits for each thread to end. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    /** The prefix of every thread the proxy starts (a test checks none is left after close). */
    public static final String THREAD_PREFIX = "pg-fault-proxy-";

    private static final Pattern URL_HOST = Pattern.compile("^jdbc:postgresql://([^/?]*)(.*)$");
    private static final AtomicInteger PROXIES = new AtomicInteger();

    /** Which kind of lost acknowledgement a faulted write request gets. */
    public enum AckLoss {
        /** The request is cut before its {@code Sync}: it never commits. */
        CUT_REQUEST,
        /** The reply is dropped after the server answered: it committed, unless it failed. */
        DROP_REPLY,
        /** Either, half and half, drawn from the same seeded stream. */
        EITHER
    }

    /** The faults in force: immutable, swapped whole. */
    private record Plan(
            double ackLossFraction,
            AckLoss mode,
            SplittableRandom ackRandom,
            long slowBaseNanos,
            long slowJitterNanos,
            SplittableRandom slowRandom) {
        static final Plan NONE = new Plan(0, AckLoss.EITHER, null, 0, 0, null);
    }

    /** What one write request is to suffer. */
    enum Fault {
        NONE,
        CUT,
        DROP
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final String name;
    private final Set<PgConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connectionNumber = new AtomicInteger();
    private volatile Plan plan = Plan.NONE;
    private volatile boolean closed;

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong encrypted = new AtomicLong();
    final AtomicLong writeRequests = new AtomicLong();
    /** Write requests drawn for a cut or a drop, counted at the draw (a drop is counted done at its reply's end). */
    final AtomicLong writeFaultsDrawn = new AtomicLong();

    final AtomicLong requestsCut = new AtomicLong();
    final AtomicLong repliesDropped = new AtomicLong();
    final AtomicLong repliesDroppedAfterCommit = new AtomicLong();
    final AtomicLong requestsDelayed = new AtomicLong();
    final AtomicLong delayNanos = new AtomicLong();

    private PgFaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.name = THREAD_PREFIX + PROXIES.incrementAndGet();
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to the server at {@code host:port}, listening on {@code 127.0.0.1} on an ephemeral port, with
     * no fault in force.
     *
     * @throws IllegalArgumentException if the port is not 1 to 65535
     * @throws UncheckedIOException if the listening socket cannot be opened
     */
    public static PgFaultProxy start(String host, int port) {
        requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        try {
            return new PgFaultProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fault proxy's listening socket", e);
        }
    }

    /**
     * Starts a proxy to the server a {@code jdbc:postgresql://host:port/...} URL names (port 5432 if none).
     *
     * @throws IllegalArgumentException if the URL is not of that form
     */
    public static PgFaultProxy forUrl(String realUrl) {
        HostPort hp = HostPort.of(realUrl);
        return start(hp.host(), hp.port());
    }

    /** The port the proxy listens on ({@code 127.0.0.1}). */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * {@code realUrl} with its host and port replaced by the proxy's, everything else (database, parameters) kept.
     *
     * @throws IllegalArgumentException if the URL is not {@code jdbc:postgresql://host[:port]/...}
     */
    public String jdbcUrl(String realUrl) {
        HostPort.of(realUrl);
        Matcher m = URL_HOST.matcher(realUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/ URL");
        }
        return "jdbc:postgresql://127.0.0.1:" + port() + m.group(2);
    }

    /**
     * Loses the acknowledgement of {@code fraction} of write requests from now on, half cut and half with the reply
     * dropped ({@link AckLoss#EITHER}).
     *
     * @throws IllegalArgumentException if {@code fraction} is not in {@code [0, 1]}
     */
    public PgFaultProxy ackLoss(double fraction, long seed) {
        return ackLoss(fraction, AckLoss.EITHER, seed);
    }

    /**
     * Loses the acknowledgement of {@code fraction} of write requests from now on, in the given {@code mode}.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in {@code [0, 1]}
     */
    public PgFaultProxy ackLoss(double fraction, AckLoss mode, long seed) {
        requireNonNull(mode, "mode");
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("ack-loss fraction must be between 0 and 1, was " + fraction);
        }
        synchronized (this) {
            Plan p = plan;
            plan = new Plan(
                    fraction, mode, new SplittableRandom(seed), p.slowBaseNanos, p.slowJitterNanos, p.slowRandom);
        }
        return this;
    }

    /**
     * Delays every request by {@code base} plus a uniform draw from {@code [0, jitter)} from now on.
     *
     * @throws IllegalArgumentException if either is negative, or their sum above 60 s
     */
    public PgFaultProxy slow(Duration base, Duration jitter, long seed) {
        requireNonNull(base, "base");
        requireNonNull(jitter, "jitter");
        if (base.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException(
                    "slow base and jitter must not be negative, were " + base + ", " + jitter);
        }
        if (base.plus(jitter).compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("slow base + jitter must be at most 60 s, was " + base.plus(jitter));
        }
        synchronized (this) {
            Plan p = plan;
            plan = new Plan(
                    p.ackLossFraction,
                    p.mode,
                    p.ackRandom,
                    base.toNanos(),
                    jitter.toNanos(),
                    new SplittableRandom(seed));
        }
        return this;
    }

    /** Removes every fault: requests from now on pass unharmed. */
    public synchronized PgFaultProxy clear() {
        plan = Plan.NONE;
        return this;
    }

    /** What the proxy has done so far. */
    public Counters counters() {
        return new Counters(
                accepted.get(),
                connections.size(),
                encrypted.get(),
                writeRequests.get(),
                requestsCut.get(),
                repliesDropped.get(),
                repliesDroppedAfterCommit.get(),
                requestsDelayed.get(),
                Duration.ofNanos(delayNanos.get()));
    }

    /**
     * What the proxy did.
     *
     * @param connectionsAccepted client connections accepted
     * @param openConnections connections still open now
     * @param encryptedConnections connections passed through unread because the server accepted TLS or GSS
     * @param writeRequests requests seen that write (see the class comment), faulted or not
     * @param requestsCut write requests cut before their {@code Sync}: the connection was lost, nothing committed
     * @param repliesDropped write requests whose reply was swallowed, the connection then closed
     * @param repliesDroppedAfterCommit of those, replies that reported success outside a transaction: the server
     *     committed (a conditional write that found another version commits having written nothing)
     * @param requestsDelayed requests {@link #slow} delayed
     * @param totalDelay the delays drawn, summed
     */
    public record Counters(
            long connectionsAccepted,
            long openConnections,
            long encryptedConnections,
            long writeRequests,
            long requestsCut,
            long repliesDropped,
            long repliesDroppedAfterCommit,
            long requestsDelayed,
            Duration totalDelay) {
        /** Write requests whose acknowledgement the client lost: cut plus dropped. */
        public long acknowledgementsLost() {
            return requestsCut + repliesDropped;
        }
    }

    /** Closes the listening socket and every connection, and waits for every thread the proxy started to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(listener);
        for (PgConnection c : connections) {
            c.closeBoth();
        }
        List<Thread> all = new ArrayList<>();
        all.add(acceptor);
        synchronized (threads) {
            all.addAll(threads);
        }
        for (Thread t : all) {
            t.interrupt();
            try {
                t.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException("fault proxy thread " + t.getName() + " did not end within "
                        + JOIN_TIMEOUT.toSeconds() + " s of close");
            }
        }
    }

    // ---------------------------------------------------------------- for the connections

    /** The fault a write request is to suffer, drawn now. */
    Fault drawWriteFault() {
        writeRequests.incrementAndGet();
        synchronized (this) {
            Plan p = plan;
            if (p.ackLossFraction <= 0 || p.ackRandom == null) {
                return Fault.NONE;
            }
            if (p.ackRandom.nextDouble() >= p.ackLossFraction) {
                return Fault.NONE;
            }
            writeFaultsDrawn.incrementAndGet();
            return switch (p.mode) {
                case CUT_REQUEST -> Fault.CUT;
                case DROP_REPLY -> Fault.DROP;
                case EITHER -> p.ackRandom.nextBoolean() ? Fault.CUT : Fault.DROP;
            };
        }
    }

    /** The delay for one request, in nanoseconds (0 when {@link #slow} is not in force), drawn now and counted. */
    long drawDelayNanos() {
        long d;
        synchronized (this) {
            Plan p = plan;
            if (p.slowRandom == null) {
                return 0;
            }
            d = p.slowBaseNanos + (p.slowJitterNanos > 0 ? p.slowRandom.nextLong(p.slowJitterNanos) : 0);
        }
        requestsDelayed.incrementAndGet();
        delayNanos.addAndGet(d);
        return d;
    }

    /** Starts a thread of this proxy for a connection; none is started once the proxy is closed. */
    Thread startThread(String suffix, Runnable body) {
        Thread t = new Thread(body, name + "-" + suffix);
        t.setDaemon(true);
        synchronized (threads) {
            threads.removeIf(x -> !x.isAlive());
            threads.add(t);
        }
        t.start();
        return t;
    }

    void ended(PgConnection c) {
        connections.remove(c);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                server.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            PgConnection c = new PgConnection(this, client, server, connectionNumber.incrementAndGet());
            connections.add(c);
            if (closed) {
                c.closeBoth();
                connections.remove(c);
                return;
            }
            c.start();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing to end a connection: nothing to report
        }
    }

    /** The host and port a {@code jdbc:postgresql://} URL names. */
    record HostPort(String host, int port) {
        static HostPort of(String url) {
            requireNonNull(url, "url");
            Matcher m = URL_HOST.matcher(url);
            if (!m.matches() || m.group(1).isEmpty() || m.group(1).contains(",")) {
                throw new IllegalArgumentException(
                        "the fault proxy needs a jdbc:postgresql://host[:port]/... URL with one host");
            }
            String hp = m.group(1);
            int colon = hp.lastIndexOf(':');
            if (colon < 0 || hp.endsWith("]")) {
                return new HostPort(hp, 5432);
            }
            try {
                return new HostPort(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of a jdbc:postgresql:// URL must be a number");
            }
        }
    }
}
