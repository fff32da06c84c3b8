package io.casharness.scenario.zoo.gateway;

import static java.util.Objects.requireNonNull;

import io.casharness.grpc.GatewayHandler;
import io.casharness.grpc.GatewayServer;
import io.casharness.grpc.GrpcBackend;
import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.scenario.process.ReplicaProcesses;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.StoreOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A zoo member whose mistake lives in a gateway's handler. Every replica the run opens is a gateway replica of its
 * own ({@link GatewayServer} in this JVM, on a port the system chose, serving a replica of the run's backend through
 * {@link #handler()}, whose mode, reported by {@code Describe}, is the member's name) and the harness's client of it ({@link GrpcBackend}), so a run of the default topology has
 * four gateways over one database, as the seed has several replicas over one {@code objects} table; closing the
 * replica closes its client and stops its gateway. The backend stays the run's: its reset and its final reads go to
 * the database directly. {@link Hooks} act on the client's calls; the mistake needs no window of its own, because
 * every conflict the gateway meets is the race that exposes it.
 *
 * <p>Over {@code --replica-processes} ({@link ReplicaProcesses}) the mistake moves into the processes: the run's
 * replicas are served by {@code serve --mode NAME} children ({@link GatewayMistakes}), which the backend starts again
 * in that mode, so the mistaken handler runs in separate processes over one database, as in a deployed service. Over
 * gateways the harness did not start ({@code --target}), each replica's gateway in this JVM fronts them: the
 * mistake is then the front's, and what the run shows is that the protocol path to the target does not hide it.
 *
 * <p>The mistake is the service's, so it would occur over any backend a gateway can serve; the members are tied to
 * the backends this project ships ({@link Suite#REFERENCE_BACKENDS}), where they are the negative controls of the
 * gateway modes (docs/gateway-modes.md), and to {@code grpc} (gateways).
 *
 * <p>Immutable and thread-safe; the handler it returns must be too.
 */
abstract class GatewayMistake extends ZooMember {
    private final GatewayHandler handler;

    /** @param handler the mistaken handler every gateway of a run serves with; its mode is the member's name */
    GatewayMistake(String name, String mistake, String workload, String expectedAnomaly, GatewayHandler handler) {
        super(name, mistake, workload, gatewayBackends(), expectedAnomaly);
        this.handler = requireNonNull(handler, "handler");
        if (!handler.mode().equals(name)) {
            throw new IllegalArgumentException(
                    name + ": the handler's mode must be the member's name, was " + handler.mode());
        }
    }

    /**
     * The backends this project ships, and {@code grpc} and {@code http}: gateways, whether replica processes or a
     * target, on either wire.
     */
    private static Set<String> gatewayBackends() {
        Set<String> all = new LinkedHashSet<>(Suite.REFERENCE_BACKENDS);
        all.add("grpc");
        all.add("http");
        return Set.copyOf(all);
    }

    /** The mistaken handler every gateway of a run serves with. */
    final GatewayHandler handler() {
        return handler;
    }

    @Override
    public final CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        CasStore store = backend instanceof ReplicaProcesses processes
                ? processes.openReplica(options, name())
                : throughGateway(backend, options, handler);
        return PausingStore.wrap(store, replica, hooks);
    }

    /**
     * A replica of {@code backend} behind a gateway of its own that serves with {@code handler}: what a member's
     * replica is, and, with the reference handler, its control.
     */
    static CasStore throughGateway(Backend backend, StoreOptions options, GatewayHandler handler) {
        requireNonNull(backend, "backend");
        requireNonNull(options, "options");
        GatewayServer gateway = GatewayServer.builder(backend)
                .handler(requireNonNull(handler, "handler"))
                .options(options)
                .start();
        GrpcBackend client = null;
        try {
            client = GrpcBackend.connect(List.of(gateway.target()));
            return new Replica(client.openReplica(options), client, gateway);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            gateway.close();
            throw e;
        }
    }

    /** A mistaken handler: its mode, which {@code Describe} reports, is its member's name. */
    abstract static class MistakenHandler implements GatewayHandler {
        private final String member;

        MistakenHandler(String member) {
            this.member = requireNonNull(member, "member");
        }

        @Override
        public final String mode() {
            return member;
        }
    }

    /** The client of one gateway; closing it closes the client and stops the gateway. */
    private static final class Replica extends ForwardingCasStore {
        private final GrpcBackend client;
        private final GatewayServer gateway;

        Replica(CasStore delegate, GrpcBackend client, GatewayServer gateway) {
            super(delegate);
            this.client = client;
            this.gateway = gateway;
        }

        @Override
        public String describe() {
            return delegate.describe() + " (gateway mode " + client.mode() + ")";
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                try {
                    client.close();
                } finally {
                    gateway.close();
                }
            }
        }
    }
}
