package io.casharness.scenario.cli;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Scenario;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one command that replays a run of the main job, as this JVM was started: the backend with the options it was
 * given, and a launcher that finds its provider. A run on a backend this project ships replays with
 * {@code java -jar cas-harness.jar ...} (the jar the job ran from, or the build's {@value #BUILD_JAR} when it ran
 * from classes); a run on any other backend needs that backend's provider on the class path, so it replays with
 * {@code java -cp <this JVM's class path> io.casharness.scenario.cli.Main ...}. Immutable.
 */
final class Replay {
    /** The jar the build makes, relative to the project's root. */
    static final String BUILD_JAR = "scenarios/target/cas-harness.jar";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private final Map<String, BackendSpec> backends;
    private final String classPath;
    private final boolean launchedFromJar;
    private final String extraArgs;

    /**
     * @param backends the job's backends by name, as given on the command line
     * @param properties this JVM's system properties ({@code java.class.path} is read)
     */
    Replay(Map<String, BackendSpec> backends, Function<String, String> properties) {
        this(backends, properties, "");
    }

    /**
     * With {@code extraArgs} appended to every replay, and {@code backends} naming, for a backend of the runs, the
     * backend given on the command line in its place ({@code grpc} for {@code sqlite --replica-processes 4}).
     */
    Replay(Map<String, BackendSpec> backends, Function<String, String> properties, String extraArgs) {
        this.extraArgs = requireNonNull(extraArgs, "extraArgs");
        this.backends = Map.copyOf(backends);
        this.classPath = properties.apply("java.class.path");
        Path home = harnessLocation();
        List<String> entries = classPath == null || classPath.isBlank()
                ? List.of()
                : List.of(classPath.split(Pattern.quote(File.pathSeparator)));
        this.launchedFromJar = home != null && entries.size() == 1 && sameFile(Path.of(entries.get(0)), home);
    }

    /** The main job's arguments that replay {@code s}: its own, with the backend named as it was given. */
    String args(Scenario s) {
        requireNonNull(s, "s");
        String plain = s.replayArgs();
        String named = " --backends " + s.backend() + " ";
        BackendSpec spec = backends.get(s.backend());
        if (spec == null || (spec.options().isEmpty() && spec.name().equals(s.backend()))) {
            return plain + extraArgs;
        }
        int at = plain.indexOf(named);
        if (at < 0) {
            throw new IllegalStateException("replay arguments without \"" + named.strip() + "\": " + plain);
        }
        return plain.substring(0, at) + " --backends " + quote(spec.text()) + " " + plain.substring(at + named.length())
                + extraArgs;
    }

    /** The command that replays {@code s}. */
    String command(Scenario s) {
        return launcher(s.backend()) + " " + args(s);
    }

    /** {@code java -jar ...} or {@code java -cp ... io.casharness.scenario.cli.Main}, for a run on {@code backend}. */
    String launcher(String backend) {
        if (BackendOpener.isReference(backend)) {
            if (launchedFromJar) {
                return "java -jar " + quote(classPath);
            }
            if (classPath == null || harnessLocation() == null) {
                return "java -jar " + BUILD_JAR;
            }
        }
        return "java -cp " + quote(classPath == null ? BUILD_JAR : classPath) + " " + Main.class.getName();
    }

    /** The jar or folder this class was loaded from, or null if that cannot be told. */
    private static Path harnessLocation() {
        try {
            var source = Replay.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code text} as one shell word: as it is when it needs no quoting, else in single quotes. */
    static String quote(String text) {
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
