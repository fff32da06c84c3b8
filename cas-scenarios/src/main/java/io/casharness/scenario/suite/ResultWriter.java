package io.casharness.scenario.suite;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.casharness.scenario.Judgement;
import io.casharness.scenario.RunResult;
import io.casharness.scenario.Scenario;
import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.Evidence;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.fault.FaultSummary;
import io.casharness.scenario.history.HistoryHeader;
import io.casharness.scenario.history.HistoryIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a run's files into the output folder: {@code <name>.history.jsonl} (the history, JSON Lines, see
 * {@link HistoryIo}), {@code <name>.verdict.json} (the verdict), named by {@link #fileName}, whatever the
 * {@link Extra} writes (the main job adds an Allure result in {@code allure-results/}), and at the end
 * {@code summary.json} and {@code verdicts.txt} (the table). Not thread-safe.
 */
public final class ResultWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;
    private final Function<Scenario, String> replay;
    private final Extra extra;

    /** More files per run, beside the history and the verdict: for example an Allure result. */
    @FunctionalInterface
    public interface Extra {
        /**
         * @param judgement the run and its verdict
         * @param dir the output folder
         * @param replay the command that replays the run
         */
        void write(Judgement judgement, Path dir, String replay);
    }

    /** A writer whose replay commands are {@link Scenario#replayCommand()}. */
    public ResultWriter(Path dir) {
        this(dir, Scenario::replayCommand, (j, d, r) -> {});
    }

    /**
     * @param replay the command that replays a run, recorded in its verdict
     * @param extra what else to write per run
     */
    public ResultWriter(Path dir, Function<Scenario, String> replay, Extra extra) {
        this.dir = dir;
        this.replay = requireNonNull(replay, "replay");
        this.extra = requireNonNull(extra, "extra");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Writes one run's history and verdict. */
    public void write(Judgement j) {
        String name = fileName(j.run().scenario());
        HistoryIo.write(header(j.run()), j.run().history(), dir.resolve(name + ".history.jsonl"));
        writeVerdict(j);
        extra.write(j, dir, replay.apply(j.run().scenario()));
    }

    /** Writes one run's verdict only. */
    public void writeVerdict(Judgement j) {
        writeJson(dir.resolve(fileName(j.run().scenario()) + ".verdict.json"), verdictJson(j, true, replay));
    }

    /**
     * The files' common name: {@code <workload>.<store>.<backend>.seed<seed>}, so runs of other seeds in one folder
     * never overwrite each other.
     */
    public static String fileName(Scenario s) {
        return s.id() + ".seed" + s.seed();
    }

    /** The history file's header for {@code run}: everything {@code check} needs to judge it again. */
    public static HistoryHeader header(RunResult run) {
        Scenario s = run.scenario();
        return new HistoryHeader(
                HistoryHeader.FORMAT,
                HistoryHeader.HARNESS,
                s.workload(),
                s.store(),
                s.backend(),
                run.backendDescription(),
                run.versionsUniqueAcrossKeys(),
                run.versionsRiseAcrossIncarnations(),
                s.seed(),
                s.topology().replicas(),
                s.topology().threads(),
                s.topology().keys(),
                s.topology().skew().toString(),
                s.budget().ops(),
                s.budget().duration().toMillis(),
                run.workerOps(),
                run.elapsed().toMillis(),
                run.error(),
                s.faults().describe(),
                run.faultEvents());
    }

    /**
     * Writes the summary of every run that ran and the table. Called once at the end of the job, also when it was
     * interrupted or broke, so what ran is never lost.
     *
     * @param exitCode the job's exit code
     * @param interrupted whether the job was cancelled (Ctrl-C) before every run ran
     * @param broke why the job itself broke off, or null
     */
    public void writeSummary(
            long seed,
            String args,
            List<Judgement> all,
            String table,
            int exitCode,
            boolean interrupted,
            String broke) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("args", args);
        m.put("gate", exitCode == 0 ? "pass" : "fail");
        m.put("exitCode", exitCode);
        m.put("interrupted", interrupted);
        m.put("broke", broke);
        Map<String, Long> gates = new LinkedHashMap<>();
        for (Judgement j : all) {
            gates.merge(j.status(), 1L, Long::sum);
        }
        m.put("runsByGate", gates);
        List<Object> rows = new ArrayList<>();
        for (Judgement j : all) {
            rows.add(verdictJson(j, false, replay));
        }
        m.put("runs", rows);
        writeJson(dir.resolve("summary.json"), m);
        try {
            Files.writeString(dir.resolve("verdicts.txt"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The verdict of one run as a JSON-ready map.
     *
     * @param allAnomalies every anomaly the verdict lists (the run's own file), or only the first (the summary)
     * @param replay the command that replays a run
     */
    public static Map<String, Object> verdictJson(
            Judgement j, boolean allAnomalies, Function<Scenario, String> replay) {
        RunResult run = j.run();
        Scenario s = run.scenario();
        Verdict v = j.verdict();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("workload", s.workload());
        m.put("store", s.store());
        m.put("backend", s.backend());
        m.put("backendDescription", run.backendDescription());
        m.put("seed", s.seed());
        m.put("replicas", s.topology().replicas());
        m.put("threads", s.topology().threads());
        m.put("keys", s.topology().keys());
        m.put("skew", s.topology().skew().toString());
        m.put("opsBudget", s.budget().ops());
        m.put("durationBudgetMillis", s.budget().duration().toMillis());
        m.put("result", v.result().name());
        m.put("expectedAnomaly", j.expected());
        m.put("gate", j.ok() ? "ok" : "fail");
        m.put("status", j.status());
        m.put("opCount", v.opCount());
        m.put("workerOps", run.workerOps());
        m.put("conflicts", run.conflicts());
        m.put("errors", run.errors());
        m.put("firstError", run.firstError());
        m.put("elapsedMillis", run.elapsed().toMillis());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("conflicts", v.contention().conflicts());
        c.put("exhausted", v.contention().exhausted());
        c.put("conflictingPairs", v.contention().conflictingPairs());
        c.put("attemptsPerSuccess", v.contention().attemptsPerSuccess());
        c.put("infoOps", v.contention().infoOps());
        m.put("contention", c);
        Evidence e = v.evidence();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("statement", e.statement());
        ev.put("storeCalls", e.storeCalls());
        ev.put("writeCalls", e.writeCalls());
        ev.put("acknowledgedWrites", e.acknowledgedWrites());
        ev.put("keysWritten", e.keysWritten());
        ev.put("keysWrittenConcurrently", e.keysWrittenConcurrently());
        ev.put("overlappingWritePairs", e.overlappingWritePairs());
        ev.put("maxWritersInFlight", e.maxWritersInFlight());
        ev.put("errors", e.errors());
        ev.put("errorsByClass", e.errorsByClass());
        ev.put("firstErrors", e.firstErrors());
        m.put("evidence", ev);
        m.put("runError", run.error());
        Map<String, Integer> counts = new LinkedHashMap<>();
        v.countsByType().forEach((t, n) -> counts.put(t.id(), n));
        m.put("anomalyCounts", counts);
        Map<String, Long> listed = new LinkedHashMap<>();
        v.listedByType().forEach((t, n) -> listed.put(t.id(), n));
        m.put("anomaliesListed", listed);
        List<Object> anomalies = new ArrayList<>();
        for (Anomaly a : allAnomalies
                ? v.anomalies()
                : v.anomalies().subList(0, Math.min(1, v.anomalies().size()))) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("type", a.type().id());
            am.put("key", a.key());
            am.put("explanation", a.explanation());
            am.put("reason", a.why().reason());
            am.put("values", a.why().values());
            am.put("timeline", FaultSummary.timeline(a, run.faultEvents()));
            am.put("originNanos", a.originNanos());
            anomalies.add(am);
        }
        m.put("anomalies", anomalies);
        if (!run.faultEvents().isEmpty() || !s.faults().isEmpty()) {
            m.put("faults", FaultSummary.json(s.faults().describe(), run.faultEvents(), run.history()));
        }
        m.put("notes", v.notes());
        m.put("replay", replay.apply(s));
        return m;
    }

    private static void writeJson(Path file, Object value) {
        try {
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
