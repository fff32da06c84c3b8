package io.casharness.scenario.zoo;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.StoreUnderTest;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deliberately broken store: one real mistake, a negative control for the checker and a reproduction for the
 * docs. Each member names the workload that exposes it, the backends where the mistake can occur, and the anomaly
 * the checker must report; a run of that workload on such a backend must give a FAIL verdict naming that anomaly
 * ("caught"). A mistake in application code ({@link ApplicationMistake}) can occur over any store, so it applies to
 * every backend, a user's included; a mistake in SQL applies to the backends whose schema it is written against.
 * See {@code docs/bug-zoo.md}.
 *
 * <p>Immutable and thread-safe; the stores it opens are thread-safe.
 */
public abstract class ZooMember implements StoreUnderTest {
    /**
     * Prefix of an expectation that is not an anomaly: {@code errors:MARKER} means the database refuses the race,
     * so the run must record failed ops whose error contains MARKER, and the checker must find no anomaly.
     */
    public static final String ERRORS_PREFIX = "errors:";

    private final String name;
    private final String mistake;
    private final String workload;
    private final Set<String> backends;
    private final boolean anyBackend;
    private final String expectedAnomaly;

    /**
     * A member tied to the backends named.
     *
     * @param name the name used on the command line
     * @param mistake one sentence: the mistake
     * @param workload the workload that exposes it
     * @param backends where it applies, at least one
     * @param expectedAnomaly the anomaly id the checker must report
     * @throws IllegalArgumentException if {@code backends} is empty
     */
    protected ZooMember(String name, String mistake, String workload, Set<String> backends, String expectedAnomaly) {
        this(name, mistake, workload, Set.copyOf(backends), false, expectedAnomaly);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(name + ": a member tied to backends must name at least one");
        }
    }

    /** A member that applies to every backend: see {@link ApplicationMistake}. */
    ZooMember(String name, String mistake, String workload, String expectedAnomaly) {
        this(name, mistake, workload, Set.of(), true, expectedAnomaly);
    }

    private ZooMember(
            String name,
            String mistake,
            String workload,
            Set<String> backends,
            boolean anyBackend,
            String expectedAnomaly) {
        this.name = requireNonNull(name, "name");
        this.mistake = requireNonNull(mistake, "mistake");
        this.workload = requireNonNull(workload, "workload");
        this.backends = backends;
        this.anyBackend = anyBackend;
        this.expectedAnomaly = requireNonNull(expectedAnomaly, "expectedAnomaly");
    }

    @Override
    public final String name() {
        return name;
    }

    public final String mistake() {
        return mistake;
    }

    /** The workload that exposes the mistake. */
    public final String workload() {
        return workload;
    }

    /** The backends this member is tied to; empty for one that applies to every backend ({@link #anyBackend()}). */
    public final Set<String> backends() {
        return backends;
    }

    /** Whether the mistake lives above the store, so the member runs over any backend, a user's included. */
    public final boolean anyBackend() {
        return anyBackend;
    }

    /** Where the member applies, for people: {@code any backend} or {@code postgres,sqlite}. */
    public final String where() {
        return anyBackend ? "any backend" : String.join(",", new TreeSet<>(backends));
    }

    /**
     * The anomaly id ({@code lost-update}, {@code aba}, ...) that catches this member on {@code backend}, or
     * {@code errors:MARKER} (see {@link #ERRORS_PREFIX}).
     */
    public String expectedAnomaly(String backend) {
        return expectedAnomaly;
    }

    /**
     * The fault ({@code --faults} name) without which this member's mistake does not show within a run's budget,
     * or {@code null} for one every run exposes: such a member runs only in runs that inject that fault.
     */
    public String exposedBy() {
        return null;
    }

    @Override
    public final boolean appliesTo(String backend) {
        return anyBackend || backends.contains(backend);
    }

    @Override
    public String toString() {
        return name;
    }
}
