package io.casharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.grpc.call.CallMain;
import io.casharness.grpc.call.CallTool;
import io.casharness.store.memory.MemoryBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cas-call}'s command line: what it prints and which exit status, for each kind of answer and mistake. */
class CallMainTest {
    private static MemoryBackend backend;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        backend = new MemoryBackend();
        server = GatewayServer.builder(backend).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    /** Exit status, standard output, standard error. */
    record Run(int exit, String out, String err) {}

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CallMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSuccessfulCallPrintsTheReplyAsJsonAndExitsZero() {
        Run r = run("", server.target(), "casharness.v1.ObjectStore/Describe");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"backend\": \"memory\"").contains("\"mode\": \"reference\"");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theRequestMayComeFromStandardInputAndCamelCaseNamesAreAccepted() {
        Run r = run(
                "{\"object\": {\"key\": {\"kind\": \"sandbox\", \"id\": \"stdin-1\"}}}",
                server.target(),
                "Create",
                "-");
        Run again = run(
                "",
                server.target(),
                "Update",
                "{\"object\": {\"key\": {\"kind\": \"sandbox\", \"id\":" + " \"stdin-1\"}}, \"expectedVersion\": 99}");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"id\": \"stdin-1\"");
        assertThat(again.exit()).isEqualTo(CallMain.STATUS);
        assertThat(again.out()).contains("Code: ABORTED").contains("cas-expected-version: 99");
    }

    @Test
    void usageErrorsAreOneLineNamingTheValueAndTheBoundWithExitTwo() {
        Run[] runs = {
            run("", server.target()),
            run("", server.target(), "Frobnicate"),
            run("", server.target(), "Get", "{\"key\": "),
            run("", server.target(), "Get", "{\"no_such_field\": 1}"),
            run("", "--deadline-ms", "0", server.target(), "Describe"),
            run("", "--connect-timeout-ms", "x", server.target(), "Describe"),
            run("", "--verbose", server.target(), "Describe"),
            run("", "grpc://127.0.0.1:99999", "Describe"),
        };
        String[] named = {
            "expected an endpoint, a method",
            "unknown method \"Frobnicate\": known are [casharness.v1.ObjectStore/Create",
            "not a casharness.v1.GetRequest in JSON",
            "not a casharness.v1.GetRequest in JSON",
            "--deadline-ms must be between 1 and 600000, was 0",
            "--connect-timeout-ms must be a whole number of milliseconds from 1 to 600000, was \"x\"",
            "unknown option --verbose",
            "port must be between 1 and 65535, was 99999",
        };
        for (int i = 0; i < runs.length; i++) {
            assertThat(runs[i].exit()).as(named[i]).isEqualTo(CallMain.USAGE);
            assertThat(runs[i].err()).as(named[i]).contains(named[i]).containsOnlyOnce("\n");
            assertThat(runs[i].out()).isEmpty();
        }
    }

    @Test
    void anEndpointThatNeverAnswersIsExitThreeWithinTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();
            Run r = run("", "--connect-timeout-ms", "1000", "grpc://127.0.0.1:" + silent.getLocalPort(), "Describe");

            assertThat(r.exit()).isEqualTo(CallMain.NO_CONNECTION);
            assertThat(r.err())
                    .contains("cannot connect to grpc://127.0.0.1:" + silent.getLocalPort())
                    .contains("within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void theMethodsAreTheProtosUnaryMethodsAndTheHealthCheck() {
        assertThat(CallTool.methods())
                .startsWith("casharness.v1.ObjectStore/Create", "casharness.v1.ObjectStore/Update")
                .contains("casharness.v1.ObjectStore/Reset", "grpc.health.v1.Health/Check")
                .doesNotContain("grpc.health.v1.Health/Watch");
        assertThat(CallTool.method("Health/Check").getFullName()).isEqualTo("grpc.health.v1.Health.Check");
        assertThat(CallTool.method("ObjectStore/GetByName").getName()).isEqualTo("GetByName");
    }
}
