package io.casharness.store.conformance;

/**
 * The sizes of the concurrent parts of {@link CasStoreConformanceTest}. A backend subclass may scale {@code rounds}
 * down if it is slow, but should keep the {@link #DEFAULT} racers, threads, increments and replicas: they are what
 * makes a lost update likely enough to be caught.
 *
 * @param racers threads that race one {@code MatchVersion} write (default: 10)
 * @param threads threads doing retrying increments (default: 8)
 * @param incrementsPerThread increments each of them does (default: 200)
 * @param replicas replicas (each with its own pool) the increment threads are spread over (default: 4)
 * @param rounds rounds of the barrier-widened read-then-write race (the lost-update negative control)
 * @param maxAttempts attempts of the increments' retry policy
 */
public record ConcurrencyBudget(
        int racers, int threads, int incrementsPerThread, int replicas, int rounds, int maxAttempts) {

    /** The suite's numbers: 10 racers; 8 threads x 200 increments on 4 replicas; 25 control rounds. */
    public static final ConcurrencyBudget DEFAULT = new ConcurrencyBudget(10, 8, 200, 4, 25, 20);

    public ConcurrencyBudget {
        if (racers < 2 || threads < 2 || replicas < 2) {
            throw new IllegalArgumentException("racers, threads and replicas must be >= 2 to race, were " + racers
                    + ", " + threads + ", " + replicas);
        }
        if (incrementsPerThread < 1 || rounds < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("incrementsPerThread, rounds and maxAttempts must be >= 1, were "
                    + incrementsPerThread + ", " + rounds + ", " + maxAttempts);
        }
    }

    public ConcurrencyBudget withRounds(int newRounds) {
        return new ConcurrencyBudget(racers, threads, incrementsPerThread, replicas, newRounds, maxAttempts);
    }
}
