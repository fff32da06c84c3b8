package io.casharness.scenario.cli;

import io.casharness.grpc.GatewayHandler;
import io.casharness.grpc.GatewayModes;
import io.casharness.grpc.GatewayServer;
import io.casharness.grpc.http.HttpGateway;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.zoo.gateway.GatewayMistakes;
import io.casharness.store.Backend;
import io.casharness.store.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cas-harness serve}: one gateway replica ({@link GatewayServer}) over a backend opened as the main job opens
 * it, until SIGTERM or SIGINT (or, with {@code --stop-on-stdin-eof}, until its standard input closes). Several
 * {@code serve} processes over one SQLite file or one PostgreSQL schema are the replicas of one service. When it
 * listens it prints one line on standard output, {@value #READY_PREFIX} followed by the endpoint and
 * {@code key=value} words: what {@code --replica-processes} waits for. With {@code --http-port} it also serves the
 * HTTP/JSON binding ({@link HttpGateway}, the same handler over a replica of its own) and prints a second such line
 * with its {@code http://} endpoint.
 *
 * <p>Exit codes: 0 stopped gracefully; 2 a bad option (one line naming the value and the bound); 3 the backend would
 * not open, or the port could not be listened on.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves one gateway replica of the store protocol (casharness.v1.ObjectStore over gRPC, with the standard"
                    + " health service) over a backend, until SIGTERM or SIGINT, then stops gracefully (calls in"
                    + " flight finish, the replica's pool closes). Several serve processes on one SQLite file or one"
                    + " PostgreSQL schema are the replicas of one service; --target runs the scenarios against them.",
            "When it listens it prints one line on stdout: serving grpc://HOST:PORT replica=NAME backend=NAME"
                    + " mode=MODE pid=PID (and, with --http-port, a second: serving http://HOST:PORT ...)",
            "Share one database: sqlite:file=PATH (the same PATH), or postgres:url=jdbc:postgresql://...,"
                    + "schema=NAME (the same URL and NAME; a schema a URL names is joined, created if absent, never"
                    + " dropped).",
            "Exit 0 after a graceful stop; 2 a bad option; 3 the backend would not open or the port is taken."
        })
final class ServeCommand implements Callable<Integer> {
    /** The start of the one line printed when the replica listens. */
    static final String READY_PREFIX = "serving ";

    @Option(
            names = {"--backend", "--backends"},
            paramLabel = "NAME[:KEY=VALUE,...]",
            description = "the backend, as the main job names it: sqlite:file=PATH, postgres:url=URL,schema=NAME,"
                    + " memory (one process only), or any provider on the class path (default: ${DEFAULT-VALUE})")
    String backend = "sqlite";

    @Option(names = "--host", description = "the address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "the port, 1 to 65535, or 0 for one the system chooses (default: 0)")
    int port;

    @Option(
            names = "--http-port",
            description = "also serve the HTTP/JSON binding (docs/http-binding.md) on this port, 1 to 65535, or 0 for"
                    + " one the system chooses; a second line on stdout says where (default: gRPC only)")
    Integer httpPort;

    @Option(
            names = "--mode",
            description = "the gateway mode, what the replica does with each write (default: ${DEFAULT-VALUE};"
                    + " known: ${COMPLETION-CANDIDATES}; the last are the bug zoo's mistaken handlers, negative"
                    + " controls that lose updates)",
            completionCandidates = ModeNames.class)
    String mode = "reference";

    @Option(
            names = "--allow-reset",
            description = "let Reset delete every object: a test deployment, which the harness empties between runs")
    boolean allowReset;

    @Option(names = "--replica-name", description = "the replica's name in Describe and errors (default: gateway-PID)")
    String replicaName;

    @Option(
            names = "--stop-on-stdin-eof",
            description = "also stop gracefully when standard input closes, so a parent that dies takes this replica"
                    + " with it (--replica-processes starts its replicas so)")
    boolean stopOnStdinEof;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Function<String, String> env;
    private final Function<String, String> properties;
    private final InputStream stdin;

    ServeCommand(
            PrintStream stdout,
            PrintStream stderr,
            Function<String, String> env,
            Function<String, String> properties,
            InputStream stdin) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.env = env;
        this.properties = properties;
        this.stdin = stdin;
    }

    /** The modes for {@code --help}: the documented ones, then the zoo's mistaken handlers. */
    static final class ModeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return modeNames().iterator();
        }
    }

    /** Every {@code --mode}: the documented modes ({@link GatewayModes}), then the zoo's ({@link GatewayMistakes}). */
    static List<String> modeNames() {
        List<String> all = new ArrayList<>(GatewayModes.names());
        all.addAll(GatewayMistakes.names());
        return all;
    }

    /**
     * The handler of {@code --mode}: a documented mode, or a gateway zoo member's mistaken handler.
     *
     * @throws IllegalArgumentException naming the mode and the known ones
     */
    static GatewayHandler handler(String mode) {
        if (GatewayModes.names().contains(mode)) {
            return GatewayModes.byName(mode);
        }
        return GatewayMistakes.handler(mode)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown gateway mode \"" + mode + "\": known are " + modeNames()));
    }

    @Override
    public Integer call() {
        String name = replicaName != null
                ? replicaName
                : "gateway-" + ProcessHandle.current().pid();
        StoreOptions options;
        BackendSpec spec;
        try {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
                throw new IllegalArgumentException("--http-port must be between 0 and 65535, was " + httpPort);
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("--host must name an address, was \"" + host + "\"");
            }
            handler(mode);
            options = StoreOptions.defaults().withReplicaName(name);
            spec = BackendSpec.parse(backend);
            BackendOpener.checkConfiguration(spec, env, properties);
        } catch (IllegalArgumentException e) {
            stderr.println("cas-harness serve: " + e.getMessage());
            return Main.USAGE;
        }
        Backend opened;
        try {
            opened = BackendOpener.open(spec, env, properties);
        } catch (BackendOpener.OpenFailed e) {
            stderr.println("cas-harness serve: " + e.getMessage());
            // a value the provider refused is a bad option; a database that would not open is the run's to report
            return e.configuration() && !e.getMessage().contains(" would not open: ") ? Main.USAGE : Main.BROKEN;
        }
        GatewayServer server;
        try {
            server = GatewayServer.builder(opened)
                    .host(host)
                    .port(port)
                    .handler(handler(mode))
                    .allowReset(allowReset)
                    .options(options)
                    .start();
        } catch (RuntimeException e) {
            opened.close();
            stderr.println("cas-harness serve: " + host + ":" + port + ": " + ScenarioRunner.oneLine(e));
            return Main.BROKEN;
        }
        HttpGateway http = null;
        if (httpPort != null) {
            try {
                http = HttpGateway.builder(opened)
                        .host(host)
                        .port(httpPort)
                        .handler(handler(mode))
                        .allowReset(allowReset)
                        .options(options.withReplicaName(name + "-http"))
                        .start();
            } catch (RuntimeException e) {
                server.close();
                opened.close();
                stderr.println("cas-harness serve: " + host + ":" + httpPort + " (HTTP): " + ScenarioRunner.oneLine(e));
                return Main.BROKEN;
            }
        }
        HttpGateway httpGateway = http;
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                awaitQuietly(stopped);
                return;
            }
            try {
                try {
                    server.close();
                } finally {
                    if (httpGateway != null) {
                        httpGateway.close();
                    }
                }
            } finally {
                try {
                    opened.close();
                } finally {
                    stopped.countDown();
                }
            }
        };
        Thread hook = new Thread(
                () -> {
                    stop.run();
                    stderr.println("cas-harness serve: " + name + " stopped (signal)");
                    stderr.flush();
                    stdout.flush();
                    // a signal's exit status would be 128 + the signal; the stop was graceful, so say 0
                    Runtime.getRuntime().halt(Main.PASSED);
                },
                "cas-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stdout.println(READY_PREFIX + "grpc://" + hostForUrl(host) + ":" + server.port() + " replica=" + name
                + " backend=" + opened.name() + " mode=" + mode + " pid="
                + ProcessHandle.current().pid());
        if (httpGateway != null) {
            stdout.println(READY_PREFIX + "http://" + hostForUrl(host) + ":" + httpGateway.port() + " replica=" + name
                    + "-http backend=" + opened.name() + " mode=" + mode + " pid="
                    + ProcessHandle.current().pid());
        }
        stdout.flush();
        stderr.println("cas-harness serve: " + name + " serves " + opened.describe() + " on " + host + ":"
                + server.port() + (httpGateway != null ? " (gRPC) and " + httpGateway.port() + " (HTTP)" : "")
                + " (mode " + mode + (allowReset ? ", reset allowed" : "") + ")");
        if (stopOnStdinEof) {
            Thread watch = new Thread(
                    () -> {
                        drain(stdin);
                        stderr.println("cas-harness serve: " + name + ": standard input closed, stopping");
                        stop.run();
                    },
                    "cas-serve-stdin");
            watch.setDaemon(true);
            watch.start();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal: the hook stopped the replica, says so and ends the JVM itself
            return Main.PASSED;
        }
        stderr.println("cas-harness serve: " + name + " stopped");
        return Main.PASSED;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads until end of stream (or an error, which means the same: the parent is gone). */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // anything the parent writes is ignored; only the end of the stream matters
            }
        } catch (IOException e) {
            // a broken pipe: the parent is gone
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
