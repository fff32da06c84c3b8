package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.grpc.GrpcBackend;
import io.casharness.grpc.LocalGateways;
import io.casharness.grpc.http.HttpGateway;
import io.casharness.store.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}, {@code --target} and {@code --replica-processes} from the command line: the ready line, a graceful
 * stop that exits 0, the exit codes of bad options and a backend that will not open, a job against gateways whose
 * verdicts name them, and no {@code serve} process left behind when the job ends, is stopped, or is killed outright.
 */
class ProcessesCliTest {
    private static final Pattern READY = Pattern.compile(
            "serving grpc://127\\.0\\.0\\.1:(\\d+) replica=r1" + " backend=sqlite mode=reference pid=(\\d+)");

    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static List<String> java(String... args) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        line.addAll(List.of(args));
        return line;
    }

    /** The {@code serve} processes among the descendants of {@code root}. */
    private static List<ProcessHandle> serveProcesses(ProcessHandle root) {
        return root.descendants()
                .filter(h -> commandLine(h).contains(" serve "))
                .toList();
    }

    @Test
    void serveBadOptionsExitTwoNamingTheValueAndABackendThatWillNotOpenExitsThree() {
        assertThat(run("serve", "--port", "70000")).as(err()).isEqualTo(2);
        assertThat(err())
                .contains("--port must be between 0 and 65535, was 70000")
                .doesNotContain("\tat ");
        stderr.reset();
        assertThat(run("serve", "--mode", "bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown gateway mode \"bogus\"");
        stderr.reset();
        assertThat(run("serve", "--backend", "sqlite:pool=0")).as(err()).isEqualTo(2);
        stderr.reset();
        assertThat(run("serve", "--backend", "sqlite:file=/proc/no-such-dir/cas.db"))
                .as(err())
                .isEqualTo(3);
        assertThat(err()).contains("would not open");
        stderr.reset();
        assertThat(run("serve", "--help")).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("--allow-reset")
                .contains("--replica-name")
                .contains("--stop-on-stdin-eof")
                .contains("serving grpc://HOST:PORT");
    }

    @Test
    void serveSaysWhereItListensAnswersAndExitsZeroOnSigterm() throws Exception {
        Process serve = new ProcessBuilder(java(
                        "serve",
                        "--backend",
                        "sqlite:file=" + out.resolve("cas.db"),
                        "--replica-name",
                        "r1",
                        "--allow-reset"))
                .redirectError(out.resolve("serve.err").toFile())
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher m = READY.matcher(String.valueOf(line));
            assertThat(m.matches()).as(line).isTrue();
            assertThat(Long.parseLong(m.group(2))).isEqualTo(serve.pid());
            try (GrpcBackend client = GrpcBackend.connect(List.of("grpc://127.0.0.1:" + m.group(1)))) {
                assertThat(client.servedBackend()).isEqualTo("sqlite");
                client.reset();
            }
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue())
                    .as(Files.readString(out.resolve("serve.err")))
                    .isZero();
            assertThat(Files.readString(out.resolve("serve.err"))).contains("r1 stopped");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void theJobRunsAgainstATargetAndItsVerdictsNameTheGatewaysAndTheServedBackend() throws Exception {
        try (LocalGateways gateways = LocalGateways.start(new MemoryBackend(), 2)) {
            jobAgainst(gateways.servers().stream().map(s -> s.target()).toList(), "grpc");
        }
    }

    @Test
    void theJobRunsAgainstAnHttpTargetThroughTheJsonBinding() throws Exception {
        try (MemoryBackend memory = new MemoryBackend();
                HttpGateway a = HttpGateway.builder(memory).allowReset(true).start();
                HttpGateway b = HttpGateway.builder(memory).allowReset(true).start()) {
            jobAgainst(List.of(a.target(), b.target()), "http");
        }
    }

    /**
     * The job against two gateways over the model, on wire {@code backend} ({@code grpc} or {@code http}): its own
     * store passes, {@code cached-reads} over it is caught, and the verdict and the history name the gateways and
     * the served backend.
     */
    private void jobAgainst(List<String> endpoints, String backend) throws IOException {
        int code = run(
                "--target",
                String.join(",", endpoints),
                "--workloads",
                "register",
                "--stores",
                backend + ",cached-reads",
                "--ops",
                "400",
                "--seed",
                "3",
                "--out",
                out.toString());
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err()).isZero();
        assertThat(text)
                .containsPattern("pass +register +" + backend + " +" + backend + " +PASS")
                .containsPattern("caught +register +cached-reads +" + backend + " +FAIL");
        String run = "register." + backend + "." + backend + ".seed3";
        assertThat(Files.readString(out.resolve(run + ".verdict.json")))
                .contains(endpoints.get(0))
                .contains("serving memory");
        String history = Files.readString(out.resolve(run + ".history.jsonl"))
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(history).contains(backend + ": 2 gateways").contains("serving memory");
    }

    @Test
    void targetAndReplicaProcessesAreCheckedAtTheDoor() {
        assertThat(run("--target", "grpc://127.0.0.1:1", "--backends", "sqlite"))
                .isEqualTo(2);
        assertThat(err()).contains("--target names the backend").contains("--backends");
        stderr.reset();
        assertThat(run("--target", "grpc://x")).isEqualTo(2);
        assertThat(err()).contains("grpc://host:port, was \"grpc://x\"");
        stderr.reset();
        assertThat(run("--target", "http://x")).isEqualTo(2);
        assertThat(err()).contains("must be http://host:port, was \"http://x\"");
        stderr.reset();
        assertThat(run("--target", "http://127.0.0.1:1,grpc://127.0.0.1:2")).isEqualTo(2);
        assertThat(err()).contains("was \"grpc://127.0.0.1:2\"");
        stderr.reset();
        assertThat(run("--backends", "sqlite", "--replica-processes", "17")).isEqualTo(2);
        assertThat(err()).contains("--replica-processes must be between 1 and 16, was 17");
        stderr.reset();
        assertThat(run("--backends", "memory", "--replica-processes", "2")).isEqualTo(2);
        assertThat(err()).contains("not --backends memory");
        stderr.reset();
        assertThat(run("--backends", "sqlite,postgres", "--replica-processes", "2"))
                .isEqualTo(2);
        assertThat(err()).contains("name one with --backends");
    }

    @Test
    void aJobOverReplicaProcessesSurvivesCrashesAndLeavesNoProcess() throws Exception {
        int code = run(
                "--backends",
                "sqlite",
                "--replica-processes",
                "2",
                "--workloads",
                "register",
                "--stores",
                "grpc",
                "--faults",
                "crash",
                "--fault-interval",
                "1s",
                "--duration",
                "4s",
                "--ops",
                "100000",
                "--seed",
                "5",
                "--out",
                out.toString());
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err()).isZero();
        assertThat(err())
                .contains("2 replica processes (serve, mode reference, pids")
                .contains("fault crash on grpc: injected");
        String verdict = Files.readString(out.resolve("register.grpc.grpc.seed5.verdict.json"));
        assertThat(verdict).containsPattern("killed replica-\\d \\(pid \\d+, SIGKILL\\)");
        assertThat(text).contains("--backends sqlite").contains("--replica-processes 2");
        assertThat(out.resolve("processes").resolve("replica-1.stderr.log")).isNotEmptyFile();
        assertThat(serveProcesses(ProcessHandle.current())).isEmpty();
    }

    @Test
    void theGatewayZooMembersRunInTheReplicaProcessesAndAreCaughtThere() throws Exception {
        int code = run(
                "--backends",
                "sqlite",
                "--replica-processes",
                "2",
                "--workloads",
                "append",
                "--stores",
                "gateway-stale-retry,gateway-conflict-ok",
                "--duration",
                "3s",
                "--ops",
                "100000",
                "--seed",
                "2",
                "--out",
                out.toString());
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err()).isZero();
        assertThat(text)
                .containsPattern("caught +append +gateway-stale-retry +grpc +FAIL")
                .containsPattern("caught +append +gateway-conflict-ok +grpc +FAIL");
        String log = Files.readString(out.resolve("processes").resolve("replica-2.stderr.log"));
        assertThat(log)
                .as("the mistaken handlers ran in the children")
                .contains("(mode gateway-stale-retry, reset allowed)")
                .contains("(mode gateway-conflict-ok, reset allowed)");
        assertThat(Files.readString(out.resolve("append.gateway-stale-retry.grpc.seed2.verdict.json")))
                .contains("(serve, mode gateway-stale-retry");
        assertThat(serveProcesses(ProcessHandle.current())).isEmpty();
    }

    @Test
    void faultsOnTheDatabaseReachTheReplicaProcessesConnections() throws Exception {
        int code = run(
                "--backends",
                "postgres",
                "--replica-processes",
                "2",
                "--workloads",
                "register",
                "--stores",
                "grpc",
                "--faults",
                "kill,ack-loss",
                "--fault-rate",
                "0.5",
                "--fault-interval",
                "400ms",
                "--duration",
                "4s",
                "--ops",
                "100000",
                "--seed",
                "4",
                "--out",
                out.toString());
        String text = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err()).isZero();
        assertThat(err()).contains("fault kill on grpc: injected").contains("fault ack-loss on grpc: injected");
        String verdict = Files.readString(out.resolve("register.grpc.grpc.seed4.verdict.json"));
        // the parent holds no store connection of its own: what kill terminated were the children's
        assertThat(verdict).containsPattern("terminated [1-9]\\d* of [1-9]\\d* connections");
        assertThat(verdict)
                .as("the children's connections go through the proxy, and it lost their acknowledgements")
                .contains("through the fault proxy")
                .containsPattern("lost the acknowledgement of [1-9]\\d* of [1-9]\\d* write requests");
        assertThat(serveProcesses(ProcessHandle.current())).isEmpty();
    }

    @Test
    void aParentKilledOutrightOrSignalledTakesItsReplicaProcessesWithIt() throws Exception {
        for (boolean kill : List.of(true, false)) {
            Path dir = out.resolve(kill ? "killed" : "signalled");
            Files.createDirectories(dir);
            Process job = new ProcessBuilder(java(
                            "--backends",
                            "sqlite",
                            "--replica-processes",
                            "2",
                            "--workloads",
                            "append",
                            "--stores",
                            "grpc",
                            "--ops",
                            "100000000",
                            "--duration",
                            "120s",
                            "--out",
                            dir.toString()))
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
            try {
                List<ProcessHandle> children = awaitRunStarted(job, dir.resolve("stderr.txt"));
                assertThat(children).hasSize(2);
                if (kill) {
                    job.destroyForcibly(); // SIGKILL: no hook runs; the children see their stdin close
                } else {
                    job.destroy(); // SIGTERM: the shutdown hook stops them
                }
                assertThat(job.waitFor(60, TimeUnit.SECONDS)).isTrue();
                for (ProcessHandle child : children) {
                    assertThat(child.onExit().get(60, TimeUnit.SECONDS).isAlive())
                            .as("serve pid %d after its parent was %s", child.pid(), kill ? "killed" : "signalled")
                            .isFalse();
                }
            } finally {
                job.destroyForcibly();
            }
        }
    }

    /** Waits (bounded) until the job's first run started, and returns its serve children. */
    private static List<ProcessHandle> awaitRunStarted(Process job, Path stderr) {
        Awaitility.await("the job's first run starts")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(job.isAlive()).as("the job is running").isTrue();
                    return Files.exists(stderr) && Files.readString(stderr).contains("[ 1/1] append");
                });
        return serveProcesses(job.toHandle());
    }

    /**
     * The process's command line, from {@code /proc} (where {@link ProcessHandle.Info#commandLine()} may be empty,
     * as it is in some containers); empty for a process that is gone.
     */
    static String commandLine(ProcessHandle h) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
