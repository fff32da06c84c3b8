package io.casharness.scenario.cli;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Seeds;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.store.Backend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: runs every workload on the reference store and every bug-zoo member, on every backend, checks each
 * history, prints a verdict table, writes histories and verdicts under one folder, and exits non-zero if the gate
 * fails (the reference store not PASS, or a zoo member not caught). See {@code docs/scenarios.md}.
 *
 * <p>Exit codes: 0 gate passed; 1 gate failed; 2 bad arguments; 3 the run itself broke (a backend would not start).
 */
@Command(
        name = "cas-harness",
        mixinStandardHelpOptions = true,
        version = "cas-harness 0.1.0",
        sortOptions = false,
        description = {
            "Runs lost-update scenarios: every workload on the reference store and every bug-zoo member, on every"
                    + " backend; checks each history; prints a verdict table.",
            "Exit 0 when the reference store passes everywhere and every zoo member is caught; 1 otherwise."
        })
public final class Main implements Callable<Integer> {
    static final int GATE_FAILED = 1;
    static final int BROKEN = 3;

    @Option(
            names = {"--backends", "--backend"},
            split = ",",
            paramLabel = "NAME",
            description =
                    "memory, sqlite, postgres (default: all three; postgres is embedded unless CAS_PG_URL is set)")
    List<String> backends = new ArrayList<>(BackendOpener.NAMES);

    @Option(
            names = {"--workloads", "--workload"},
            split = ",",
            paramLabel = "NAME",
            description = "append, register, create-race, delete-race, merge, phases (default: all)")
    List<String> workloads = new ArrayList<>(Workloads.names());

    @Option(
            names = {"--stores", "--store"},
            split = ",",
            paramLabel = "NAME",
            description = "reference, zoo (every member) or member names (default: reference,zoo)")
    List<String> stores = new ArrayList<>(List.of("reference", "zoo"));

    @Option(names = "--seed", description = "the seed every run derives its choices from (default: fresh)")
    Long seed;

    @Option(names = "--ops", description = "worker operations per run (default: ${DEFAULT-VALUE})")
    long ops = Budget.defaults().ops();

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "wall-time cap per run, e.g. 5s, 1500ms, PT1M (default: 5s; 0 = none)")
    Duration duration = Budget.defaults().duration();

    @Option(names = "--replicas", description = "store replicas (default: ${DEFAULT-VALUE})")
    int replicas = Topology.defaults().replicas();

    @Option(names = "--threads", description = "threads per replica (default: ${DEFAULT-VALUE})")
    int threads = Topology.defaults().threads();

    @Option(names = "--keys", description = "keys per workload (default: ${DEFAULT-VALUE})")
    int keys = Topology.defaults().keys();

    @Option(names = "--skew", description = "uniform, zipfian or zipfian:S (default: zipfian:1.1)")
    String skew = Topology.defaults().skew().toString();

    @Option(names = "--out", description = "output folder (default: target/cas-harness-results/<timestamp>)")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;

    Main(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the job with {@code args}; returns the exit code. */
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        CommandLine cl = new CommandLine(new Main(stdout, stderr));
        cl.setOut(new java.io.PrintWriter(stdout, true));
        cl.setErr(new java.io.PrintWriter(stderr, true));
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        long runSeed = seed != null ? seed : Seeds.fresh();
        List<String> storeNames = new ArrayList<>();
        for (String s : stores) {
            if (s.equals("zoo")) {
                storeNames.addAll(Zoo.names());
            } else {
                storeNames.add(s);
            }
        }
        Suite.Plan plan;
        try {
            for (String b : backends) {
                if (!BackendOpener.NAMES.contains(b)) {
                    throw new IllegalArgumentException("unknown backend \"" + b + "\"; known: " + BackendOpener.NAMES);
                }
            }
            plan = new Suite.Plan(
                    backends,
                    workloads,
                    storeNames,
                    new Topology(replicas, threads, keys, Skew.parse(skew)),
                    new Budget(ops, duration),
                    runSeed);
        } catch (IllegalArgumentException e) {
            stderr.println("cas-harness: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        Path dir = out != null
                ? out
                : Path.of(
                        "target",
                        "cas-harness-results",
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ResultWriter writer = new ResultWriter(dir);
        List<Scenario> scenarios = plan.scenarios();
        stderr.printf(
                Locale.ROOT,
                "cas-harness: %d runs, seed %d, %s, budget %d ops / %s per run, results in %s%n",
                scenarios.size(),
                runSeed,
                plan.topology().replicas() + " replicas x " + plan.topology().threads() + " threads over "
                        + plan.topology().keys() + " keys " + plan.topology().skew(),
                plan.budget().ops(),
                plan.budget().duration(),
                dir);
        long begin = System.nanoTime();
        List<Judgement> results;
        try {
            results = Suite.run(plan, BackendOpener::open, new Suite.Listener() {
                @Override
                public void backendOpened(Backend backend) {
                    stderr.println("backend " + backend.describe());
                }

                @Override
                public void started(Scenario s, int index, int total) {
                    stderr.printf(
                            Locale.ROOT,
                            "[%2d/%d] %-12s %-22s %-8s ...",
                            index,
                            total,
                            s.workload(),
                            s.store(),
                            s.backend());
                    stderr.flush();
                }

                @Override
                public void finished(Judgement j, int index, int total) {
                    writer.write(j);
                    stderr.printf(
                            Locale.ROOT,
                            " %-7s %-10s %5d ops %5d conflicts %5.1fs%s%n",
                            j.verdict().result(),
                            j.status(),
                            j.run().workerOps(),
                            j.run().conflicts(),
                            j.run().elapsed().toMillis() / 1000.0,
                            j.ok() ? "" : "   <- " + why(j));
                }
            });
        } catch (RuntimeException e) {
            stderr.println();
            stderr.println("cas-harness: the run broke: " + e);
            e.printStackTrace(stderr);
            return BROKEN;
        }
        String table = VerdictTable.render(results);
        stdout.print(table);
        boolean gate = results.stream().allMatch(Judgement::ok);
        long failedReference =
                results.stream().filter(j -> j.expected() == null && !j.ok()).count();
        long uncaught =
                results.stream().filter(j -> j.expected() != null && !j.ok()).count();
        writer.writeSummary(runSeed, plan.toString(), results, table);
        stdout.printf(
                Locale.ROOT,
                "%nseed %d; %d runs in %.1fs; histories and verdicts in %s%n",
                runSeed,
                results.size(),
                (System.nanoTime() - begin) / 1e9,
                dir.toAbsolutePath());
        stdout.println(
                "replay one run: java -jar scenarios/target/cas-harness.jar --workloads W --stores S --backends B "
                        + "--seed " + runSeed + " (exact command per run in its verdict.json \"replay\")");
        if (!results.isEmpty()) {
            Judgement example =
                    results.stream().filter(j -> !j.ok()).findFirst().orElse(results.get(0));
            stdout.println("  e.g. " + example.run().scenario().replayCommand());
        }
        if (gate) {
            stdout.println("GATE PASSED: reference store PASS on every run, every zoo member caught.");
            return CommandLine.ExitCode.OK;
        }
        stdout.printf(
                Locale.ROOT,
                "GATE FAILED: %d reference run(s) not PASS, %d zoo run(s) not caught.%n",
                failedReference,
                uncaught);
        for (Judgement j : results) {
            if (!j.ok()) {
                stdout.println("  " + j.run().scenario() + ": " + why(j));
                stdout.println("    replay: " + j.run().scenario().replayCommand());
            }
        }
        return GATE_FAILED;
    }

    private static String why(Judgement j) {
        if (j.expected() == null) {
            if (!j.verdict().anomalies().isEmpty()) {
                Anomaly a = j.verdict().anomalies().get(0);
                return a.type().id() + " " + a.key() + ": " + a.explanation();
            }
            return j.verdict().result()
                    + (j.verdict().notes().isEmpty()
                            ? ""
                            : ": " + j.verdict().notes().get(0));
        }
        return "expected " + j.expected() + ", got " + j.verdict().result() + " " + VerdictTable.anomalies(j);
    }

    /** Accepts {@code 8s}, {@code 1500ms}, {@code 2m}, {@code 0} and ISO-8601 {@code PT8S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (v.equals("0")) {
                return Duration.ZERO;
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            throw new CommandLine.TypeConversionException(
                    "duration must look like 8s, 1500ms, 2m, 0 or PT8S, was \"" + value + "\"");
        }
    }
}
