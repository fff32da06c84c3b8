package io.casharness.bench;

import io.casharness.reports.jmh.CellCheck;
import io.casharness.reports.jmh.CellName;
import io.casharness.reports.jmh.JmhHtml;
import io.casharness.reports.jmh.JmhResult;
import io.casharness.reports.jmh.RatioGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Renders one run's cells and the ratios that matter as Markdown (what docs/benchmarks.md pastes). */
final class Summary {
    private Summary() {}

    record Cell(
            String backend,
            String strategy,
            String backoff,
            String keys,
            int attempts,
            int threads,
            double goodput,
            double attemptsRate,
            double conflicts,
            double giveUps,
            double errors,
            double p50,
            double p99,
            double p999,
            String verdict) {

        String label() {
            return CellName.strategyLabel(strategy, backoff, attempts);
        }
    }

    static List<Cell> cells(List<JmhResult> results) {
        List<Cell> cells = new ArrayList<>();
        for (JmhResult r : results) {
            Map<String, String> p = r.params();
            if (!p.containsKey("strategy")) {
                continue; // not a ContentionBench cell (CheckerBench)
            }
            Optional<CellCheck> check = r.check();
            String verdict = check.map(CellCheck::verdict).orElse("NO-REPORT");
            cells.add(new Cell(
                    p.get("backend"),
                    p.get("strategy"),
                    p.get("backoff"),
                    p.get("keys"),
                    Integer.parseInt(p.get("maxAttempts")),
                    r.threads(),
                    r.secondaryScore("goodput"),
                    r.secondaryScore("attempts"),
                    r.secondaryScore("conflicts"),
                    r.secondaryScore("giveUps"),
                    r.secondaryScore("errors"),
                    check.map(CellCheck::p50us).orElse(Double.NaN),
                    check.map(CellCheck::p99us).orElse(Double.NaN),
                    check.map(CellCheck::p999us).orElse(Double.NaN),
                    r.failed() ? verdict + " (no JMH result)" : verdict));
        }
        return cells;
    }

    static String render(
            String profile, List<JmhResult> results, int forks, double seconds, List<RatioGate.Evaluation> gates) {
        List<Cell> cells = cells(results);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "## Profile `%s`: %d cells%s in %.0f s wall time%n%n",
                profile,
                results.size(),
                forks > 1 ? ", " + forks + " forks each, run in rounds" : "",
                seconds));
        sb.append("| backend | keys | strategy | threads | goodput/s | attempts/success | conflicts/s | give-ups/s"
                + " | errors/s | p50 µs | p99 µs | p99.9 µs | check |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Cell c : cells) {
            // a cell without a JMH result (the negative control) has NaN figures: shown as dashes
            sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %d | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s |%n",
                            c.backend(),
                            c.keys(),
                            c.label(),
                            c.threads(),
                            c.goodput(),
                            c.goodput() > 0 ? c.attemptsRate() / c.goodput() : Double.NaN,
                            c.conflicts(),
                            c.giveUps(),
                            c.errors(),
                            c.p50(),
                            c.p99(),
                            c.p999(),
                            c.verdict())
                    .replace("NaN", "–"));
        }
        // ratios only between cells whose check passed: a BROKEN cell's "goodput" counts lost updates
        cells = cells.stream().filter(c -> c.verdict().equals("OK")).toList();
        for (String backend : List.of("postgres", "sqlite")) {
            for (String keys : new TreeSet<>(cells.stream()
                    .filter(c -> c.backend().equals(backend))
                    .map(Cell::keys)
                    .toList())) {
                ratioTable(sb, cells, backend, keys, "atomic", "goodput / atomic (same threads)");
                if (keys.equals("1")) {
                    ratioTable(sb, cells, backend, keys, "lock", "goodput / pessimistic lock (same threads)");
                    scalingTable(sb, cells, backend, keys);
                    jitterTable(sb, cells, backend, keys);
                }
            }
        }
        targets(sb, gates);
        return sb.toString();
    }

    private static void ratioTable(
            StringBuilder sb, List<Cell> cells, String backend, String keys, String base, String title) {
        List<Cell> mine = cells.stream()
                .filter(c -> c.backend().equals(backend) && c.keys().equals(keys))
                .toList();
        TreeSet<Integer> threads = new TreeSet<>(mine.stream()
                .filter(c -> c.strategy().equals(base))
                .map(Cell::threads)
                .toList());
        if (threads.isEmpty() || mine.size() < 2) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%n### %s, %s key(s): %s%n%n| strategy |", backend, keys, title));
        threads.forEach(t -> sb.append(" ").append(t).append(" thr |"));
        sb.append("\n|---|");
        threads.forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (String label : labels(mine)) {
            sb.append("| ").append(label).append(" |");
            for (int t : threads) {
                Double v = find(mine, label, t).map(Cell::goodput).orElse(null);
                Double b = mine.stream()
                        .filter(c -> c.strategy().equals(base) && c.threads() == t && c.attempts() == 10)
                        .map(Cell::goodput)
                        .findFirst()
                        .orElse(null);
                sb.append(v == null || b == null || b == 0 ? " – |" : String.format(Locale.ROOT, " %.2f |", v / b));
            }
            sb.append('\n');
        }
    }

    private static void scalingTable(StringBuilder sb, List<Cell> cells, String backend, String keys) {
        List<Cell> mine = cells.stream()
                .filter(c -> c.backend().equals(backend) && c.keys().equals(keys))
                .toList();
        TreeSet<Integer> threads =
                new TreeSet<>(mine.stream().map(Cell::threads).toList());
        if (!threads.contains(1) || threads.size() < 2) {
            return;
        }
        sb.append(String.format(
                Locale.ROOT,
                "%n### %s, %s key(s): goodput at N threads / goodput at 1 thread%n%n| strategy |",
                backend,
                keys));
        threads.forEach(t -> sb.append(" ").append(t).append(" thr |"));
        sb.append("\n|---|");
        threads.forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (String label : labels(mine)) {
            Optional<Cell> one = find(mine, label, 1);
            if (one.isEmpty()) {
                continue;
            }
            sb.append("| ").append(label).append(" |");
            for (int t : threads) {
                Double v = find(mine, label, t).map(Cell::goodput).orElse(null);
                sb.append(
                        v == null || one.get().goodput() == 0
                                ? " – |"
                                : String.format(
                                        Locale.ROOT, " %.2f |", v / one.get().goodput()));
            }
            sb.append('\n');
        }
    }

    private static void jitterTable(StringBuilder sb, List<Cell> cells, String backend, String keys) {
        List<Cell> mine = cells.stream()
                .filter(c -> c.backend().equals(backend) && c.keys().equals(keys))
                .toList();
        TreeSet<Integer> threads =
                new TreeSet<>(mine.stream().map(Cell::threads).toList());
        StringBuilder row = new StringBuilder();
        StringBuilder row2 = new StringBuilder();
        boolean any = false;
        for (int t : threads) {
            Optional<Cell> none = find(mine, "store/none", t);
            Optional<Cell> jitter = find(mine, "store/jitter", t);
            Optional<Cell> adaptive = find(mine, "store/adaptive", t);
            any |= none.isPresent() && jitter.isPresent();
            row.append(ratio(jitter, none));
            row2.append(ratio(adaptive, none));
        }
        if (!any) {
            return;
        }
        sb.append(String.format(
                Locale.ROOT,
                "%n### %s, %s key(s): store goodput by backoff / store without backoff%n%n| ratio |",
                backend,
                keys));
        threads.forEach(t -> sb.append(" ").append(t).append(" thr |"));
        sb.append("\n|---|");
        threads.forEach(t -> sb.append("---:|"));
        sb.append("\n| full jitter / none |")
                .append(row)
                .append("\n| adaptive / none |")
                .append(row2)
                .append('\n');
    }

    private static String ratio(Optional<Cell> a, Optional<Cell> b) {
        return a.isPresent() && b.isPresent() && b.get().goodput() > 0
                ? String.format(
                        Locale.ROOT, " %.2f |", a.get().goodput() / b.get().goodput())
                : " – |";
    }

    private static void targets(StringBuilder sb, List<RatioGate.Evaluation> gates) {
        if (gates.isEmpty()) {
            return;
        }
        sb.append("\n### Targets (bench/gates.txt), from this run\n\n").append(JmhHtml.markdown(gates));
        sb.append("\nNot a gate of this run: no contention (1,024 keys, 4 clients), store ≥ 0.9× pgbench: run"
                + " bench/pgbench/run.sh.\n");
    }

    private static List<String> labels(List<Cell> cells) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        cells.forEach(c -> seen.put(c.label(), true));
        return new ArrayList<>(seen.keySet());
    }

    private static Optional<Cell> find(List<Cell> cells, String label, int threads) {
        return cells.stream()
                .filter(c -> c.label().equals(label) && c.threads() == threads)
                .findFirst();
    }
}
