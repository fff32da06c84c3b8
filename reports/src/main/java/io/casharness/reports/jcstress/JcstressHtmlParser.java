package io.casharness.reports.jcstress;

import static java.util.Objects.requireNonNull;

import io.casharness.reports.jcstress.JcstressTestResult.Expect;
import io.casharness.reports.jcstress.JcstressTestResult.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the per-test pages jcstress 0.16 writes into its result directory ({@code -r}, default {@code results/}):
 * one {@code <test class>.html} per test that ran, beside {@code index.html}.
 *
 * <p>Why these pages: they are the only per-test, human-independent output 0.16 leaves. The other output is the
 * {@code jcstress-results-*.bin.gz} blob, a Java-serialised stream of jcstress's internal objects that only
 * jcstress itself (with the tests on its classpath, to look up their gradings) can read back; and the console text,
 * which interleaves progress lines. Each page carries one table: a header row of observed outcomes, a row of their
 * gradings, a row of their descriptions, then one row per configuration with its status label and the sample count
 * of every outcome. This class reads exactly that table and sums the counts over configurations.
 *
 * <p>Stateless and thread-safe. Bound to jcstress 0.16's page layout: a page it cannot read fails loudly with the
 * file named, never quietly as "no samples".
 */
public final class JcstressHtmlParser {
    private static final Pattern H1 = Pattern.compile("<h1>(.*?)</h1>", Pattern.DOTALL);
    private static final Pattern DESCRIPTION =
            Pattern.compile("<h3>Description and references</h3>\\s*<p>(.*?)</p>", Pattern.DOTALL);
    private static final Pattern RESULTS = Pattern.compile("<h3>Results</h3>(.*?)</table>", Pattern.DOTALL);
    private static final Pattern MESSAGES =
            Pattern.compile("<h3>Messages</h3>(.*?)<h3>VM Output Streams</h3>", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t([dh])([^>]*)>(.*?)</t[dh]>", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private JcstressHtmlParser() {}

    /**
     * Every test page in {@code resultDir}, sorted by test name.
     *
     * @throws IllegalArgumentException if the directory has no {@code index.html} (jcstress did not finish)
     * @throws UncheckedIOException if a page cannot be read
     * @throws JcstressFormatException if a page does not have 0.16's layout
     */
    public static List<JcstressTestResult> parseDirectory(Path resultDir) {
        requireNonNull(resultDir, "resultDir");
        if (!Files.isRegularFile(resultDir.resolve("index.html"))) {
            throw new IllegalArgumentException("no index.html in " + resultDir.toAbsolutePath()
                    + ": not a jcstress result directory, or jcstress did not finish");
        }
        try (Stream<Path> files = Files.list(resultDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".html"))
                    // index.html and the copy of it the gate keeps (index-jcstress.html) are not test pages
                    .filter(p -> !p.getFileName().toString().startsWith("index"))
                    .sorted()
                    .map(JcstressHtmlParser::parseFile)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultDir, e);
        }
    }

    /** One test page. */
    public static JcstressTestResult parseFile(Path page) {
        try {
            return parse(Files.readString(page, StandardCharsets.UTF_8), page.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + page, e);
        }
    }

    /**
     * One test page's text.
     *
     * @param source names the page in error messages
     */
    public static JcstressTestResult parse(String html, String source) {
        String name = text(find(H1, html, source, "the <h1> test name"));
        Matcher d = DESCRIPTION.matcher(html);
        String description = d.find() ? text(d.group(1)) : "";
        if (description.equals("null")) {
            description = "";
        }
        Matcher m = MESSAGES.matcher(html);
        String messages = m.find() ? text(m.group(1)).strip() : "";

        List<List<Cell>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(find(RESULTS, html, source, "the Results table"));
        while (r.find()) {
            List<Cell> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(1));
            while (c.find()) {
                cells.add(new Cell(c.group(1).equals("h"), c.group(2), text(c.group(3))));
            }
            rows.add(cells);
        }
        // row 0: column titles; 1: outcome ids; 2: gradings; 3: descriptions; 4..: one per configuration
        if (rows.size() < 4) {
            throw new JcstressFormatException(source, "the Results table has " + rows.size() + " rows, expected 4+");
        }
        List<String> ids = tail(rows.get(1), source, "outcome ids");
        List<String> expects = tail(rows.get(2), source, "gradings");
        List<String> descriptions = tail(rows.get(3), source, "descriptions");
        if (expects.size() != ids.size() || descriptions.size() != ids.size()) {
            throw new JcstressFormatException(
                    source,
                    ids.size() + " outcomes but " + expects.size() + " gradings and " + descriptions.size()
                            + " descriptions");
        }
        long[] samples = new long[ids.size()];
        List<String> labels = new ArrayList<>();
        for (List<Cell> row : rows.subList(4, rows.size())) {
            // compilation mode, scheduling class, JVM options, status, then one count per outcome
            if (row.size() != 4 + ids.size()) {
                throw new JcstressFormatException(
                        source, "a configuration row has " + row.size() + " cells, expected " + (4 + ids.size()));
            }
            labels.add(row.get(3).text().strip());
            for (int i = 0; i < ids.size(); i++) {
                String count = row.get(4 + i).text().strip();
                try {
                    samples[i] += Long.parseLong(count);
                } catch (NumberFormatException e) {
                    throw new JcstressFormatException(source, "sample count '" + count + "' of " + ids.get(i));
                }
            }
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Expect expect;
            try {
                expect = Expect.parse(expects.get(i));
            } catch (IllegalArgumentException e) {
                throw new JcstressFormatException(source, e.getMessage());
            }
            outcomes.put(ids.get(i), new Outcome(ids.get(i), expect, descriptions.get(i), samples[i]));
        }
        return new JcstressTestResult(name, description, List.copyOf(outcomes.values()), labels, messages);
    }

    private static List<String> tail(List<Cell> row, String source, String what) {
        if (row.isEmpty() || !row.get(0).attributes().contains("colspan=4")) {
            throw new JcstressFormatException(source, "the row of " + what + " does not start with a colspan=4 cell");
        }
        return row.subList(1, row.size()).stream().map(c -> c.text().strip()).toList();
    }

    private static String find(Pattern p, String html, String source, String what) {
        Matcher m = p.matcher(html);
        if (!m.find()) {
            throw new JcstressFormatException(source, "no " + what + " (not a jcstress 0.16 test page?)");
        }
        return m.group(1);
    }

    private static String text(String html) {
        return TAG.matcher(html)
                .replaceAll("")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .strip();
    }

    private record Cell(boolean header, String attributes, String text) {}
}
