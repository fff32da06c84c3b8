package io.casharness.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one cell leaves behind beside the JMH score: the correctness verdict, attempts per success, errors by code
 * and whole-operation latency percentiles (every attempt and every backoff included), measurement iterations only.
 *
 * @param successes updates reported applied, all iterations (warmup included: they also changed the rows)
 * @param applied increments found in the database after the trial
 * @param unknown errors whose write may have committed
 */
record CellReport(
        String cell,
        String backend,
        String strategy,
        String keys,
        String backoff,
        int maxAttempts,
        int threads,
        String database,
        long successes,
        long giveUps,
        long unknown,
        long applied,
        double attemptsPerSuccess,
        long conflicts,
        Histogram latency,
        Map<String, Long> errors) {

    enum Verdict {
        /** Every reported success is in the database, nothing else is. */
        OK,
        /** The difference is covered by writes whose outcome is unknown. */
        UNKNOWN,
        /** Updates were lost (or invented): the benchmark measured a broken strategy. */
        BROKEN
    }

    Verdict verdict() {
        return verdict(successes, unknown, applied);
    }

    static Verdict verdict(long successes, long unknown, long applied) {
        if (applied == successes) {
            return Verdict.OK;
        }
        if (applied > successes && applied <= successes + unknown) {
            return Verdict.UNKNOWN;
        }
        return Verdict.BROKEN;
    }

    double percentileMicros(double p) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(p) / 1_000.0;
    }

    String summary() {
        return String.format(
                "successes=%d applied=%d giveUps=%d unknown=%d attempts/success=%.2f p50=%.0fus p99=%.0fus"
                        + " p99.9=%.0fus errors=%s",
                successes,
                applied,
                giveUps,
                unknown,
                attemptsPerSuccess,
                percentileMicros(50),
                percentileMicros(99),
                percentileMicros(99.9),
                errors);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", cell);
        m.put("backend", backend);
        m.put("strategy", strategy);
        m.put("keys", keys);
        m.put("backoff", backoff);
        m.put("maxAttempts", maxAttempts);
        m.put("threads", threads);
        m.put("database", database);
        m.put("verdict", verdict().name());
        m.put("successes", successes);
        m.put("applied", applied);
        m.put("giveUps", giveUps);
        m.put("unknownOutcomes", unknown);
        m.put("attemptsPerSuccess", attemptsPerSuccess);
        m.put("conflictsMeasured", conflicts);
        m.put("latencyCount", latency.getTotalCount());
        m.put("p50us", percentileMicros(50));
        m.put("p99us", percentileMicros(99));
        m.put("p999us", percentileMicros(99.9));
        m.put("maxus", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1_000.0);
        m.put("errors", errors);
        // the whole histogram, so the forks of a cell can be merged into one set of percentiles (Forks)
        m.put("latencyHistogram", Forks.encode(latency));
        return m;
    }
}
