package io.casharness.scenario.fault;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which faults a run injects and how often: the {@code --faults}, {@code --fault-interval}, {@code --fault-rate} and
 * {@code --allow-restart} of the main job. Immutable; validated on construction.
 *
 * @param names the faults, by {@link Faults} name, in the order given; empty for none
 * @param interval the mean time between two injections (each gap is drawn from the run's seed in [0.5, 1.5] x this)
 * @param rate the fraction of operations a per-operation fault acts on
 * @param allowRestart whether {@code restart} may stop a server the harness did not start (one given by URL)
 */
public record FaultPlan(List<String> names, Duration interval, double rate, boolean allowRestart) {
    /** The default mean time between injections. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(1000);
    /** The default fraction of operations a per-operation fault acts on. */
    public static final double DEFAULT_RATE = 0.05;
    /** The shortest interval accepted. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(50);
    /** The longest interval accepted. */
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(10);

    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan(List.of(), DEFAULT_INTERVAL, DEFAULT_RATE, false);

    /**
     * @throws IllegalArgumentException naming the value and the bound: an unknown or repeated fault, an interval
     *     outside {@value #MIN_INTERVAL_MS} ms to 10 min, a rate outside (0, 1]
     */
    public FaultPlan {
        names = List.copyOf(names);
        requireNonNull(interval, "interval");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            Faults.byName(n);
            if (!seen.add(n)) {
                throw new IllegalArgumentException("--faults names \"" + n + "\" twice");
            }
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("--fault-interval must be between " + MIN_INTERVAL.toMillis()
                    + " ms and " + MAX_INTERVAL.toMinutes() + " min, was " + interval.toMillis() + " ms");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("--fault-rate must be in (0, 1], was " + rate);
        }
    }

    static final long MIN_INTERVAL_MS = 50;

    /** Whether the plan injects nothing. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The faults' objects, in order. */
    public List<Fault> faults() {
        return names.stream().map(Faults::byName).toList();
    }

    /** {@code kill,pause every ~1000 ms}, or {@code null} for none: what a history header records. */
    public String describe() {
        if (isEmpty()) {
            return null;
        }
        return String.join(",", names) + " every ~" + interval.toMillis() + " ms"
                + (names.stream().map(Faults::byName).anyMatch(Fault::perOperation)
                        ? String.format(Locale.ROOT, ", rate %s", rate)
                        : "")
                + (allowRestart ? ", restart allowed on any server" : "");
    }

    /** The main job's arguments that give this plan: empty for none, else {@code --faults ... --fault-interval ...}. */
    public String replayArgs() {
        if (isEmpty()) {
            return "";
        }
        return " --faults " + String.join(",", names) + " --fault-interval " + interval.toMillis() + "ms"
                + (rate != DEFAULT_RATE ? " --fault-rate " + rate : "")
                + (allowRestart ? " --allow-restart" : "");
    }
}
