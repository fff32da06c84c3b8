package io.casharness.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Topology;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cas-harness detect}: how soon each bug-zoo member is caught. For every member, on every backend it applies
 * to, and for every seed, the member's workload runs with growing budgets ({@link #LADDER} operations, the last being
 * the default budget) until a run catches it; the shortest such budget and the wall time of that run are its
 * time-to-detect. A member not caught within the default budget on some seed is a negative control that did not bite:
 * exit 1. A member that only a fault exposes ({@link ZooMember#exposedBy()}) is named and left out. Prints a table and
 * writes {@code detect.json}.
 *
 * <p>Exit codes: 0 every member caught within the default budget on every seed; 1 one was not; 2 usage error; 3 a
 * backend would not open or a run broke.
 */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Measures time-to-detect: for each zoo member x backend x seed, the shortest budget (operations) whose run"
                    + " catches the member, and that run's wall time; writes detect.json.",
            "Exit 0 every member caught within the default budget on every seed; 1 one was not; 2 bad arguments; 3 a"
                    + " backend would not open or a run broke."
        })
final class DetectCommand implements Callable<Integer> {
    /** The budgets tried, in operations; the last is the default budget's. */
    static final long[] LADDER = {25, 50, 100, 200, 400, Budget.defaults().ops()};

    @Option(
            names = "--backends",
            split = BackendSpec.SPLIT,
            description = "backends, NAME[:KEY=VALUE,...] (default: every provider on the class path but grpc)")
    List<String> backends;

    @Option(names = "--members", split = ",", description = "zoo members (default: all)")
    List<String> members;

    @Option(names = "--seeds", split = ",", description = "seeds (default: 1,2,3)")
    List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--out", description = "output folder (default: target/cas-harness-detect)")
    Path out = Path.of("target", "cas-harness-detect");

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Function<String, String> env;
    private final Function<String, String> properties;

    DetectCommand(
            PrintStream stdout, PrintStream stderr, Function<String, String> env, Function<String, String> properties) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.env = env;
        this.properties = properties;
    }

    /** One member on one backend with one seed: the budget that caught it (0: none did) and that run's wall time. */
    record Detection(String member, String backend, long seed, long ops, long millis, String verdict) {
        boolean caught() {
            return ops > 0;
        }
    }

    @Override
    public Integer call() {
        Map<String, BackendSpec> specs = new LinkedHashMap<>();
        List<ZooMember> chosen = new ArrayList<>();
        try {
            for (String text : backends != null ? backends : BackendOpener.defaultNames()) {
                BackendSpec spec = BackendSpec.parse(text);
                BackendOpener.checkConfiguration(spec, env, properties);
                specs.putIfAbsent(spec.name(), spec);
            }
            for (String name : members != null ? members : Zoo.names()) {
                chosen.add(Zoo.byName(name));
            }
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("--seeds must name at least one seed");
            }
        } catch (IllegalArgumentException e) {
            stderr.println("cas-harness detect: " + e.getMessage());
            return Main.USAGE;
        }
        Map<String, Backend> open = new LinkedHashMap<>();
        List<Detection> found = new ArrayList<>();
        try {
            for (BackendSpec spec : specs.values()) {
                open.put(spec.name(), BackendOpener.open(spec, env, properties));
            }
            for (ZooMember m : chosen) {
                if (m.exposedBy() != null) {
                    stderr.println("  " + m.name() + ": exposed only under the " + m.exposedBy()
                            + " fault, so not measured here (its catch rate under the fault: docs/faults.md)");
                    continue;
                }
                for (Map.Entry<String, Backend> b : open.entrySet()) {
                    if (!m.appliesTo(b.getKey())) {
                        continue;
                    }
                    for (long seed : seeds) {
                        Detection d = detect(m, b.getKey(), b.getValue(), seed);
                        found.add(d);
                        stderr.printf(
                                Locale.ROOT,
                                "  %-24s %-9s seed %-4d %s%n",
                                m.name(),
                                b.getKey(),
                                seed,
                                d.caught() ? "caught at " + d.ops() + " ops, " + d.millis() + " ms" : "NOT caught");
                    }
                }
            }
        } catch (BackendOpener.OpenFailed e) {
            stderr.println("cas-harness detect: " + e.getMessage());
            return e.configuration() ? Main.USAGE : Main.BROKEN;
        } finally {
            open.values().forEach(Backend::close);
        }
        stdout.print(table(found));
        write(found);
        return exitCode(found);
    }

    /** 1 if a member ran to its end on some seed and was not caught; else 3 if a run broke; else 0. */
    static int exitCode(List<Detection> found) {
        if (found.stream().anyMatch(d -> !d.caught() && !d.verdict().equals("ERROR"))) {
            return Main.GATE_FAILED;
        }
        return found.stream().anyMatch(d -> d.verdict().equals("ERROR")) ? Main.BROKEN : Main.PASSED;
    }

    private static Detection detect(ZooMember m, String backendName, Backend backend, long seed) {
        String last = "";
        for (long ops : LADDER) {
            Suite.Plan plan = new Suite.Plan(
                    List.of(backendName),
                    List.of(m.workload()),
                    List.of(m.name()),
                    Topology.defaults(),
                    new Budget(ops, Budget.defaults().duration()),
                    seed);
            for (Scenario s : plan.scenarios()) {
                Judgement j = Suite.runOne(s, backend, () -> false);
                last = j.verdict().result().name();
                if (j.gate() == Judgement.Gate.ERROR) {
                    return new Detection(m.name(), backendName, seed, 0, 0, "ERROR");
                }
                if (j.ok()) {
                    return new Detection(
                            m.name(), backendName, seed, ops, j.run().elapsed().toMillis(), last);
                }
            }
        }
        return new Detection(m.name(), backendName, seed, 0, 0, last);
    }

    /** Member x backend: seeds caught, budgets and wall times per seed, and the median wall time overall. */
    static String table(List<Detection> found) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-24s %-9s %-7s %-22s %s%n", "member", "backend", "caught", "ops", "ms"));
        Map<String, List<Detection>> rows = new LinkedHashMap<>();
        found.forEach(d -> rows.computeIfAbsent(d.member() + " " + d.backend(), k -> new ArrayList<>())
                .add(d));
        for (List<Detection> row : rows.values()) {
            long caught = row.stream().filter(Detection::caught).count();
            b.append(String.format(
                    Locale.ROOT,
                    "%-24s %-9s %-7s %-22s %s%n",
                    row.get(0).member(),
                    row.get(0).backend(),
                    caught + "/" + row.size(),
                    String.join(
                            ",",
                            row.stream()
                                    .map(d -> d.caught() ? "" + d.ops() : "-")
                                    .toList()),
                    String.join(
                            ",",
                            row.stream()
                                    .map(d -> d.caught() ? "" + d.millis() : "-")
                                    .toList())));
        }
        List<Long> times = found.stream()
                .filter(Detection::caught)
                .map(Detection::millis)
                .sorted()
                .toList();
        long median = times.isEmpty() ? 0 : times.get(times.size() / 2);
        b.append(String.format(
                Locale.ROOT,
                "%d of %d member x backend x seed runs caught within the default budget; median time-to-detect %d ms%n",
                found.stream().filter(Detection::caught).count(),
                found.size(),
                median));
        return b.toString();
    }

    private void write(List<Detection> found) {
        try {
            Files.createDirectories(out);
            Path file = out.resolve("detect.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), found);
            stderr.println("cas-harness detect: wrote " + file);
        } catch (IOException e) {
            stderr.println("cas-harness detect: cannot write " + out + " (" + e.getMessage() + ")");
        }
    }
}
