package io.casharness.scenario;

import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.HistoryIo;
import io.casharness.scenario.history.Op;
import io.qameta.allure.Allure;
import java.util.List;

/**
 * Attaches a run's evidence to the Allure result of the current test: the verdict summary always; for a FAIL
 * verdict, every anomaly's explanation and timeline, and a history excerpt (JSON Lines: the ops of the first
 * anomalies, then the history's first ops).
 */
final class Evidence {
    static final int EXCERPT_OPS = 60;

    private Evidence() {}

    static void attach(Judgement j) {
        Verdict v = j.verdict();
        Allure.addAttachment(
                "verdict " + j.run().scenario().id(),
                "text/plain",
                j.run().scenario() + "\n" + v.summary() + "\nreplay: "
                        + j.run().scenario().replayCommand());
        if (v.result() != Verdict.Result.FAIL) {
            return;
        }
        StringBuilder anomalies = new StringBuilder();
        for (Anomaly a : v.anomalies().subList(0, Math.min(20, v.anomalies().size()))) {
            anomalies.append(a.describe()).append('\n');
        }
        Allure.addAttachment("anomalies " + j.run().scenario().id(), "text/plain", anomalies.toString());
        StringBuilder excerpt = new StringBuilder();
        int n = 0;
        for (Anomaly a : v.anomalies()) {
            for (Op op : a.ops()) {
                excerpt.append(HistoryIo.toJson(op)).append('\n');
                if (++n >= EXCERPT_OPS) {
                    break;
                }
            }
            if (n >= EXCERPT_OPS) {
                break;
            }
        }
        List<Op> ops = j.run().history().ops();
        excerpt.append("# first ops of the history\n");
        for (Op op : ops.subList(0, Math.min(EXCERPT_OPS, ops.size()))) {
            excerpt.append(HistoryIo.toJson(op)).append('\n');
        }
        Allure.addAttachment(
                "history excerpt " + j.run().scenario().id(), "application/x-ndjson", excerpt.toString(), ".jsonl");
    }
}
