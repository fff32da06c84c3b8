package io.casharness.reports.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a JMH run as one self-contained HTML page: the gates first, then per benchmark class a table of cells
 * (parameters, score ± error, secondary metrics) with an inline SVG bar per cell scaled to the class's best score.
 * No scripts, no external assets: the page opens offline and in CI artifact viewers.
 */
public final class JmhHtml {
    private JmhHtml() {}

    public static String render(String title, String source, List<JmhResult> run, List<RatioGate.Evaluation> gates) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title><style>body{font:14px system-ui,sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right}td.l,th.l{text-align:left}.MET{background:#d4f7d4}"
                        + ".NOT_MET{background:#ffe0b3}.REGRESSED,.UNDEFINED{background:#f7c6c6}"
                        + "caption{text-align:left;font-weight:bold}</style></head><body>");
        h.append("<h1>")
                .append(esc(title))
                .append("</h1><p>Source: <code>")
                .append(esc(source))
                .append("</code>. Ratios compare cells of this one run; absolute scores are not comparable across"
                        + " runs or machines.</p>");
        if (!gates.isEmpty()) {
            h.append("<table><caption>Gates (ratios within this run)</caption><tr><th class=l>gate</th>"
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
                        .append(e.baselineRatio().map(JmhHtml::fmt).orElse("-"))
                        .append("</td><td class=l>")
                        .append(e.status())
                        .append(": ")
                        .append(esc(e.detail()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        Map<String, List<JmhResult>> byClass = new LinkedHashMap<>();
        for (JmhResult r : run) {
            String cls = r.shortName().contains(".")
                    ? r.shortName().substring(0, r.shortName().indexOf('.'))
                    : "";
            byClass.computeIfAbsent(cls, k -> new ArrayList<>()).add(r);
        }
        byClass.forEach((cls, cells) -> {
            double best = cells.stream()
                    .mapToDouble(JmhResult::score)
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(1);
            TreeSet<String> secondaries = new TreeSet<>();
            cells.forEach(c -> secondaries.addAll(c.secondary().keySet()));
            h.append("<table><caption>")
                    .append(esc(cls))
                    .append(
                            "</caption><tr><th class=l>benchmark</th>"
                                    + "<th class=l>cell</th><th>score</th><th>&plusmn;</th><th class=l>unit</th><th class=l></th>");
            secondaries.forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
            h.append("</tr>");
            for (JmhResult c : cells) {
                int width = best > 0 && !Double.isNaN(c.score()) ? (int) Math.round(200 * c.score() / best) : 0;
                h.append("<tr><td class=l>")
                        .append(esc(c.shortName()))
                        .append("</td><td class=l>")
                        .append(esc(c.cellLabel()))
                        .append("</td><td>")
                        .append(fmt(c.score()))
                        .append("</td><td>")
                        .append(fmt(c.scoreError()))
                        .append("</td><td class=l>")
                        .append(esc(c.unit()))
                        .append("</td><td class=l><svg width=\"202\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"")
                        .append(width)
                        .append("\" height=\"10\" fill=\"#4a7bd0\"/></svg></td>");
                secondaries.forEach(s -> h.append("<td>")
                        .append(fmt(c.secondary().getOrDefault(s, Double.NaN)))
                        .append("</td>"));
                h.append("</tr>");
            }
            h.append("</table>");
        });
        return h.append("</body></html>\n").toString();
    }

    /** The gates as a Markdown table, for docs and CI logs. */
    public static String markdown(List<RatioGate.Evaluation> gates) {
        StringBuilder b = new StringBuilder("| gate | ratio | needs | status |\n|---|---|---|---|\n");
        for (RatioGate.Evaluation e : gates) {
            b.append("| ")
                    .append(e.gate().name())
                    .append(" | ")
                    .append(fmt(e.ratio()))
                    .append(" | >= ")
                    .append(fmt(e.gate().minRatio()))
                    .append(" | ")
                    .append(e.status())
                    .append(": ")
                    .append(e.detail().replace("|", "/"))
                    .append(" |\n");
        }
        return b.toString();
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3g", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
