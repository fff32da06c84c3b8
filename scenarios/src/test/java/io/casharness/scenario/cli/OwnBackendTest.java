package io.casharness.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.casharness.scenario.workload.Workloads;
import io.casharness.scenario.zoo.Zoo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on a store it does not ship: {@link TestModelProvider}, registered in the tests'
 * {@code META-INF/services} as a user's jar registers its provider, is named on {@code --backends} with its options;
 * every workload runs on its store, named for what it is, the application-level zoo members run over it as its
 * negative controls, and the replay command printed runs the same run again.
 */
class OwnBackendTest {
    /** The class path the job is told it was started with: what a user types after {@code java -cp}. */
    private static final String CLASS_PATH = "cas-harness.jar:test-model.jar";

    private static final String LAUNCHER = "java -cp " + CLASS_PATH + " io.casharness.scenario.cli.Main";

    @TempDir
    Path out;

    private ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        stdout = new ByteArrayOutputStream();
        stderr = new ByteArrayOutputStream();
        return Main.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                name -> null,
                name -> name.equals("java.class.path") ? CLASS_PATH : null);
    }

    private String text() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyWorkloadRunsOnTheUsersStoreAndTheZoosApplicationMistakesAreItsNegativeControls() throws Exception {
        int code = run("--backends", "test-model", "--ops", "600", "--seed", "21", "--out", out.toString());

        String text = text();
        assertThat(code).as(text + err()).isZero();
        int workloads = Workloads.names().size();
        int mistakes = Zoo.applicationMistakes().size();
        for (String w : Workloads.names()) {
            assertThat(text).containsPattern("pass +" + w + " +test-model +test-model +PASS");
            assertThat(out.resolve(w + ".test-model.test-model.seed21.history.jsonl"))
                    .isNotEmptyFile();
        }
        Zoo.applicationMistakes()
                .forEach(m -> assertThat(text)
                        .containsPattern("caught +" + m.workload() + " +" + m.name() + " +test-model +FAIL"));
        int controls = mistakes;
        assertThat(text)
                .doesNotContain(" reference ")
                .doesNotContainPattern("caught +register +sql-app-version-check")
                .containsPattern("test-model +test-model +" + workloads + " of " + workloads + " runs +" + controls
                        + " of " + controls + " +sql-app-version-check \\(postgres,sqlite\\),"
                        + " sqlite-deferred-rmw \\(sqlite\\), version-restart \\(postgres,sqlite\\)")
                .contains("GATE PASSED (exit 0): " + (workloads + controls) + " of " + (workloads + controls)
                        + " runs (" + workloads + " pass, " + controls + " caught)")
                .contains("replay one run: " + LAUNCHER + " --workloads W --stores S --backends B --seed 21");
        assertThat(err())
                .contains("backend test-model (the memory model under another name): its own store runs as"
                        + " \"test-model\", with the zoo's " + controls + " application-level members over it");
        JsonNode verdict = new ObjectMapper()
                .readTree(out.resolve("append.test-model.test-model.seed21.verdict.json")
                        .toFile());
        assertThat(verdict.get("store").asText()).isEqualTo("test-model");
        assertThat(verdict.get("backend").asText()).isEqualTo("test-model");
        assertThat(verdict.get("replay").asText())
                .isEqualTo(LAUNCHER + " --workloads append --stores test-model --backends test-model --seed 21"
                        + " --ops 600 --duration 5000ms --replicas 4 --threads 2 --keys 8 --skew zipfian:1.1");
        assertThat(Files.readString(out.resolve("verdicts.txt"))).contains("negative controls caught");
    }

    @Test
    void aBugInTheUsersStoreFailsTheGateAndItsPrintedReplayCommandFindsItAgain() throws Exception {
        int code = run(
                "--backends",
                "test-model:bug=lost-update",
                "--workloads",
                "append",
                "--ops",
                "600",
                "--seed",
                "5",
                "--out",
                out.toString());

        String text = text();
        assertThat(code).as(text + err()).isEqualTo(1);
        assertThat(text)
                .containsPattern("BUG +append +test-model +test-model +FAIL .*lost-update=")
                .containsPattern("caught +append +blind-write +test-model +FAIL");
        String replay = text.lines()
                .filter(l -> l.startsWith("    replay: "))
                .findFirst()
                .orElseThrow()
                .substring("    replay: ".length());
        assertThat(replay)
                .startsWith(LAUNCHER + " --workloads append --stores test-model --backends test-model:bug=lost-update"
                        + " --seed 5 ");

        List<String> words = words(replay);
        assertThat(words.subList(0, 4)).containsExactly("java", "-cp", CLASS_PATH, "io.casharness.scenario.cli.Main");
        List<String> args = new ArrayList<>(words.subList(4, words.size()));
        Path again = out.resolve("again");
        args.addAll(List.of("--out", again.toString()));
        int replayed = run(args.toArray(new String[0]));

        assertThat(replayed).as(text() + err()).isEqualTo(1);
        assertThat(text()).containsPattern("BUG +append +test-model +test-model +FAIL .*lost-update=");
        JsonNode first = verdict(out.resolve("append.test-model.test-model.seed5.verdict.json"));
        JsonNode second = verdict(again.resolve("append.test-model.test-model.seed5.verdict.json"));
        assertThat(second.get("result").asText())
                .isEqualTo(first.get("result").asText())
                .isEqualTo("FAIL");
        assertThat(second.get("status").asText())
                .isEqualTo(first.get("status").asText())
                .isEqualTo("BUG");
        assertThat(second.get("anomalyCounts").has("lost-update")).isTrue();
        assertThat(second.get("replay").asText()).isEqualTo(replay);
    }

    @Test
    void severalBackendsWithOptionsAreSplitWhereANewBackendStarts() throws Exception {
        int code = run(
                "--backends",
                "memory,test-model:bug=none,sqlite",
                "--workloads",
                "register",
                "--stores",
                "reference,test-model",
                "--ops",
                "300",
                "--seed",
                "8",
                "--out",
                out.toString());

        String text = text();
        assertThat(code).as(text + err()).isZero();
        assertThat(text)
                .containsPattern("pass +register +reference +memory +PASS")
                .containsPattern("pass +register +test-model +test-model +PASS")
                .containsPattern("pass +register +reference +sqlite +PASS");
        assertThat(verdict(out.resolve("register.test-model.test-model.seed8.verdict.json"))
                        .get("replay")
                        .asText())
                .startsWith(
                        LAUNCHER + " --workloads register --stores test-model --backends test-model:bug=none --seed 8");
        // a run on a backend this project ships needs no plug-in on the class path: java -jar replays it
        assertThat(verdict(out.resolve("register.reference.memory.seed8.verdict.json"))
                        .get("replay")
                        .asText())
                .startsWith("java -jar scenarios/target/cas-harness.jar --workloads register --stores reference"
                        + " --backends memory --seed 8");
    }

    @Test
    void anUnknownBackendIsOneLineListingTheProvidersOnTheClassPath() {
        assertThat(run("--backends", "nope", "--out", out.toString())).isEqualTo(2);
        assertThat(err().lines()).hasSize(1);
        assertThat(err())
                .contains("unknown backend \"nope\": available are memory, sqlite, postgres, grpc, http, test-model");
        assertThat(text()).isEmpty();
    }

    @Test
    void anOptionTheProviderDoesNotTakeIsOneLineNamingIt() {
        assertThat(run("--backends", "test-model:colour=red", "--out", out.toString()))
                .isEqualTo(2);
        assertThat(err().lines()).hasSize(1);
        assertThat(err())
                .contains("--backends test-model:colour=red: backend test-model does not accept option"
                        + " \"colour\": accepted are bug");
        assertThat(run("--backends", "test-model:bug", "--out", out.toString())).isEqualTo(2);
        assertThat(err()).contains("--backends test-model: an option must be key=value, was \"bug\"");
        assertThat(run("--backends", "memory:file=/tmp/x", "--out", out.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("backend memory does not accept option \"file\": accepted are none");
    }

    @Test
    void aValueTheProviderRefusesIsAUsageErrorNamingIt() {
        assertThat(run("--backends", "test-model:bug=maybe", "--out", out.toString()))
                .isEqualTo(2);
        assertThat(err())
                .contains("cas-harness: --backends test-model:bug=maybe: backend test-model: option bug must be none"
                        + " or lost-update, was \"maybe\"")
                .doesNotContain("\tat ");
        assertThat(text()).isEmpty();
    }

    @Test
    void theReferenceStoreIsNotAUsersStore() {
        assertThat(run("--backends", "test-model", "--stores", "reference", "--out", out.toString()))
                .isEqualTo(2);
        assertThat(err())
                .contains("--stores reference: the reference store is the store of memory, sqlite, postgres, none of"
                        + " --backends test-model; a backend's own store is called by the backend's name:"
                        + " test-model");
        assertThat(run("--backends", "memory", "--stores", "test-model", "--out", out.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("unknown store \"test-model\": known are reference");
    }

    @Test
    void helpListsTheProvidersOnTheClassPathWithTheirOptions() {
        assertThat(run("--help")).isZero();
        assertThat(text())
                .contains("Backends on this class path")
                .containsPattern("test-model +the memory model under another name")
                .containsPattern("bug= +none \\(default\\) or lost-update")
                .containsPattern("sqlite +SQLite file")
                .contains("java -cp cas-harness.jar:my-store.jar io.casharness.scenario.cli.Main");
    }

    @Test
    void backendSpecsReadAndWriteTheSameText() {
        BackendSpec spec = BackendSpec.parse("redis:url=redis://127.0.0.1:6379,db=2");
        assertThat(spec.name()).isEqualTo("redis");
        assertThat(spec.options()).containsExactly(Map.entry("url", "redis://127.0.0.1:6379"), Map.entry("db", "2"));
        assertThat(spec.text()).isEqualTo("redis:url=redis://127.0.0.1:6379,db=2");
        assertThat("memory,redis:url=redis://127.0.0.1:6379,db=2,sqlite:file=/tmp/a.db".split(BackendSpec.SPLIT))
                .containsExactly("memory", "redis:url=redis://127.0.0.1:6379,db=2", "sqlite:file=/tmp/a.db");
        assertThat(Replay.quote("postgres:url=jdbc:postgresql://h/db?user=u&x=1"))
                .isEqualTo("'postgres:url=jdbc:postgresql://h/db?user=u&x=1'");
        assertThat(words("a 'b c' d")).containsExactly("a", "b c", "d");
    }

    private static JsonNode verdict(Path file) throws java.io.IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The words of a command as a POSIX shell splits it: plain words and single-quoted ones. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
