package io.casharness.scenario.fault;

import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.Backend;
import java.util.random.RandomGenerator;

/**
 * A fault the harness injects while a scenario's workers run (a nemesis, in Jepsen's word): it is named, applies to
 * some backends, and each {@link #inject} does one thing to the backend and heals it before it returns, reporting
 * what it did as a {@link FaultEvent}. Implementations are stateless and thread-safe; {@link Nemesis} calls
 * {@code inject} from one thread at a time.
 */
public interface Fault {
    /** The name {@code --faults} uses, e.g. {@code kill}. */
    String name();

    /** One line for {@code --help}: what it does, to which backends. */
    String description();

    /**
     * Whether it acts on a fraction of operations ({@code --fault-rate}) rather than at scheduled instants
     * ({@code --fault-interval}).
     */
    default boolean perOperation() {
        return false;
    }

    /**
     * Whether an injection breaks the store's connections (terminates them, restarts the server, cuts them
     * mid-request): a connection it broke fails on its next use, which may come after the injection healed, so the
     * checker leaves a {@code CONNECTION_LOST} error after an injection of this fault, and before the next injection
     * starts, out of its bound on errors. False by default: a fault that only delays or blocks (a pause, a held lock)
     * leaves connections whole, and an error after it counts. Recorded on every {@link FaultEvent} ({@link #event}).
     */
    default boolean breaksConnections() {
        return false;
    }

    /**
     * The event of one injection of this fault: its name and {@link #breaksConnections()} filled in. An
     * implementation builds its events here, so the history records what the fault declares.
     */
    default FaultEvent event(String target, long startNanos, long endNanos, String action, long count, String error) {
        return new FaultEvent(name(), target, startNanos, endNanos, action, count, error, breaksConnections());
    }

    /**
     * Why this fault does not apply to {@code backend} under {@code plan}, or {@code null} if it does: {@code kill}
     * needs PostgreSQL, {@code pause} a server the harness started, and so on.
     */
    String skipReason(Backend backend, FaultPlan plan);

    /**
     * Injects the fault once and heals it (resumes what it paused, restarts what it stopped, releases what it
     * locked) before returning. Never throws for a failed injection: the event carries the error.
     *
     * @param backend a backend this fault applies to ({@link #skipReason} returned null)
     * @param random the nemesis's stream, derived from the run's seed
     * @param deadlineNanos when the worker phase ends ({@link System#nanoTime()}): a fault that holds something
     *     for a while lets go by then
     */
    FaultEvent inject(Backend backend, RandomGenerator random, long deadlineNanos);
}
