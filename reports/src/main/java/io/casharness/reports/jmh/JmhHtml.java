package io.casharness.reports.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a JMH run as one self-contained HTML page that opens offline, from disk: the gates, then per backend
 * three charts, each on its own scale — goodput against threads per strategy (with JMH's error bars and the baseline
 * run dashed beside it), latency percentiles p50 / p99 / p99.9 of the whole update (retries and backoff included),
 * attempts per success with the share of updates given up — then every cell's check and a table of every cell.
 *
 * <p>The charts are drawn by Apache ECharts, read from its WebJar on the classpath and inlined into the page, so
 * nothing is fetched from the network. ECharts rather than hand-drawn SVG: log axes, error bars, legends that hide a
 * series and tooltips are the library's, not code to keep here. The data goes into the page as JSON, and a small
 * script ({@code report.js} beside this class) turns it into charts; when it is done, {@code <body>} carries
 * {@code data-charts-ok}, {@code data-charts-empty} and {@code data-script-errors}, which the headless-Chromium test
 * reads. Stateless.
 */
public final class JmhHtml {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> BACKEND_ORDER = List.of("sqlite", "postgres");

    private JmhHtml() {}

    /**
     * The whole page.
     *
     * @param title the page's title
     * @param source where the run came from (a path), shown on the page
     * @param run this run's cells
     * @param baseline the baseline run's cells, if one was given
     * @param baselineSource where the baseline came from, shown on the page
     * @param gates the evaluated gates, in the order of the rules
     */
    public static String render(
            String title,
            String source,
            List<JmhResult> run,
            Optional<List<JmhResult>> baseline,
            String baselineSource,
            List<RatioGate.Evaluation> gates) {
        List<JmhResult> base = baseline.orElse(List.of());
        List<String> backends = backends(run);
        StringBuilder h = new StringBuilder(1_200_000);
        h.append("<!doctype html><html lang=en><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;max-width:1400px}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}td.l,th.l{text-align:left}caption{text-align:left;font-weight:bold}")
                .append(".MET,.OK,.caught{background:#d4f7d4}.NOT_MET{background:#ffe0b3}")
                .append(".REGRESSED,.UNDEFINED,.BROKEN,.NO-REPORT,.missed{background:#f7c6c6}")
                .append(".NOT_GATED,.UNKNOWN{background:#eee;color:#555}.chart{width:100%;margin:1em 0 2em}")
                .append(".note{color:#555}</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1>");
        h.append("<p>Run: <code>").append(esc(source)).append("</code>");
        String profile = run.stream()
                .map(JmhResult::profile)
                .filter(p -> !p.isEmpty())
                .findFirst()
                .orElse("");
        if (!profile.isEmpty()) {
            h.append(", profile <b>").append(esc(profile)).append("</b>");
        }
        h.append(baseline.isPresent() ? "; baseline: <code>" + esc(baselineSource) + "</code>" : "; no baseline run");
        h.append(".</p><p class=note>Read goodput (updates that took effect per second) and the ratios between cells"
                + " of this one run. Absolute figures move with the machine and its load, so a baseline from another"
                + " run is shown beside this one to compare shapes, never to compare numbers"
                + (profile.equals("smoke")
                        ? "; <b>smoke numbers are not to be trusted</b>: each cell ran one second"
                        : "")
                + ". Each backend has its own charts and scales.</p>");
        gatesTable(h, gates);
        if (gates.stream().anyMatch(e -> finite(e.ratio()) || e.baselineRatio().isPresent())) {
            h.append("<div id=\"gates-chart\" class=chart></div>");
        }
        for (String b : backends) {
            List<JmhResult> mine = contention(run, b);
            h.append("<h2>").append(esc(b)).append("</h2>");
            databases(h, mine);
            if (mine.stream().anyMatch(c -> counted(c) && finite(c.secondaryScore("goodput")))) {
                h.append("<div id=\"goodput-").append(esc(b)).append("\" class=chart></div>");
            }
            if (mine.stream()
                    .anyMatch(c ->
                            counted(c) && c.check().map(k -> finite(k.p99us())).orElse(false))) {
                h.append("<div id=\"latency-").append(esc(b)).append("\" class=chart></div>");
            }
            if (mine.stream().anyMatch(c -> counted(c) && finite(attemptsPerSuccess(c)))) {
                h.append("<div id=\"attempts-").append(esc(b)).append("\" class=chart></div>");
            }
            checks(h, mine);
        }
        cellsTable(h, run);
        h.append("<script type=\"application/json\" id=\"report-data\">")
                .append(json(model(run, base, backends, gates)).replace("</", "<\\/"))
                .append("</script>\n<script>")
                .append(resource(io.casharness.reports.ReportResources.echartsPath()))
                .append("</script>\n<script>")
                .append(resource("io/casharness/reports/jmh/report.js"))
                .append("</script></body></html>\n");
        return h.toString();
    }

    /** The gates as a Markdown table, for docs and CI logs. */
    public static String markdown(List<RatioGate.Evaluation> gates) {
        StringBuilder b = new StringBuilder(
                "| gate | ratio | needs | 95 % interval (paired forks) | lower bound | baseline | status |\n"
                        + "|---|---:|---:|---|---|---:|---|\n");
        for (RatioGate.Evaluation e : gates) {
            b.append("| ")
                    .append(e.gate().name())
                    .append(" | ")
                    .append(fmt(e.ratio()))
                    .append(" | >= ")
                    .append(fmt(e.gate().minRatio()))
                    .append(" | ")
                    .append(e.interval()
                            .map(i -> fmt(i.low()) + "–" + fmt(i.high()) + " (" + i.pairs() + ")")
                            .orElse("–"))
                    .append(" | ")
                    .append(e.interval()
                            .map(i -> i.low() >= e.gate().minRatio() ? "met" : "not met")
                            .orElse("–"))
                    .append(" | ")
                    .append(e.baselineRatio().map(JmhHtml::fmt).orElse("–"))
                    .append(" | ")
                    .append(verdictText(e).replace("|", "/"))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** How a status reads on the page: {@code not gated (smoke)} rather than an enum name. */
    static String statusText(RatioGate.Evaluation e) {
        return switch (e.status()) {
            case NOT_GATED -> "not gated";
            case NOT_MET -> "NOT MET";
            default -> e.status().name();
        };
    }

    /** The status and why: {@code MET: 0.98 = ...}, or {@code not gated (smoke): ...}. */
    static String verdictText(RatioGate.Evaluation e) {
        return e.status() == RatioGate.Status.NOT_GATED ? e.detail() : statusText(e) + ": " + e.detail();
    }

    private static void gatesTable(StringBuilder h, List<RatioGate.Evaluation> gates) {
        if (gates.isEmpty()) {
            return;
        }
        boolean noneGated = gates.stream().allMatch(e -> e.status() == RatioGate.Status.NOT_GATED);
        h.append(noneGated ? "<details>" : "<details open>")
                .append("<summary class=note>")
                .append(gates.size())
                .append(" gates (bench/gates.txt)");
        if (noneGated) {
            h.append(", all <span class=NOT_GATED>not gated (")
                    .append(esc(run0Profile(gates)))
                    .append(")</span>: this run is not one to decide them on");
        }
        h.append("</summary><table><caption>Gates (goodput ratios within this run)</caption><tr><th class=l>gate</th>"
                + "<th class=l>numerator / denominator</th><th>ratio</th><th>needs</th><th>baseline</th>"
                + "<th class=l>status</th></tr>");
        for (RatioGate.Evaluation e : gates) {
            h.append("<tr class=")
                    .append(e.status())
                    .append("><td class=l>")
                    .append(esc(e.gate().name()))
                    .append("</td><td class=l>")
                    .append(esc(e.gate().numerator().toString()))
                    .append("<br>/ ")
                    .append(esc(e.gate().denominator().toString()))
                    .append("</td><td>")
                    .append(fmt(e.ratio()))
                    .append("</td><td>&ge; ")
                    .append(fmt(e.gate().minRatio()))
                    .append("</td><td>")
                    .append(e.baselineRatio().map(JmhHtml::fmt).orElse("–"))
                    .append("</td><td class=l>")
                    .append(esc(verdictText(e)))
                    .append("</td></tr>");
        }
        h.append("</table></details>");
    }

    /** The reason the gates are not gated, as the first one's detail gives it: {@code smoke}. */
    private static String run0Profile(List<RatioGate.Evaluation> gates) {
        String d = gates.get(0).detail();
        return d.startsWith("not gated (") ? d.substring("not gated (".length(), d.indexOf(')')) : "";
    }

    private static void databases(StringBuilder h, List<JmhResult> cells) {
        Set<String> dbs = new TreeSet<>();
        cells.forEach(c ->
                c.check().map(CellCheck::databaseKind).filter(d -> !d.isEmpty()).ifPresent(dbs::add));
        if (!dbs.isEmpty()) {
            h.append("<p class=note>Database: ")
                    .append(esc(String.join("; ", dbs)))
                    .append("</p>");
        }
    }

    private static void checks(StringBuilder h, List<JmhResult> cells) {
        long ok = cells.stream().filter(JmhHtml::counted).count();
        h.append("<p>Check (the counters in the database equal the successes reported): <span class=OK>")
                .append(ok)
                .append(" of ")
                .append(cells.stream().filter(c -> !c.negativeControl()).count())
                .append(" cells OK</span>");
        for (JmhResult c : cells) {
            String v = verdict(c);
            if (c.negativeControl()) {
                boolean caught = v.equals("BROKEN");
                h.append("; negative control <code>")
                        .append(esc(c.cellName()))
                        .append("</code>: <span class=")
                        .append(caught ? "caught" : "missed")
                        .append(">")
                        .append(caught ? "caught (BROKEN, as it must be)" : "NOT caught (" + esc(v) + ")")
                        .append("</span>");
            } else if (!counted(c)) {
                v = c.failed() ? v + ", no JMH result (the trial threw)" : v;
                h.append("; <span class=BROKEN")
                        .append(">")
                        .append(esc(c.cellName()))
                        .append(": ")
                        .append(esc(v))
                        .append("</span>");
            }
        }
        h.append(".</p>");
    }

    private static void cellsTable(StringBuilder h, List<JmhResult> run) {
        h.append("<h2>Every cell</h2><table><tr><th class=l>cell</th><th>goodput/s</th><th>&plusmn;</th>"
                + "<th>calls/s</th><th>attempts/success</th><th>conflicts/s</th><th>give-ups/s</th><th>errors/s</th>"
                + "<th>p50 µs</th><th>p99 µs</th><th>p99.9 µs</th><th class=l>check</th></tr>");
        for (JmhResult c : run) {
            Optional<CellCheck> k = c.check();
            String v = k.isPresent() ? verdict(c) : "";
            h.append("<tr><td class=l>")
                    .append(esc(c.cellName()))
                    .append("</td><td>")
                    .append(fmt(c.secondaryScore("goodput")))
                    .append("</td><td>")
                    .append(fmt(c.metric("goodput").map(Metric::error).orElse(Double.NaN)))
                    .append("</td><td>")
                    .append(fmt(c.score()))
                    .append(c.unit().equals("ops/s") || c.unit().isEmpty() ? "" : " " + esc(c.unit()))
                    .append("</td><td>")
                    .append(fmt(attemptsPerSuccess(c)))
                    .append("</td><td>")
                    .append(fmt(c.secondaryScore("conflicts")))
                    .append("</td><td>")
                    .append(fmt(c.secondaryScore("giveUps")))
                    .append("</td><td>")
                    .append(fmt(c.secondaryScore("errors")))
                    .append("</td><td>")
                    .append(fmt(k.map(CellCheck::p50us).orElse(Double.NaN)))
                    .append("</td><td>")
                    .append(fmt(k.map(CellCheck::p99us).orElse(Double.NaN)))
                    .append("</td><td>")
                    .append(fmt(k.map(CellCheck::p999us).orElse(Double.NaN)))
                    .append("</td><td class=\"l ")
                    .append(esc(c.negativeControl() ? (v.equals("BROKEN") ? "caught" : "missed") : v))
                    .append("\">")
                    .append(esc(
                            c.negativeControl()
                                    ? v + " (negative control: " + (v.equals("BROKEN") ? "caught" : "NOT caught") + ")"
                                    : v))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private static Map<String, Object> model(
            List<JmhResult> run, List<JmhResult> base, List<String> backends, List<RatioGate.Evaluation> gates) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> bs = new ArrayList<>();
        for (String b : backends) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", b);
            one.put("cells", contention(run, b).stream().map(JmhHtml::cell).toList());
            one.put("baseline", contention(base, b).stream().map(JmhHtml::cell).toList());
            bs.add(one);
        }
        m.put("backends", bs);
        List<Object> gs = new ArrayList<>();
        for (RatioGate.Evaluation e : gates) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", e.gate().name());
            g.put("ratio", num(e.ratio()));
            g.put("min", e.gate().minRatio());
            g.put("baseline", e.baselineRatio().map(JmhHtml::num).orElse(null));
            g.put("lo", e.interval().map(i -> num(i.low())).orElse(null));
            g.put("hi", e.interval().map(i -> num(i.high())).orElse(null));
            g.put("status", e.status().name());
            gs.add(g);
        }
        m.put("gates", gs);
        return m;
    }

    private static Map<String, Object> cell(JmhResult c) {
        Map<String, Object> m = new LinkedHashMap<>();
        int attempts = Integer.parseInt(c.params().getOrDefault("maxAttempts", "10"));
        m.put("name", c.cellName());
        m.put("label", CellName.strategyLabel(c.param("strategy"), c.param("backoff"), attempts));
        m.put("keys", c.param("keys"));
        m.put("threads", c.threads());
        m.put("goodput", num(c.secondaryScore("goodput")));
        m.put("goodputErr", num(c.metric("goodput").map(Metric::error).orElse(Double.NaN)));
        m.put("attemptsPerSuccess", num(attemptsPerSuccess(c)));
        double good = c.secondaryScore("goodput");
        double giveUps = c.secondaryScore("giveUps");
        m.put("giveUpPercent", num(good + giveUps > 0 ? 100 * giveUps / (good + giveUps) : Double.NaN));
        Optional<CellCheck> k = c.check();
        m.put("p50", num(k.map(CellCheck::p50us).orElse(Double.NaN)));
        m.put("p99", num(k.map(CellCheck::p99us).orElse(Double.NaN)));
        m.put("p999", num(k.map(CellCheck::p999us).orElse(Double.NaN)));
        m.put("verdict", verdict(c));
        m.put("counted", counted(c));
        return m;
    }

    /** A cell whose figures mean something: its check passed and it is not the negative control. */
    private static boolean counted(JmhResult c) {
        return !c.negativeControl() && !c.failed() && verdict(c).equals("OK");
    }

    private static String verdict(JmhResult c) {
        return c.check().map(CellCheck::verdict).orElse("OK");
    }

    static double attemptsPerSuccess(JmhResult c) {
        double good = c.secondaryScore("goodput");
        return good > 0 ? c.secondaryScore("attempts") / good : Double.NaN;
    }

    private static List<JmhResult> contention(List<JmhResult> cells, String backend) {
        return cells.stream()
                .filter(c -> backend.equals(c.param("backend")) && c.param("strategy") != null)
                .toList();
    }

    private static List<String> backends(List<JmhResult> run) {
        Set<String> all = new LinkedHashSet<>();
        run.stream()
                .filter(c -> c.param("strategy") != null && c.param("backend") != null)
                .forEach(c -> all.add(c.param("backend")));
        List<String> ordered =
                new ArrayList<>(BACKEND_ORDER.stream().filter(all::contains).toList());
        all.stream().filter(b -> !ordered.contains(b)).forEach(ordered::add);
        return ordered;
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static boolean finite(double d) {
        return Double.isFinite(d);
    }

    private static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report's data as JSON", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = JmhHtml.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing resource " + path + " (is the ECharts WebJar on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "–";
        }
        return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3g", d);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
