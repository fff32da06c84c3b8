package io.casharness.reports.jcstress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.reports.jcstress.JcstressTestResult.Expect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The gate on result pages captured from a real short-mode run of stress/run.sh (jcstress 0.16, 2 cores), kept under
 * src/test/resources/jcstress/results: a real test that passed, its negative control (caught), and the history
 * recorder test. Failure cases are made from the same real pages: judged under the other role, or with a status
 * label changed, so each gate rule is shown able to fail.
 */
class JcstressGateTest {
    private static final String REAL = "io.casharness.stress.store.MemoryCasStoreMatchVersionTest";
    private static final String NEGATIVE = "io.casharness.stress.negative.RacyStoreMatchVersionTest";
    private static final String HISTORY = "io.casharness.stress.history.HistoryRecorderConcurrentProcessesTest";
    private static final List<String> PREFIXES = List.of(JcstressGate.DEFAULT_NEGATIVE_PREFIX);

    private static Path results() throws URISyntaxException {
        return Path.of(JcstressGateTest.class
                        .getResource("/jcstress/results/index.html")
                        .toURI())
                .getParent();
    }

    private static JcstressTestResult page(String test) throws URISyntaxException {
        return JcstressHtmlParser.parseFile(results().resolve(test + ".html"));
    }

    @Test
    void realPageIsReadWithItsOutcomesGradingsAndSummedSamples() throws Exception {
        JcstressTestResult r = page(REAL);

        assertThat(r.name()).isEqualTo(REAL);
        assertThat(r.description()).contains("exactly one applies");
        assertThat(r.runLabels()).containsExactly("OK", "OK");
        assertThat(r.outcomes()).extracting(JcstressTestResult.Outcome::id).containsExactly("0, 1, 2", "1, 0, 1");
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.expect()).isEqualTo(Expect.ACCEPTABLE));
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.samples()).isPositive());
        assertThat(r.totalSamples())
                .isEqualTo(r.outcomes().stream()
                        .mapToLong(JcstressTestResult.Outcome::samples)
                        .sum());
        assertThat(r.forbiddenSamples()).isZero();
        assertThat(r.histogramCsv()).startsWith("outcome,expect,samples,description\n\"0, 1, 2\",ACCEPTABLE,");
    }

    @Test
    void negativePageShowsItsForbiddenOutcome() throws Exception {
        JcstressTestResult r = page(NEGATIVE);

        assertThat(r.runLabels()).contains("FAILED");
        assertThat(r.outcomes())
                .filteredOn(o -> o.expect() == Expect.FORBIDDEN)
                .extracting(JcstressTestResult.Outcome::id)
                .contains("1, 1, 0");
        assertThat(r.forbiddenSamples()).isPositive();
    }

    @Test
    void realTestWithoutForbiddenOutcomePasses() throws Exception {
        assertThat(Verdict.of(page(REAL), false).kind()).isEqualTo(Verdict.Kind.PASSED);
        assertThat(Verdict.of(page(HISTORY), false).kind()).isEqualTo(Verdict.Kind.PASSED);
    }

    @Test
    void realTestShowingAForbiddenOutcomeFails() throws Exception {
        // the broken store's page judged as if it were a real test
        Verdict v = Verdict.of(page(NEGATIVE), false);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.FORBIDDEN_OBSERVED);
        assertThat(v.message()).contains("FORBIDDEN outcome observed");
        assertThat(v.details()).contains("1, 1, 0").contains("a lost update");
    }

    @Test
    void negativeControlShowingItsForbiddenOutcomeIsCaught() throws Exception {
        Verdict v = Verdict.of(page(NEGATIVE), true);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.PASSED);
        assertThat(v.message()).startsWith("negative control caught");
    }

    @Test
    void negativeControlWithoutForbiddenOutcomeFails() throws Exception {
        // the correct store's page judged as if it were a negative control: nothing was caught
        Verdict v = Verdict.of(page(REAL), true);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.NOT_CAUGHT);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void aConfigurationThatErroredMakesTheTestAnError() throws Exception {
        String html = Files.readString(results().resolve(REAL + ".html"));
        String errored = html.replaceFirst("bgColor='green '>OK</td>", "bgColor='red '>ERROR</td>");
        assertThat(errored).isNotEqualTo(html);

        Verdict v = Verdict.of(JcstressHtmlParser.parse(errored, "errored"), false);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.ERROR);
        assertThat(v.message()).contains("ERROR");
    }

    @Test
    void aPageWithoutTheResultsTableIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> JcstressHtmlParser.parse("<html><h1>x.YTest</h1></html>", "broken.html"))
                .isInstanceOf(JcstressFormatException.class)
                .hasMessageContaining("broken.html")
                .hasMessageContaining("Results table");
    }

    @Test
    void expectedTestWithoutAResultIsMissing() throws Exception {
        List<Verdict> verdicts =
                JcstressGate.judge(List.of(page(REAL)), List.of(REAL, "io.casharness.stress.store.GoneTest"), PREFIXES);

        assertThat(verdicts)
                .extracting(Verdict::simpleName, Verdict::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GoneTest", Verdict.Kind.MISSING),
                        org.assertj.core.groups.Tuple.tuple("MemoryCasStoreMatchVersionTest", Verdict.Kind.PASSED));
    }

    @Test
    void gateOnTheCapturedRunPassesAndWritesJunitAndAllure(@TempDir Path tmp) throws Exception {
        Path junit = tmp.resolve("junit/TEST-jcstress.xml");
        Path allure = tmp.resolve("allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = JcstressGate.run(
                new String[] {
                    "--results", results().toString(), "--junit", junit.toString(), "--allure", allure.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("jcstress: 3 passed, 0 failed");
        Element suite = parse(junit).getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        List<Path> resultFiles = list(allure, "-result.json");
        assertThat(resultFiles).hasSize(3);
        assertThat(list(allure, "-attachment.csv")).hasSize(3);
        String negative = resultFiles.stream()
                .map(JcstressGateTest::read)
                .filter(s -> s.contains(NEGATIVE))
                .findFirst()
                .orElseThrow();
        assertThat(negative)
                .contains("\"status\": \"passed\"")
                .contains("negative-control")
                .contains("text/csv");
    }

    @Test
    void gateFailsOnAMissingTestAndRecordsItAsAnError(@TempDir Path tmp) throws Exception {
        Path expected = tmp.resolve("tests.txt");
        Files.writeString(
                expected, REAL + "\n" + NEGATIVE + "\n" + HISTORY + "\nio.casharness.stress.store.GoneTest\n");
        Path junit = tmp.resolve("TEST-jcstress.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = JcstressGate.run(
                new String[] {
                    "--results",
                    results().toString(),
                    "--junit",
                    junit.toString(),
                    "--expect-tests",
                    expected.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL real      GoneTest");
        assertThat(parse(junit).getDocumentElement().getAttribute("errors")).isEqualTo("1");
    }

    @Test
    void gateRejectsUnknownArgumentsWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = JcstressGate.run(
                new String[] {"--results", "x", "--bogus", "y"},
                System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'");
    }

    private static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jcstressOwnIndexIsLabelledWithTheGateAndCaughtControlsReadCaught(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("results");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(results())) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("index"))
                    .toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        // the other tests run the gate on the fixture copied to test-classes, which labels it: start from the source
        Files.copy(Path.of("src/test/resources/jcstress/results/index.html"), dir.resolve("index.html"));
        String jcstress = Files.readString(dir.resolve("index.html"));
        assertThat(jcstress)
                .as("the fixture is jcstress's page: the control FAILED, 50 %")
                .contains("<p class=\"endResult failed\">\n50%");

        for (int run = 0; run < 2; run++) {
            int status = JcstressGate.run(
                    new String[] {"--results", dir.toString()},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    System.err);
            assertThat(status).isZero();
        }

        String labelled = Files.readString(dir.resolve("index.html"));
        assertThat(labelled)
                .contains("cas-harness gate: 3 of 3 tests passed; negative controls caught: 1 of 1.")
                .contains("<p class=\"endResult passed\">gate: 3/3</p>")
                .doesNotContain("endResult failed")
                .doesNotContain("failedProgress\">")
                .contains("<tr><td width=\"100%\" class=\"passedProgress\">")
                .contains("<b>Gate pass rate:</b> 3/3 (jcstress's: 8/16)")
                .containsPattern("RacyStoreMatchVersionTest</a></td>\\s*<td>10<sup>5</sup></td><td class=\"passed\""
                        + " title=\"[^\"]*\">CAUGHT</td>")
                // a negative control the gate did not judge (its page is not in this directory) stays as it was
                .containsPattern("RacyStoreMustCreateTest</a></td>\\s*<td>10<sup>5</sup></td><td class=\"failed\">");
        // labelled once, even after two runs; jcstress's page kept as it was
        assertThat(labelled.split("cas-harness gate:", -1)).hasSize(2);
        assertThat(Files.readString(dir.resolve("index-jcstress.html"))).isEqualTo(jcstress);
    }
}
