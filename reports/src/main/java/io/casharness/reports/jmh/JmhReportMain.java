package io.casharness.reports.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code JmhReportMain --in run.json --out report.html [--gates gates.txt] [--baseline old.json] [--max-drop 0.2]
 * [--enforce-targets] [--strict]}.
 *
 * <p>Writes the HTML report, prints the gates as Markdown, and exits 1 when a gate REGRESSED against the baseline,
 * when a target is NOT_MET and {@code --enforce-targets} is given, or when a gate is UNDEFINED and {@code --strict}
 * is given; 2 on bad arguments. Targets are not enforced by default because a 2-core shared CI machine cannot
 * promise them; regressions of a ratio against a baseline from the same machine are.
 */
public final class JmhReportMain {
    private JmhReportMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path in = null;
        Path out = null;
        Path gatesFile = null;
        Path baselineFile = null;
        double maxDrop = 0.2;
        boolean enforce = false;
        boolean strict = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--in" -> in = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--gates" -> gatesFile = Path.of(args[++i]);
                    case "--baseline" -> baselineFile = Path.of(args[++i]);
                    case "--max-drop" -> maxDrop = Double.parseDouble(args[++i]);
                    case "--enforce-targets" -> enforce = true;
                    case "--strict" -> strict = true;
                    default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"");
                }
            }
            if (in == null || out == null) {
                throw new IllegalArgumentException("--in and --out are required");
            }
            if (!(maxDrop > 0 && maxDrop < 1)) {
                throw new IllegalArgumentException("--max-drop must be between 0 and 1 (exclusive), was " + maxDrop);
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("usage: --in run.json --out report.html [--gates gates.txt] [--baseline old.json]"
                    + " [--max-drop 0.2] [--enforce-targets] [--strict]\n" + e.getMessage());
            return 2;
        }
        List<JmhResult> run = JmhJson.read(in);
        Optional<List<JmhResult>> baseline = Optional.ofNullable(baselineFile).map(JmhJson::read);
        List<RatioGate> gates = gatesFile == null ? List.of() : RatioGate.parseRules(lines(gatesFile));
        final double drop = maxDrop;
        List<RatioGate.Evaluation> evaluations =
                gates.stream().map(g -> g.evaluate(run, baseline, drop)).toList();
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, JmhHtml.render("JMH results: " + in.getFileName(), in.toString(), run, evaluations));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        System.out.println("wrote " + out + " (" + run.size() + " cells)");
        if (!evaluations.isEmpty()) {
            System.out.print(JmhHtml.markdown(evaluations));
        }
        int failures = 0;
        for (RatioGate.Evaluation e : evaluations) {
            switch (e.status()) {
                case REGRESSED -> failures++;
                case NOT_MET -> failures += enforce ? 1 : 0;
                case UNDEFINED -> failures += strict ? 1 : 0;
                case MET -> {}
            }
        }
        if (failures > 0) {
            System.err.println(failures + " gate(s) failed");
            return 1;
        }
        return 0;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gates " + file, e);
        }
    }
}
