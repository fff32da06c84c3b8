package io.casharness.scenario.cli;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.ScenarioRunner;
import io.casharness.scenario.Seeds;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.fault.Fault;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.fault.Faults;
import io.casharness.scenario.suite.ResultWriter;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.suite.VerdictTable;
import io.casharness.scenario.workload.Workload;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.jdbc.JdbcSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: runs every workload on each backend's own store and every bug-zoo member that applies, on every
 * backend named — the ones this project ships and any {@link io.casharness.store.BackendProvider} on the class path —
 * checks each history, prints a verdict table, writes histories and verdicts under one folder, and exits with the
 * gate's code. See {@code docs/scenarios.md}.
 *
 * <p>Exit codes: {@value #PASSED} gate passed; {@value #GATE_FAILED} a bug found (a store under test FAIL) or a
 * negative control not caught; {@value #USAGE} usage or configuration error (one line naming the value and the
 * bound); {@value #BROKEN} the run itself broke (a backend would not open, a run ERROR, a run of a store under test
 * that proved nothing, the job interrupted).
 */
@Command(
        name = "cas-harness",
        mixinStandardHelpOptions = true,
        version = "cas-harness 0.1.0",
        sortOptions = false,
        description = {
            "Runs lost-update scenarios: every workload on each backend's own store (the reference store on memory,"
                    + " sqlite and postgres; your store on your backend) and every bug-zoo member that applies to the"
                    + " backend, as its negative controls; checks each history; prints a verdict table whose first"
                    + " column is what each run means for the gate, and what each run proved (acknowledged writes,"
                    + " keys written concurrently, conflicts, errors).",
        })
public final class Main implements Callable<Integer> {
    static final int PASSED = Suite.PASSED;
    static final int GATE_FAILED = Suite.GATE_FAILED;
    static final int USAGE = 2;
    static final int BROKEN = Suite.BROKEN;

    /** How long a Ctrl-C waits for the run in progress to stop and the summary to be written. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

    @Option(
            names = {"--backends", "--backend"},
            split = BackendSpec.SPLIT,
            splitSynopsisLabel = ",",
            paramLabel = "NAME[:KEY=VALUE,...]",
            description = "backends by provider name, each with its options: memory, sqlite, postgres, or any"
                    + " provider on the class path (listed below), e.g. sqlite:file=/tmp/cas.db,memory or"
                    + " redis:url=redis://127.0.0.1:6379 (default: every provider on the class path but grpc, which"
                    + " --target names; postgres is embedded unless url= or CAS_PG_URL names one)")
    List<String> backends;

    @Option(
            names = "--target",
            paramLabel = "grpc://HOST:PORT[,...]",
            description = "run against gateway replicas already serving the store protocol (serve, or a service of"
                    + " your own), one harness replica per endpoint in turn: the backend grpc, instead of --backends;"
                    + " http://HOST:PORT[,...] for the HTTP/JSON binding (the backend http)")
    String target;

    @Option(
            names = "--replica-processes",
            paramLabel = "N",
            description = "start N serve processes (1 to 16) over the one backend --backends names (sqlite: a file"
                    + " this job chooses or file=; postgres: one schema), run every scenario through them over the"
                    + " store protocol, and stop them at the end; with --faults crash one is killed and restarted")
    Integer replicaProcesses;

    @Option(
            names = "--pool",
            paramLabel = "N",
            description = "connections per replica of sqlite and postgres, 1 to " + JdbcSettings.MAX_POOL_SIZE
                    + " (default: " + JdbcBackend.DEFAULT_POOL_SIZE + "); a backend's own pool= wins; recorded in"
                    + " each run's replay command as that option")
    Integer pool;

    @Option(
            names = "--statement-timeout",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "statement timeout of sqlite and postgres replicas (sqlite: its busy timeout), 0 to 10m,"
                    + " 0 = none on postgres and fail at once on sqlite (default: the backend's); a backend's own"
                    + " statementTimeout= wins; recorded in each run's replay command as that option")
    Duration statementTimeout;

    @Option(
            names = {"--workloads", "--workload"},
            split = ",",
            paramLabel = "NAME",
            description = "the workloads to run, listed below (default: all)")
    List<String> workloads = new ArrayList<>(Workloads.names());

    @Option(
            names = {"--stores", "--store"},
            split = ",",
            paramLabel = "NAME",
            description = "the stores under test: reference (the store of memory, sqlite, postgres), a backend's name"
                    + " (the store of that backend), zoo (every member that applies) or member names, listed below"
                    + " (default: each backend's own store, and zoo)")
    List<String> stores;

    @Option(names = "--seed", description = "the seed every run derives its choices from (default: fresh)")
    Long seed;

    @Option(
            names = "--ops",
            description = "worker operations per run, 1 to " + Budget.MAX_OPS + " (default: ${DEFAULT-VALUE})")
    long ops = Budget.defaults().ops();

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "wall-time cap per run, e.g. 5s, 1500ms, PT1M (default: 5s; 0 = none); calls still in"
                    + " flight 5 s past the cap are ended and the run is recorded as ERROR")
    Duration duration = Budget.defaults().duration();

    @Option(
            names = "--replicas",
            description = "store replicas, 1 to 64 (default: 4; with --replica-processes N, N: one per process)")
    Integer replicas;

    @Option(names = "--threads", description = "threads per replica, 1 to 64 (default: ${DEFAULT-VALUE})")
    int threads = Topology.defaults().threads();

    @Option(names = "--keys", description = "keys per workload, 1 to 1000000 (default: ${DEFAULT-VALUE})")
    int keys = Topology.defaults().keys();

    @Option(names = "--skew", description = "uniform, zipfian or zipfian:S (default: zipfian:1.1)")
    String skew = Topology.defaults().skew().toString();

    @Option(
            names = "--faults",
            split = ",",
            paramLabel = "NAME",
            description = "faults injected while the workers run, listed below (default: none); a fault that does"
                    + " not apply to a backend is skipped there, with the reason")
    List<String> faults = new ArrayList<>();

    @Option(
            names = "--fault-interval",
            converter = DurationConverter.class,
            description = "mean time between two injections, 50ms to 10m; each gap is drawn from the seed in"
                    + " [0.5, 1.5] x this (default: 1000ms)")
    Duration faultInterval = FaultPlan.DEFAULT_INTERVAL;

    @Option(
            names = "--fault-rate",
            description = "fraction of write requests whose acknowledgement an ack-loss window loses, (0, 1] (default:"
                    + " ${DEFAULT-VALUE})")
    double faultRate = FaultPlan.DEFAULT_RATE;

    @Option(
            names = "--allow-restart",
            description = "let the restart fault stop and start a PostgreSQL server given by URL (on this host);"
                    + " without it only a server the harness started is restarted")
    boolean allowRestart;

    @Option(names = "--out", description = "output folder (default: target/cas-harness-results/<timestamp>)")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Function<String, String> env;
    private final Function<String, String> properties;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean jobStarted = new AtomicBoolean();

    Main(PrintStream stdout, PrintStream stderr, Function<String, String> env, Function<String, String> properties) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.env = env;
        this.properties = properties;
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err, System::getenv, System::getProperty);
        Thread hook = new Thread(main::cancelAndWait, "cas-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = main.commandLine().execute(args);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived as the job ended: the hook is already running and lets the JVM go once we are done
        }
        System.exit(code);
    }

    /** Runs the job with {@code args} and this JVM's environment; returns the exit code. */
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        return execute(args, stdout, stderr, System::getenv, System::getProperty);
    }

    /** Runs the job with {@code args}, reading variables and properties from the given functions. */
    static int execute(
            String[] args,
            PrintStream stdout,
            PrintStream stderr,
            Function<String, String> env,
            Function<String, String> properties) {
        return new Main(stdout, stderr, env, properties).commandLine().execute(args);
    }

    private CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.addSubcommand("check", new CommandLine(new CheckCommand(stdout, stderr)));
        cl.addSubcommand("detect", new CommandLine(new DetectCommand(stdout, stderr, env, properties)));
        cl.addSubcommand("serve", new CommandLine(new ServeCommand(stdout, stderr, env, properties, System.in)));
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        cl.setUsageHelpWidth(160);
        cl.getCommandSpec().usageMessage().footer(footer());
        cl.setParameterExceptionHandler((e, args) -> {
            stderr.println("cas-harness: " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            stderr.println("cas-harness: the run broke: " + ScenarioRunner.oneLine(e));
            return BROKEN;
        });
        return cl;
    }

    /** The exit codes, the zoo and two examples, for {@code --help}. */
    static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Exit codes:");
        lines.add("  0  gate passed: every store under test PASS on every run, with its evidence stated, and every"
                + " zoo member caught");
        lines.add("  1  a bug found (a store under test FAIL) or a negative control (zoo member) not caught");
        lines.add("  2  usage or configuration error: one line naming the value and the bound");
        lines.add("  3  the run itself broke: a backend would not open, a run ERROR (setup, reset or final reads"
                + " failed, workers past the cap),");
        lines.add("     a run of a store under test that proved nothing (UNPROVEN), or the job interrupted");
        lines.add("");
        lines.add("Backends on this class path (--backends NAME[:KEY=VALUE,...]):");
        try {
            for (BackendProvider p : BackendOpener.providers()) {
                lines.add(String.format(Locale.ROOT, "  %-22s %s", p.name(), p.description()));
                p.options().forEach((k, v) -> lines.add(String.format(Locale.ROOT, "  %-22s   %s=  %s", "", k, v)));
            }
        } catch (IllegalArgumentException e) {
            lines.add("  " + e.getMessage());
        }
        lines.add("  Another store: put its jar, with an io.casharness.store.BackendProvider in META-INF/services,"
                + " on the class path:");
        lines.add("  java -cp cas-harness.jar:my-store.jar " + Main.class.getName() + " --backends mystore:KEY=VALUE");
        lines.add("");
        lines.add("Workloads (--workloads NAME):");
        for (Workload w : Workloads.all()) {
            lines.add(String.format(Locale.ROOT, "  %-22s %s", w.name(), w.summary()));
        }
        lines.add("");
        lines.add("Bug-zoo members (--stores NAME): workload, backends, the mistake:");
        for (ZooMember m : Zoo.members()) {
            lines.add(String.format(
                    Locale.ROOT, "  %-22s %-16s %-23s %s", m.name(), m.workload(), m.where(), m.mistake()));
        }
        lines.add("");
        lines.add("Faults (--faults NAME,... with --fault-interval and, for ack-loss, --fault-rate; see"
                + " docs/faults.md):");
        for (Fault f : Faults.all()) {
            lines.add(String.format(Locale.ROOT, "  %-22s %s", f.name(), f.description()));
        }
        lines.add("");
        lines.add("Re-judge saved histories offline (the same table; exit 2 for a history cut short, run together or"
                + " edited):");
        lines.add("  java -jar cas-harness.jar check target/cas-harness-results/*/*.history.jsonl");
        lines.add("");
        lines.add("Time-to-detect of every zoo member (the shortest budget that catches it, seeds 1-3; detect.json):");
        lines.add("  java -jar cas-harness.jar detect [--backends ...] [--members ...] [--seeds 1,2,3]");
        lines.add("");
        lines.add("One gateway replica over a backend, and the job against gateways (docs/processes.md):");
        lines.add("  java -jar cas-harness.jar serve --backend sqlite:file=/tmp/cas.db --port 7001 --allow-reset");
        lines.add("  java -jar cas-harness.jar --target grpc://127.0.0.1:7001,grpc://127.0.0.1:7002");
        lines.add("  java -jar cas-harness.jar --backends postgres --replica-processes 4 --faults crash");
        lines.add("");
        lines.add("Examples:");
        lines.add("  java -jar cas-harness.jar                                  # everything, embedded defaults");
        lines.add("  java -jar cas-harness.jar --backends sqlite --workloads register --stores reference,cached-reads"
                + " --seed 7 --ops 5000");
        lines.add("  java -cp cas-harness.jar:redis-store.jar " + Main.class.getName()
                + " --backends redis:url=redis://127.0.0.1:6379   # your store and the zoo over it");
        lines.add("");
        return lines.toArray(new String[0]);
    }

    /** Called by the shutdown hook (Ctrl-C): stops the job and waits for its summary to be written. */
    private void cancelAndWait() {
        if (!jobStarted.get()) {
            return; // a subcommand (serve stops itself on the signal), or no job yet
        }
        cancelled.set(true);
        try {
            finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Integer call() {
        jobStarted.set(true);
        try {
            return job();
        } finally {
            finished.countDown();
        }
    }

    private int job() {
        long runSeed = seed != null ? seed : Seeds.fresh();
        Suite.Plan plan;
        Map<String, BackendSpec> specs = new LinkedHashMap<>();
        Path dir;
        try {
            List<String> names = new ArrayList<>();
            for (String text : backendTexts()) {
                BackendSpec spec = withJdbcSettings(BackendSpec.parse(text));
                BackendOpener.checkConfiguration(spec, env, properties);
                names.add(replicaProcesses != null ? "grpc" : spec.name());
                specs.putIfAbsent(spec.name(), spec);
            }
            List<String> storeNames = new ArrayList<>();
            for (String s : stores != null ? stores : defaultStores(names)) {
                if (s.equals("zoo")) {
                    storeNames.addAll(Zoo.names());
                } else {
                    storeNames.add(s);
                }
            }
            plan = new Suite.Plan(
                    names,
                    workloads,
                    storeNames,
                    new Topology(
                            replicas != null
                                    ? replicas
                                    : replicaProcesses != null
                                            ? replicaProcesses
                                            : Topology.defaults().replicas(),
                            threads,
                            keys,
                            Skew.parse(skew)),
                    new Budget(ops, duration),
                    runSeed,
                    new FaultPlan(faults, faultInterval, faultRate, allowRestart));
            dir = outputFolder();
        } catch (IllegalArgumentException e) {
            stderr.println("cas-harness: " + e.getMessage());
            return USAGE;
        }
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
        Map<String, Backend> open = new LinkedHashMap<>();
        try {
            for (BackendSpec spec : specs.values()) {
                Backend backend = replicaProcesses != null
                        ? ProcessTopology.open(spec, replicaProcesses, dir, env, properties, plan.faults())
                        : BackendOpener.open(spec, env, properties, plan.faults());
                open.put(backend.name(), backend);
                stderr.println("backend " + backend.describe() + BackendOpener.origin(spec, env, properties)
                        + (BackendOpener.isReference(spec.name())
                                ? ""
                                : ": its own store runs as \"" + spec.name() + "\", with the zoo's "
                                        + Zoo.applicationMistakes().size() + " application-level members over it"));
            }
        } catch (BackendOpener.OpenFailed e) {
            stderr.println("cas-harness: " + e.getMessage());
            closeAll(open);
            return e.configuration() ? USAGE : BROKEN;
        }
        for (Backend b : open.values()) {
            for (Fault f : plan.faults().faults()) {
                String why = f.skipReason(b, plan.faults());
                stderr.println("fault " + f.name() + " on " + b.name() + ": "
                        + (why == null
                                ? "injected every ~" + plan.faults().interval().toMillis() + " ms"
                                        + (f.perOperation()
                                                ? ", on " + plan.faults().rate() + " of the writes"
                                                : "")
                                : "skipped: " + why));
            }
        }
        try {
            return runAll(plan, scenarios, open, dir, runSeed, replay(specs));
        } finally {
            // after the summary is written: a server stopped under us (Ctrl-C reaches an embedded one too) may make
            // a clean close wait for its pool, and the results must not wait with it
            closeAll(open);
        }
    }

    /** The backends to open: {@code --backends}, or the one {@code --target} names, or every provider's. */
    private List<String> backendTexts() {
        if (target != null) {
            if (backends != null || replicaProcesses != null) {
                throw new IllegalArgumentException("--target names the backend (gateways serving the store protocol):"
                        + " give it without " + (backends != null ? "--backends" : "--replica-processes"));
            }
            return List.of(ProcessTopology.targetBackend(target));
        }
        if (replicaProcesses != null) {
            ProcessTopology.check(replicaProcesses, backends);
        }
        return backends != null ? backends : BackendOpener.defaultNames();
    }

    /** The replay command's maker: with replica processes, the backend they served and their count. */
    /**
     * {@code spec} with {@code --pool} and {@code --statement-timeout} as its {@code pool=} and
     * {@code statementTimeout=} options when it is sqlite or postgres and does not name them itself, so the replay
     * command, which names each backend by its options, carries them.
     *
     * @throws IllegalArgumentException naming the flag, the value and the bound
     */
    private BackendSpec withJdbcSettings(BackendSpec spec) {
        if (pool != null && (pool < 1 || pool > JdbcSettings.MAX_POOL_SIZE)) {
            throw new IllegalArgumentException(
                    "--pool must be between 1 and " + JdbcSettings.MAX_POOL_SIZE + ", was " + pool);
        }
        if (statementTimeout != null
                && (statementTimeout.isNegative()
                        || statementTimeout.toMillis() > JdbcSettings.MAX_STATEMENT_TIMEOUT_MS)) {
            throw new IllegalArgumentException("--statement-timeout must be between 0 and "
                    + JdbcSettings.MAX_STATEMENT_TIMEOUT_MS + " ms, was " + statementTimeout.toMillis() + " ms");
        }
        if ((pool == null && statementTimeout == null)
                || !(spec.name().equals("sqlite") || spec.name().equals("postgres"))) {
            return spec;
        }
        Map<String, String> options = new LinkedHashMap<>(spec.options());
        if (pool != null) {
            options.putIfAbsent(JdbcSettings.POOL_OPTION, Integer.toString(pool));
        }
        if (statementTimeout != null) {
            options.putIfAbsent(JdbcSettings.STATEMENT_TIMEOUT_OPTION, Long.toString(statementTimeout.toMillis()));
        }
        return new BackendSpec(spec.name(), options);
    }

    private Replay replay(Map<String, BackendSpec> specs) {
        if (replicaProcesses == null) {
            return new Replay(specs, properties);
        }
        return new Replay(
                Map.of("grpc", specs.values().iterator().next()),
                properties,
                " --replica-processes " + replicaProcesses);
    }

    /** Each backend's own store, then the zoo: the default of {@code --stores}. */
    private static List<String> defaultStores(List<String> backendNames) {
        List<String> all = new ArrayList<>(Suite.Plan.ownStores(backendNames));
        all.add("zoo");
        return all;
    }

    private int runAll(
            Suite.Plan plan,
            List<Scenario> scenarios,
            Map<String, Backend> open,
            Path dir,
            long runSeed,
            Replay replay) {
        ResultWriter writer = new ResultWriter(dir, replay::command, AllureVerdicts::write);
        long begin = System.nanoTime();
        List<Judgement> results = new ArrayList<>();
        String broke = null;
        try {
            Suite.run(
                    plan,
                    open,
                    new Suite.Listener() {
                        @Override
                        public void started(Scenario s, int index, int total) {
                            stderr.printf(
                                    Locale.ROOT,
                                    "[%2d/%d] %-16s %-22s %-8s ...",
                                    index,
                                    total,
                                    s.workload(),
                                    s.store(),
                                    s.backend());
                            stderr.flush();
                        }

                        @Override
                        public void finished(Judgement j, int index, int total) {
                            results.add(j);
                            writer.write(j);
                            stderr.printf(
                                    Locale.ROOT,
                                    " %-10s %-7s %5d ops %5d conflicts %5.1fs%s%n",
                                    j.status(),
                                    j.verdict().result(),
                                    j.run().workerOps(),
                                    j.run().conflicts(),
                                    j.run().elapsed().toMillis() / 1000.0,
                                    j.ok() ? "" : "   <- " + why(j));
                        }
                    },
                    cancelled::get);
        } catch (RuntimeException e) {
            broke = ScenarioRunner.oneLine(e);
            stderr.println();
            stderr.println("cas-harness: the job broke: " + broke);
        }
        boolean interrupted = cancelled.get();
        int code = Suite.exitCode(results, scenarios.size(), interrupted || broke != null);
        String table = VerdictTable.render(results) + "\n" + VerdictTable.byBackend(plan, results);
        writer.writeSummary(runSeed, plan.toString(), results, table, code, interrupted, broke);
        stdout.print(table);
        stdout.printf(
                Locale.ROOT,
                "%nseed %d; %d of %d runs in %.1fs; histories and verdicts in %s%n",
                runSeed,
                results.size(),
                scenarios.size(),
                (System.nanoTime() - begin) / 1e9,
                dir.toAbsolutePath());
        String launcher = plan.backends().stream()
                .filter(b -> !BackendOpener.isReference(b))
                .findFirst()
                .map(replay::launcher)
                .orElse(replay.launcher(plan.backends().get(0)));
        stdout.println("replay one run: " + launcher + " --workloads W --stores S --backends B --seed " + runSeed
                + " (exact command per run in its verdict.json \"replay\")");
        if (!results.isEmpty()) {
            Judgement example =
                    results.stream().filter(j -> !j.ok()).findFirst().orElse(results.get(0));
            stdout.println("  e.g. " + replay.command(example.run().scenario()));
        }
        stdout.println(gateLine(results, scenarios.size(), interrupted, broke, code));
        for (Judgement j : results) {
            if (!j.ok()) {
                stdout.println("  " + j.status() + " " + j.run().scenario() + ": " + why(j));
                stdout.println("    replay: " + replay.command(j.run().scenario()));
            }
        }
        stdout.flush();
        if (interrupted) {
            // everything is written: let the signal end the JVM now rather than after the backends' close
            finished.countDown();
        }
        return code;
    }

    /** The output folder, created and written to once so a folder that cannot take results fails now. */
    private Path outputFolder() {
        Path dir = out != null
                ? out
                : Path.of(
                        "target",
                        "cas-harness-results",
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot write results there ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return dir;
    }

    private static String gateLine(List<Judgement> results, int planned, boolean interrupted, String broke, int code) {
        Map<Judgement.Gate, Long> counts = new EnumMap<>(Judgement.Gate.class);
        results.forEach(j -> counts.merge(j.gate(), 1L, Long::sum));
        StringBuilder tally = new StringBuilder();
        counts.forEach((g, n) -> tally.append(tally.length() == 0 ? "" : ", ")
                .append(n)
                .append(' ')
                .append(g.word()));
        String ran = results.size() + " of " + planned + " runs (" + (tally.length() == 0 ? "none" : tally) + ")";
        if (code == PASSED) {
            return "GATE PASSED (exit 0): " + ran + ": every store under test PASS on every run with its evidence"
                    + " stated, every zoo member caught.";
        }
        String why = interrupted ? "; interrupted" : broke != null ? "; the job broke: " + broke : "";
        return "GATE FAILED (exit " + code + "): " + ran + why + ".";
    }

    private static void closeAll(Map<String, Backend> open) {
        for (Backend b : open.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                // the job's outcome is decided; a backend that fails to close does not change it
            }
        }
    }

    private static String why(Judgement j) {
        Verdict v = j.verdict();
        if (v.result() == Verdict.Result.ERROR) {
            return v.notes().isEmpty() ? "ERROR" : v.notes().get(0);
        }
        if (j.expected() == null) {
            if (!v.anomalies().isEmpty()) {
                Anomaly a = v.anomalies().get(0);
                return a.type().id() + " " + a.key() + ": " + a.explanation();
            }
            return v.result()
                    + v.notes().stream()
                            .filter(n -> n.startsWith("unknown:"))
                            .findFirst()
                            .map(n -> ": " + n)
                            .orElse(v.notes().isEmpty() ? "" : ": " + v.notes().get(0));
        }
        return "expected " + j.expected() + ", got " + v.result() + " " + VerdictTable.findings(j);
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
