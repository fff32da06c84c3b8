package io.casharness.grpc;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.v1.DescribeRequest;
import io.casharness.grpc.v1.DescribeResponse;
import io.casharness.grpc.v1.ObjectStoreGrpc;
import io.casharness.grpc.v1.ResetRequest;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend whose replicas are gateway endpoints: the i-th replica opened talks to endpoint {@code i mod n}, so N
 * harness replicas over N endpoints are N gateway processes. On open it asks every endpoint {@code Describe} and
 * refuses endpoints that serve different backends; the version semantics the checker needs are the served backend's.
 *
 * <p>Thread-safe. Closing it closes the channels (the gateways keep running: they are not the harness's).
 */
public final class GrpcBackend implements Backend {
    /** How long one call may take before its outcome is recorded as unknown. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    /** How long opening waits for every endpoint to answer {@code Describe}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    public static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private static final Pattern ENDPOINT =
            Pattern.compile("(?:grpc://)?(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})");

    private final String name;
    private final List<String> endpoints;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Duration deadline;
    private final DescribeResponse served;
    private final AtomicInteger next = new AtomicInteger();

    private GrpcBackend(
            String name,
            List<String> endpoints,
            Function<String, ManagedChannel> channelFor,
            Duration deadline,
            Duration connectTimeout) {
        this.name = name;
        this.endpoints = List.copyOf(endpoints);
        this.deadline = deadline;
        DescribeResponse first = null;
        try {
            for (String endpoint : this.endpoints) {
                ManagedChannel channel = channelFor.apply(endpoint);
                channels.add(channel);
                DescribeResponse d = describe(endpoint, channel, connectTimeout);
                if (first == null) {
                    first = d;
                } else if (!first.getBackend().equals(d.getBackend())
                        || first.getVersionsUniqueAcrossKeys() != d.getVersionsUniqueAcrossKeys()
                        || first.getVersionsRiseAcrossIncarnations() != d.getVersionsRiseAcrossIncarnations()) {
                    throw new IllegalArgumentException("target " + endpoint + " serves backend " + d.getBackend()
                            + " but " + this.endpoints.get(0) + " serves " + first.getBackend()
                            + ": every endpoint of a target must be a replica of one store");
                }
            }
        } catch (RuntimeException e) {
            channels.forEach(ManagedChannel::shutdownNow);
            throw e;
        }
        this.served = first;
    }

    /**
     * Connects to gateway endpoints ({@code grpc://host:port} or {@code host:port}).
     *
     * @throws IllegalArgumentException naming an endpoint that is malformed, does not answer within the connect
     *     timeout, or serves another backend than the first
     */
    public static GrpcBackend connect(List<String> targets, Duration deadline, Duration connectTimeout) {
        requireNonNull(targets, "targets");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a target needs at least one endpoint grpc://host:port");
        }
        checkDuration("deadline", deadline);
        checkDuration("connect timeout", connectTimeout);
        targets.forEach(GrpcBackend::authority);
        return new GrpcBackend(
                "grpc",
                targets,
                endpoint -> Grpc.newChannelBuilder(authority(endpoint), InsecureChannelCredentials.create())
                        .maxInboundMessageSize(GatewayServer.MAX_MESSAGE_BYTES)
                        .build(),
                deadline,
                connectTimeout);
    }

    /**
     * A backend named {@code name} over endpoints reached through channels of another transport (the HTTP binding's
     * channels carry each call as one HTTP exchange): the same Describe check on open, the same replicas
     * ({@link GrpcCasStore}, so the same mapping of answers to outcomes), whatever the wire. {@code channelFor} is
     * called once per endpoint, in order, and must validate the endpoint.
     *
     * @throws IllegalArgumentException as {@link #connect(List, Duration, Duration)}
     */
    public static GrpcBackend over(
            String name,
            List<String> endpoints,
            Function<String, ManagedChannel> channelFor,
            Duration deadline,
            Duration connectTimeout) {
        requireNonNull(name, "name");
        requireNonNull(endpoints, "endpoints");
        requireNonNull(channelFor, "channelFor");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a " + name + " target needs at least one endpoint");
        }
        checkDuration("deadline", deadline);
        checkDuration("connect timeout", connectTimeout);
        return new GrpcBackend(name, endpoints, channelFor, deadline, connectTimeout);
    }

    public static GrpcBackend connect(List<String> targets) {
        return connect(targets, DEFAULT_DEADLINE, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * The endpoints of a target list: {@code grpc://a:1,grpc://b:2} (commas, or semicolons where a comma separates
     * backend options).
     */
    public static List<String> parseTargets(String text) {
        List<String> out = splitTargets(text, "grpc");
        out.forEach(GrpcBackend::authority);
        return out;
    }

    /**
     * The parts of a target list split at commas and semicolons, not yet validated.
     *
     * @throws IllegalArgumentException if there is none, naming the {@code scheme} an endpoint takes
     */
    public static List<String> splitTargets(String text, String scheme) {
        requireNonNull(text, "text");
        List<String> out = new ArrayList<>();
        for (String part : text.split("[,;]")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "a target needs at least one endpoint " + scheme + "://host:port, was \"" + text + "\"");
        }
        return out;
    }

    /**
     * The {@code host:port} of an endpoint ({@code grpc://host:port} or {@code host:port}), as a channel takes it.
     *
     * @throws IllegalArgumentException naming the endpoint when it is malformed or its port is out of bounds
     */
    public static String authority(String endpoint) {
        Matcher m = ENDPOINT.matcher(endpoint);
        if (!m.matches()) {
            throw new IllegalArgumentException("a target endpoint must be grpc://host:port, was \"" + endpoint + "\"");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "a target endpoint's port must be between 1 and 65535, was " + port + " in " + endpoint);
        }
        return m.group(1) + ":" + port;
    }

    private static void checkDuration(String what, Duration d) {
        requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(what + " must be more than 0 and at most 10 minutes, was " + d);
        }
    }

    private static DescribeResponse describe(String endpoint, ManagedChannel channel, Duration connectTimeout) {
        try {
            return ObjectStoreGrpc.newBlockingStub(channel)
                    .withWaitForReady()
                    .withDeadlineAfter(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new IllegalArgumentException(
                    "target " + endpoint + " did not answer Describe within "
                            + (connectTimeout.toMillis() % 1000 == 0
                                    ? connectTimeout.toSeconds() + " s"
                                    : connectTimeout.toMillis() + " ms")
                            + ": "
                            + e.getStatus().getCode()
                            + (e.getStatus().getDescription() == null
                                    ? ""
                                    : " " + e.getStatus().getDescription()),
                    e);
        }
    }

    public List<String> endpoints() {
        return endpoints;
    }

    /** The backend the gateways serve ({@code postgres}, {@code sqlite}, ...). */
    public String servedBackend() {
        return served.getBackend();
    }

    /** The gateways' mode, as the first endpoint reports it. */
    public String mode() {
        return served.getMode();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name + ": " + endpoints.size() + " gateway" + (endpoints.size() == 1 ? "" : "s") + " ("
                + String.join(", ", endpoints) + "), mode " + served.getMode() + ", serving " + served.getDescription();
    }

    @Override
    public boolean versionsUniqueAcrossKeys() {
        return served.getVersionsUniqueAcrossKeys();
    }

    @Override
    public boolean versionsRiseAcrossIncarnations() {
        return served.getVersionsRiseAcrossIncarnations();
    }

    @Override
    public CasStore openReplica(StoreOptions options) {
        int i = Math.floorMod(next.getAndIncrement(), endpoints.size());
        return new GrpcCasStore(channels.get(i), name(), endpoints.get(i), options, deadline);
    }

    /**
     * Waits until the channel to {@code endpoint} is connected again: it tries at once instead of after its backoff,
     * and returns when the endpoint answered {@code Describe}. For a caller that knows an endpoint is back (a replica
     * process restarted on its port), so that calls made next do not fail fast on a channel still backing off.
     *
     * @throws IllegalArgumentException if {@code endpoint} is not one of {@link #endpoints()}, or did not answer
     *     within {@code timeout}
     */
    public void awaitEndpoint(String endpoint, Duration timeout) {
        int i = endpoints.indexOf(endpoint);
        if (i < 0) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not one of " + endpoints);
        }
        checkDuration("timeout", timeout);
        channels.get(i).resetConnectBackoff();
        describe(endpoint, channels.get(i), timeout);
    }

    /**
     * The mode {@code endpoint} reports now ({@code Describe}), which may differ from {@link #mode()} (the first
     * endpoint's at connect time) after the process behind it was started again in another mode.
     *
     * @throws IllegalArgumentException if {@code endpoint} is not one of {@link #endpoints()}, or did not answer
     *     within the deadline
     */
    public String modeOf(String endpoint) {
        int i = endpoints.indexOf(endpoint);
        if (i < 0) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not one of " + endpoints);
        }
        return describe(endpoint, channels.get(i), deadline).getMode();
    }

    /** Asks the first endpoint to delete every object (one database behind all of them). */
    @Override
    public void reset() {
        try {
            ObjectStoreGrpc.newBlockingStub(channels.get(0))
                    .withWaitForReady()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .reset(ResetRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
                throw new IllegalStateException(
                        "target " + endpoints.get(0) + " refuses Reset: the harness empties "
                                + "the store between runs, so start the gateway with reset allowed (a test deployment)",
                        e);
            }
            throw StatusMapping.toStore(e, name(), false);
        }
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                c.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
