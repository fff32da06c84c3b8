package io.casharness.reports.jcstress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Labels jcstress's own {@code index.html} with the gate's verdicts, so the page a person opens says what the gate
 * decided: jcstress marks a negative control FAILED (it saw the forbidden outcome) and shows a red pass rate, while
 * for the gate that control was CAUGHT and passed. The page gets a banner with the gate's counts, the gate's pass
 * rate (headline, bars and figure) instead of jcstress's, and CAUGHT in place of FAILED on each caught negative
 * control's row. jcstress's page is kept beside it as {@code index-jcstress.html}. Running it again on a labelled
 * page starts from that copy, so it never labels twice. Stateless.
 */
public final class JcstressIndexLabel {
    static final String ORIGINAL = "index-jcstress.html";
    private static final Pattern PASSED_BAR =
            Pattern.compile("(<tr><td width=\")\\d+%(\" class=\"passedProgress\">&nbsp;</td></tr>)");
    private static final Pattern FAILED_BAR =
            Pattern.compile("(<tr><td width=\")\\d+%(\" class=\"failedProgress\">&nbsp;</td></tr>)");
    private static final Pattern PASS_RATE = Pattern.compile("<b>Overall pass rate:</b>\\s*([0-9]+/[0-9]+)");
    private static final Pattern END_RESULT =
            Pattern.compile("<p class=\"endResult (passed|failed)\">\\s*[^<]*</p>", Pattern.DOTALL);

    private JcstressIndexLabel() {}

    /** Labels {@code resultsDir/index.html}; does nothing if there is none. */
    public static void label(Path resultsDir, List<Verdict> verdicts) {
        Path index = resultsDir.resolve("index.html");
        Path original = resultsDir.resolve(ORIGINAL);
        try {
            if (!Files.isRegularFile(index)) {
                return;
            }
            if (!Files.isRegularFile(original)) {
                Files.copy(index, original);
            }
            String html = Files.readString(original, StandardCharsets.UTF_8);
            Files.writeString(index, labelled(html, verdicts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot label " + index, e);
        }
    }

    static String labelled(String html, List<Verdict> verdicts) {
        long passed = verdicts.stream().filter(Verdict::passed).count();
        List<Verdict> controls =
                verdicts.stream().filter(Verdict::negativeControl).toList();
        long caught = controls.stream().filter(Verdict::passed).count();
        boolean ok = passed == verdicts.size() && !verdicts.isEmpty();
        String result = html;
        for (Verdict v : controls) {
            if (!v.passed()) {
                continue;
            }
            String name = Pattern.quote(v.name());
            result = Pattern.compile("(<a href=\"" + name + "\\.html\">" + name + "</a></td>\\s*<td>.*?</td>)"
                            + "<td class=\"failed\">FAILED</td>")
                    .matcher(result)
                    .replaceAll("$1<td class=\"passed\" title=\"a negative control: jcstress saw its forbidden outcome,"
                            + " so the check it controls is shown able to fail\">CAUGHT</td>");
        }
        int passedPercent = verdicts.isEmpty() ? 0 : (int) Math.round(100.0 * passed / verdicts.size());
        result = PASSED_BAR.matcher(result).replaceFirst("$1" + passedPercent + "%$2");
        result = FAILED_BAR
                .matcher(result)
                .replaceFirst(passedPercent == 100 ? "" : "$1" + (100 - passedPercent) + "%$2");
        result = PASS_RATE
                .matcher(result)
                .replaceFirst("<b>Gate pass rate:</b> " + passed + "/" + verdicts.size() + " (jcstress's: $1)");
        result = END_RESULT
                .matcher(result)
                .replaceFirst("<p class=\"endResult " + (ok ? "passed" : "failed") + "\">gate: " + passed + "/"
                        + verdicts.size() + "</p>");
        result = result.replace(
                "<h3>FAILED tests</h3>",
                "<h3>FAILED tests</h3><p><b>A negative control listed here as CAUGHT is a pass:</b> jcstress saw the"
                        + " forbidden outcome it was built to produce.</p>");
        String banner = "<div style=\"border:2px solid " + (ok ? "#00AA00" : "#FF0000")
                + ";padding:8px;margin:8px;font-size:11pt\"><b>cas-harness gate: " + passed + " of "
                + verdicts.size() + " tests passed" + (ok ? "" : ", " + (verdicts.size() - passed) + " FAILED")
                + "; negative controls caught: " + caught + " of " + controls.size() + ".</b> This is jcstress's"
                + " own index, labelled by the gate: jcstress counts a negative control (io.casharness.stress.negative)"
                + " as FAILED when it shows its forbidden outcome, which is what the gate requires of it, so its pass"
                + " rate is not the gate's. jcstress's unlabelled page: <a href=\"" + ORIGINAL + "\">" + ORIGINAL
                + "</a>.</div>";
        int body = result.indexOf("<body>");
        return body < 0
                ? banner + result
                : result.substring(0, body + "<body>".length()) + banner + result.substring(body + "<body>".length());
    }
}
