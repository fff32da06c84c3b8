package io.casharness.scenario.cli;

import io.casharness.grpc.GrpcBackendProvider;
import io.casharness.grpc.http.HttpBackendProvider;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.process.ReplicaProcesses;
import io.casharness.store.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The main job's {@code --target} and {@code --replica-processes}: the backend a target names, and the replica
 * processes started over the backend given. Stateless.
 */
final class ProcessTopology {
    private ProcessTopology() {}

    /**
     * The {@code --backends} text of {@code --target}: the {@code grpc} backend over its endpoints.
     *
     * @throws IllegalArgumentException naming the endpoint that is not {@code grpc://host:port}
     */
    static String targetBackend(String target) {
        boolean http = target.strip().startsWith("http://");
        return http
                ? "http:" + GrpcBackendProvider.TARGET + "="
                        + String.join(";", HttpBackendProvider.parseTargets(target))
                : "grpc:" + GrpcBackendProvider.TARGET + "="
                        + String.join(";", io.casharness.grpc.GrpcBackend.parseTargets(target));
    }

    /**
     * Checks {@code --replica-processes} against the backends named.
     *
     * @throws IllegalArgumentException naming the value and the bound
     */
    static void check(int processes, List<String> backendTexts) {
        if (processes < 1 || processes > ReplicaProcesses.MAX_PROCESSES) {
            throw new IllegalArgumentException("--replica-processes must be between 1 and "
                    + ReplicaProcesses.MAX_PROCESSES + ", was " + processes);
        }
        if (backendTexts == null || backendTexts.size() != 1) {
            throw new IllegalArgumentException("--replica-processes runs one backend's replicas as processes:"
                    + " name one with --backends (sqlite, postgres or a provider's), was "
                    + (backendTexts == null ? "none" : String.join(",", backendTexts)));
        }
        String name = BackendSpec.parse(backendTexts.get(0)).name();
        if (name.equals("memory") || BackendOpener.GATEWAYS.contains(name)) {
            throw new IllegalArgumentException("--replica-processes needs a database its processes share (sqlite,"
                    + " postgres or a provider's), not --backends " + name);
        }
    }

    /**
     * Opens {@code spec} as the main job opens a backend under {@code faults} (through the fault proxy when they act
     * on the wire, so the children's connections go through it too), then starts {@code processes} {@code serve}
     * children over it, their standard error in {@code dir/processes}.
     *
     * @throws BackendOpener.OpenFailed if the backend would not open (as {@link BackendOpener#open}) or a child did
     *     not become ready (the environment's: exit 3)
     */
    static Backend open(
            BackendSpec spec,
            int processes,
            Path dir,
            Function<String, String> env,
            Function<String, String> properties,
            FaultPlan faults) {
        Backend served = BackendOpener.open(spec, env, properties, faults);
        ReplicaProcesses.ChildBackend child;
        try {
            child = ReplicaProcesses.childBackend(spec.name(), spec.options(), served);
        } catch (IllegalArgumentException e) {
            served.close();
            throw new BackendOpener.OpenFailed(e.getMessage(), true);
        }
        try {
            return ReplicaProcesses.start(
                    served,
                    child,
                    launcher(properties),
                    processes,
                    dir.resolve("processes"),
                    ReplicaProcesses.READY_TIMEOUT);
        } catch (RuntimeException e) {
            throw new BackendOpener.OpenFailed(
                    "--replica-processes " + processes + " over " + BackendOpener.redacted(spec) + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    false);
        }
    }

    /** This JVM's java binary and class path, and the main class: a child runs the same code as its parent. */
    static List<String> launcher(Function<String, String> properties) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(properties.apply("java.home"), "bin", "java").toString());
        List<String> line = new ArrayList<>();
        line.add(java);
        line.addAll(ReplicaProcesses.CHILD_JVM_OPTIONS);
        line.add("-cp");
        line.add(properties.apply("java.class.path"));
        line.add(Main.class.getName());
        return line;
    }
}
