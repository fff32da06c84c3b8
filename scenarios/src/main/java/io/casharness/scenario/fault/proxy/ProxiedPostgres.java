package io.casharness.scenario.fault.proxy;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.FrontedBackend;
import io.casharness.store.Backend;
import io.casharness.store.jdbc.Dialect;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.JdbcSettings;
import io.casharness.store.jdbc.internal.PostgresSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL backend whose pools connect through a {@link PgFaultProxy}, for the faults that act on the wire
 * ({@code ack-loss}, {@code slow}): the main job opens {@code postgres} this way when {@code --faults} names one of
 * them. The backend is a plain {@link JdbcBackend} on the proxy's address, so every other fault still applies: the
 * proxy copies the injector's own connections through unharmed (one fault is injected at a time, and the proxy's
 * faults are off between their windows), {@code kill} terminates the server processes it finds in
 * {@code pg_stat_activity}, and {@code pause} and {@code restart} signal the server's processes on this host, of a
 * server the harness started ({@link JdbcBackend#ownedServer()} is the real server's, kind and all).
 *
 * <p>Closing the backend drops its schema (through the proxy), then closes the proxy (its listening socket, every
 * connection, every thread) and then the server ({@link PostgresSource.Server#close()}: stops it if the harness
 * started it). Thread-safe: the registry of open proxies is concurrent.
 */
public final class ProxiedPostgres {
    /** The open backends' proxies, by the port they listen on. */
    private static final Map<Integer, Route> OPEN = new ConcurrentHashMap<>();

    /** A proxy and the fraction of writes an {@code ack-loss} window loses there. */
    record Route(PgFaultProxy proxy, double ackLossRate) {}

    private ProxiedPostgres() {}

    /** Whether {@code plan} names a fault that acts through the proxy ({@code ack-loss}, {@code slow}). */
    public static boolean needed(FaultPlan plan) {
        return plan.faults().stream().anyMatch(f -> f instanceof ProxyFault);
    }

    /**
     * A backend in a fresh schema (or the one {@code currentSchema} names) on {@code server}, its pools connecting
     * through a new proxy in front of {@code server.url()}, with {@code sslmode=disable} added unless the URL sets an
     * {@code sslmode} (the proxy cannot read an encrypted connection). The backend owns {@code server} and the
     * proxy: its close closes both.
     *
     * @param ackLossRate the fraction of write requests an {@code ack-loss} window loses ({@code --fault-rate})
     * @throws IllegalArgumentException if the rate is not in (0, 1] or the URL is not
     *     {@code jdbc:postgresql://host[:port]/...} with one host; {@code server} is closed
     * @throws io.casharness.store.StoreAccessException if the database cannot be reached through the proxy or
     *     migrated; {@code server} and the proxy are closed
     */
    public static JdbcBackend open(PostgresSource.Server server, JdbcSettings settings, double ackLossRate) {
        requireNonNull(server, "server");
        requireNonNull(settings, "settings");
        PgFaultProxy proxy;
        try {
            if (!(ackLossRate > 0 && ackLossRate <= 1)) {
                throw new IllegalArgumentException("the ack-loss rate must be in (0, 1], was " + ackLossRate);
            }
            proxy = PgFaultProxy.forUrl(server.url());
        } catch (RuntimeException e) {
            closeQuietly(server, e);
            throw e;
        }
        int port = proxy.port();
        OPEN.put(port, new Route(proxy, ackLossRate));
        String url = proxy.jdbcUrl(server.url());
        if (!url.contains("sslmode=")) {
            url = url + (url.contains("?") ? "&" : "?") + "sslmode=disable";
        }
        PostgresSource.Server through = new PostgresSource.Server(
                url,
                server.kind(),
                server.label(),
                server.location() + " through the fault proxy on 127.0.0.1:" + port,
                () -> {
                    OPEN.remove(port);
                    try {
                        proxy.close();
                    } finally {
                        server.close();
                    }
                });
        // on a failure postgresOn closes what it was to own: the proxy, then the server
        return JdbcBackend.postgresOn(through, settings);
    }

    /**
     * The route {@code backend}'s pools take, or {@code null} if it is not a PostgreSQL backend opened by
     * {@link #open} (and not closed yet).
     */
    static Route route(Backend backend) {
        if (!(FrontedBackend.databaseOf(backend) instanceof JdbcBackend j) || j.dialect() != Dialect.POSTGRES) {
            return null;
        }
        PgFaultProxy.HostPort hp;
        try {
            hp = PgFaultProxy.HostPort.of(j.jdbcUrl());
        } catch (IllegalArgumentException e) {
            return null;
        }
        Route r = hp.host().equals("127.0.0.1") ? OPEN.get(hp.port()) : null;
        return r != null && r.proxy().port() == hp.port() ? r : null;
    }

    private static void closeQuietly(PostgresSource.Server server, RuntimeException cause) {
        try {
            server.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
