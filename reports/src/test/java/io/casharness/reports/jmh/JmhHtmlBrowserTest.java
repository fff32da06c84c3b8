package io.casharness.reports.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the benchmark report in headless Chromium, as a person would open it from disk, and fails if a script
 * errors or a chart drew nothing. Skipped, saying so, where no {@code chromium} is installed; CI installs it.
 *
 * <p>What it reads: the charts' script marks {@code <body>} with {@code data-charts-ok}, {@code data-charts-empty}
 * and {@code data-script-errors} (every uncaught error, through a window error listener); independently of that
 * bookkeeping, each chart's SVG must hold drawn shapes. Two negative controls show the test can fail: a page with
 * a failing script, and a page whose goodput figures are gone.
 */
class JmhHtmlBrowserTest {
    private static final Pattern CHART =
            Pattern.compile("<div id=\"([a-z-]+)\" class=\"chart\"[^>]*>(.*?)</svg>", Pattern.DOTALL);

    private static Chromium chromium;

    @BeforeAll
    static void browser() {
        Optional<Chromium> found = Chromium.find();
        assumeTrue(
                found.isPresent(),
                "chromium is not installed: the report's charts were NOT checked in a browser"
                        + " (apt-get install chromium; CI installs it)");
        chromium = found.get();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(JmhHtmlBrowserTest.class.getResource("/jmh/" + name).toURI());
    }

    private static Path render(Path dir, String run, boolean withBaseline) throws Exception {
        List<JmhResult> cells = JmhJson.read(resource(run));
        Optional<List<JmhResult>> baseline = withBaseline ? Optional.of(JmhJson.read(resource(run))) : Optional.empty();
        BenchReport report = BenchReport.of(
                cells, baseline, RatioGate.parseRules(Files.readAllLines(Path.of("..", "bench", "gates.txt"))), 0.2);
        Path html = dir.resolve(run.replace(".json", ".html"));
        report.writeHtml(html, run, withBaseline ? run : "");
        return html;
    }

    /** Chart id to the number of SVG shapes drawn in it. */
    private static Map<String, Integer> shapes(String dom) {
        Map<String, Integer> m = new TreeMap<>();
        Matcher c = CHART.matcher(dom);
        while (c.find()) {
            Matcher s = Pattern.compile("<(path|rect|circle|line|polyline)\\b").matcher(c.group(2));
            int n = 0;
            while (s.find()) {
                n++;
            }
            m.put(c.group(1), n);
        }
        return m;
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    private static int chartDivs(Path html) throws Exception {
        Matcher m = Pattern.compile("class=chart>").matcher(Files.readString(html));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theSmokeReportDrawsEveryChartWithoutAScriptError(@TempDir Path dir) throws Exception {
        Path html = render(dir, "smoke.json", true);

        String dom = chromium.dumpDom(html, dir);

        int expected = chartDivs(html);
        assertThat(expected).as("charts on the page: 3 per backend").isEqualTo(6);
        assertThat(attribute(dom, "data-script-errors")).as("script errors").isNull();
        assertThat(attribute(dom, "data-charts-empty"))
                .as("charts without data")
                .isEmpty();
        assertThat(attribute(dom, "data-charts-ok")).isEqualTo(String.valueOf(expected));
        assertThat(shapes(dom))
                .hasSize(expected)
                .allSatisfy((id, n) ->
                        assertThat(n).as("SVG shapes drawn in #%s", id).isGreaterThan(20));
        assertThat(dom)
                .contains("<tr class=\"NOT_GATED\"><td class=\"l\">pg-hot-16</td>")
                .contains("not gated (smoke)")
                .doesNotContain("<tr class=\"UNDEFINED\"")
                .contains("negative control <code>sqlite-blind-none-k1-t4-a10</code>: <span class=\"caught\">");
        Path png = Path.of(System.getProperty("cas.report.screenshots", dir.toString()), "smoke-report.png");
        chromium.screenshot(html, png, 1400, 5200, dir);
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void aThreadSweepWithForksDrawsErrorBarsAndTheGatesChart(@TempDir Path dir) throws Exception {
        Path html = render(dir, "sweep.json", true);

        String dom = chromium.dumpDom(html, dir);

        assertThat(attribute(dom, "data-script-errors")).isNull();
        assertThat(attribute(dom, "data-charts-empty")).isEmpty();
        assertThat(attribute(dom, "data-charts-ok")).isEqualTo(String.valueOf(chartDivs(html)));
        assertThat(shapes(dom))
                .containsKey("gates-chart")
                .allSatisfy((id, n) ->
                        assertThat(n).as("SVG shapes drawn in #%s", id).isGreaterThan(10));
        assertThat(dom).contains("95% interval");
        Path png = Path.of(System.getProperty("cas.report.screenshots", dir.toString()), "sweep-report.png");
        chromium.screenshot(html, png, 1400, 6000, dir);
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void aScriptErrorIsCaught(@TempDir Path dir) throws Exception {
        // negative control: the same page with one failing script must not pass
        Path html = render(dir, "smoke.json", false);
        Files.writeString(html, Files.readString(html).replace("</body>", "<script>notAFunction();</script></body>"));

        String dom = chromium.dumpDom(html, dir);

        assertThat(attribute(dom, "data-script-errors")).contains("notAFunction");
    }

    @Test
    void aChartWithoutDataIsCaught(@TempDir Path dir) throws Exception {
        // negative control: a run whose goodput figures are gone must leave its goodput charts flagged empty
        Path html = render(dir, "smoke.json", false);
        Files.writeString(html, Files.readString(html).replace("\"goodput\":", "\"gone\":"));

        String dom = chromium.dumpDom(html, dir);

        assertThat(attribute(dom, "data-charts-empty"))
                .contains("goodput-sqlite")
                .contains("goodput-postgres");
        assertThat(attribute(dom, "data-charts-ok")).isNotEqualTo(String.valueOf(chartDivs(html)));
    }
}
