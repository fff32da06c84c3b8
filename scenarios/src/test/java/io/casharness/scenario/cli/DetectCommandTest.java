package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cas-harness detect}: time-to-detect per zoo member, its table, its JSON and its exit codes. */
class DetectCommandTest {
    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int detect(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "detect";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(
                all,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                name -> null,
                name -> null);
    }

    @Test
    void aMemberCaughtOnEverySeedPassesWithItsBudgetAndWallTimePerSeedInTheTableAndTheJson() throws Exception {
        int code =
                detect("--backends", "memory", "--members", "blind-write", "--seeds", "1,2", "--out", out.toString());

        String table = stdout.toString(StandardCharsets.UTF_8);
        assertThat(code).as(table + stderr).isZero();
        assertThat(table).containsPattern("blind-write +memory +2/2 +\\d+,\\d+ +\\d+,\\d+");
        assertThat(table).contains("2 of 2 member x backend x seed runs caught within the default budget");
        String json = Files.readString(out.resolve("detect.json"));
        assertThat(json).contains("\"member\" : \"blind-write\"").contains("\"seed\" : 2");
    }

    @Test
    void aMemberNotCaughtOnSomeSeedFailsTheCommandAndABrokenRunIsExitThree() {
        var caught = new DetectCommand.Detection("m", "memory", 1, 50, 12, "FAIL");
        var missed = new DetectCommand.Detection("m", "memory", 2, 0, 0, "PASS");
        var broken = new DetectCommand.Detection("m", "memory", 3, 0, 0, "ERROR");

        assertThat(DetectCommand.exitCode(List.of(caught))).isEqualTo(0);
        assertThat(DetectCommand.exitCode(List.of(caught, missed, broken))).isEqualTo(1);
        assertThat(DetectCommand.exitCode(List.of(caught, broken))).isEqualTo(3);
        assertThat(DetectCommand.table(List.of(caught, missed)))
                .containsPattern("m +memory +1/2 +50,- +12,-")
                .contains("1 of 2 member x backend x seed runs caught");
    }

    @Test
    void anUnknownMemberIsAUsageErrorNamingTheKnownOnes() {
        assertThat(detect("--backends", "memory", "--members", "no-such-member"))
                .isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .startsWith("cas-harness detect: unknown zoo member \"no-such-member\"; known: [blind-write");
    }
}
