package io.casharness.scenario.gate;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.Budget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How {@link CasStoreGateTest} runs the gate: the budget of each run (operations, capped by a duration), the seed
 * every run derives its choices from, and the folder histories and verdicts are written to. Immutable and
 * thread-safe; the {@code with...} methods return a copy.
 *
 * @param ops operations per run, at least 1
 * @param duration the cap on each run's time, not negative ({@code 0}: no cap)
 * @param seed the seed, or empty for a fresh one each time the gate runs (printed in every failure so it replays)
 * @param out the folder the results go to, under which each test class gets a folder of its own
 */
public record GateOptions(long ops, Duration duration, OptionalLong seed, Path out) {
    /** The system property that fixes the seed of a run, to replay a failure: {@code -Dcas.gate.seed=N}. */
    public static final String SEED_PROPERTY = "cas.gate.seed";

    /**
     * @throws IllegalArgumentException if {@code ops} is below 1 or {@code duration} is negative
     */
    public GateOptions {
        requireNonNull(duration, "duration");
        requireNonNull(seed, "seed");
        requireNonNull(out, "out");
        new Budget(ops, duration); // validates, with the main job's messages
    }

    /**
     * The main job's budget (1,000 operations capped at 5 seconds per run), a fresh seed unless
     * {@value #SEED_PROPERTY} names one, and results under {@code target/cas-gate}.
     */
    public static GateOptions defaults() {
        String fixed = System.getProperty(SEED_PROPERTY);
        OptionalLong seed;
        try {
            seed = fixed == null || fixed.isBlank()
                    ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(fixed.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a whole number, was \"" + fixed + "\"");
        }
        Budget budget = Budget.defaults();
        return new GateOptions(budget.ops(), budget.duration(), seed, Path.of("target", "cas-gate"));
    }

    public GateOptions withOps(long ops) {
        return new GateOptions(ops, duration, seed, out);
    }

    public GateOptions withDuration(Duration duration) {
        return new GateOptions(ops, duration, seed, out);
    }

    public GateOptions withSeed(long seed) {
        return new GateOptions(ops, duration, OptionalLong.of(seed), out);
    }

    public GateOptions withOut(Path out) {
        return new GateOptions(ops, duration, seed, out);
    }

    Budget budget() {
        return new Budget(ops, duration);
    }
}
