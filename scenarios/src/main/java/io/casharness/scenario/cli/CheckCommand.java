package io.casharness.scenario.cli;

import io.casharness.scenario.Budget;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.Skew;
import io.casharness.scenario.Topology;
import io.casharness.scenario.check.Evidence;
import io.casharness.scenario.history.Conflicts;
import io.casharness.scenario.history.History;
import io.casharness.scenario.history.HistoryHeader;
import io.casharness.scenario.history.HistoryInvalidException;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.scenario.suite.ResultWriter;
import io.casharness.scenario.suite.Suite;
import io.casharness.scenario.suite.VerdictTable;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.scenario.zoo.ZooMember;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cas-harness check FILE...}: judges saved histories again, offline, exactly as the run that wrote them was
 * judged (same checker, same options from the file's header), and prints the same verdict table. A file that is not a
 * whole, valid history (cut short, two run together, edited, or breaking a rule every recorded history keeps) is
 * refused with its line and reason: INVALID, never FAIL.
 *
 * <p>Exit codes: 0 every history passes its gate; 1 a bug found or a zoo member's history not caught; 2 usage error
 * or an invalid history; 3 a history of a run that broke, or one that proves nothing.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Re-checks saved histories (*.history.jsonl) offline and prints the verdict table; with --out, writes each"
                    + " verdict (JSON) and a summary there.",
            "Exit 0 every history passes its gate; 1 a bug or an uncaught zoo member; 2 an invalid history or bad"
                    + " arguments; 3 a broken run's history, or one that proves nothing."
        })
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files written by the main job")
    List<Path> files = new ArrayList<>();

    @Option(names = "--out", description = "also write <name>.verdict.json per history and summary.json here")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;

    CheckCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        List<Judgement> judged = new ArrayList<>();
        int invalid = 0;
        for (Path file : files) {
            HistoryIo.HistoryFile h;
            try {
                h = HistoryIo.read(file);
            } catch (HistoryInvalidException e) {
                stderr.println("cas-harness check: " + file + ": INVALID history, " + e.getMessage());
                invalid++;
                continue;
            } catch (UncheckedIOException e) {
                stderr.println("cas-harness check: " + file + ": cannot read it ("
                        + e.getCause().getMessage() + ")");
                invalid++;
                continue;
            }
            judged.add(judge(h));
        }
        ResultWriter writer = null;
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                stderr.println("cas-harness check: --out " + out + ": cannot write results there (" + e + ")");
                return Main.USAGE;
            }
            writer = new ResultWriter(out, Scenario::replayCommand, AllureVerdicts::write);
        }
        String table = VerdictTable.render(judged);
        stdout.print(table);
        for (Judgement j : judged) {
            if (!j.ok()) {
                stdout.println("  " + j.status() + " " + j.run().scenario() + ": " + VerdictTable.findings(j));
                if (!j.verdict().anomalies().isEmpty()) {
                    stdout.print(j.verdict().anomalies().get(0).describe());
                }
            }
        }
        // the job's rule, with an invalid history (bad input, nothing judged) between a bug and a broken run
        int code = Suite.exitCode(judged, judged.size(), false);
        if (code != Main.GATE_FAILED && invalid > 0) {
            code = Main.USAGE;
        }
        if (writer != null) {
            for (Judgement j : judged) {
                writer.writeVerdict(j);
            }
            writer.writeSummary(
                    judged.isEmpty() ? 0 : judged.get(0).run().scenario().seed(),
                    "check " + files,
                    judged,
                    table,
                    code,
                    false,
                    invalid == 0 ? null : invalid + " invalid histories");
        }
        stdout.println((code == Main.PASSED ? "CHECK PASSED" : "CHECK FAILED") + " (exit " + code + "): "
                + judged.size() + " histories judged, " + invalid + " invalid.");
        return code;
    }

    /** The run as its header describes it, judged as the main job judges it. */
    static Judgement judge(HistoryIo.HistoryFile file) {
        HistoryHeader h = file.header();
        History history = file.history();
        Scenario s = new Scenario(
                h.workload(),
                h.store(),
                h.backend(),
                new Topology(h.replicas(), h.threads(), h.keys(), Skew.parse(h.skew())),
                new Budget(h.opsBudget(), Duration.ofMillis(h.durationBudgetMillis())),
                h.seed());
        Evidence evidence = Evidence.of(history.ops());
        RunResult run = new RunResult(
                s,
                h.backendDescription(),
                h.versionsUniqueAcrossKeys(),
                h.versionsRiseAcrossIncarnations(),
                history,
                h.workerOps(),
                Conflicts.count(history),
                evidence.errors(),
                evidence.firstErrors().isEmpty() ? null : evidence.firstErrors().get(0),
                Duration.ofMillis(h.elapsedMillis()),
                h.runError(),
                h.faultEvents());
        ZooMember member = Zoo.names().contains(h.store()) ? Zoo.byName(h.store()) : null;
        return Judgement.judge(run, member);
    }
}
