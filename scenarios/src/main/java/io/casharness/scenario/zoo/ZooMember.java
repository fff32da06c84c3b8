package io.casharness.scenario.zoo;

import static java.util.Objects.requireNonNull;

import io.casharness.scenario.StoreUnderTest;
import java.util.Set;

/**
 * A deliberately broken store: one real mistake, a negative control for the checker and a reproduction for the
 * docs. Each member names the workload that exposes it, the backends where the mistake can occur, and the anomaly
 * the checker must report; a run of that workload on such a backend must give a FAIL verdict naming that anomaly
 * ("caught"). See {@code docs/bug-zoo.md}.
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
    private final String expectedAnomaly;

    /**
     * @param name the name used on the command line
     * @param mistake one sentence: the mistake
     * @param workload the workload that exposes it
     * @param backends where it applies
     * @param expectedAnomaly the anomaly id the checker must report
     */
    protected ZooMember(String name, String mistake, String workload, Set<String> backends, String expectedAnomaly) {
        this.name = requireNonNull(name, "name");
        this.mistake = requireNonNull(mistake, "mistake");
        this.workload = requireNonNull(workload, "workload");
        this.backends = Set.copyOf(backends);
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

    public final Set<String> backends() {
        return backends;
    }

    /**
     * The anomaly id ({@code lost-update}, {@code aba}, ...) that catches this member on {@code backend}, or
     * {@code errors:MARKER} (see {@link #ERRORS_PREFIX}).
     */
    public String expectedAnomaly(String backend) {
        return expectedAnomaly;
    }

    @Override
    public final boolean appliesTo(String backend) {
        return backends.contains(backend);
    }

    @Override
    public String toString() {
        return name;
    }
}
