package io.casharness.store.conformance;

/**
 * The sizes of the concurrent parts of {@link CasStoreConformanceTest}. The defaults are the numbers issue 2 names;
 * a backend subclass may scale {@code rounds} down if it is slow, but should keep the issue's racers, threads,
 * increments and replicas.
 *
 * @param racers threads that race one {@code MatchVersion} write (issue: 10)
 * @param threads threads doing retrying increments (issue: 8)
 * @param incrementsPerThread increments each of them does (issue: 200)
 * @param replicas replicas (each with its own pool) the increment threads are spread over (issue: 4)
 * @param rounds rounds of the barrier-widened read-then-write race (the lost-update negative control)
 * @param maxAttempts attempts of the increments' retry policy
 */
public record ConcurrencyBudget(
        int racers, int threads, int incrementsPerThread, int replicas, int rounds, int maxAttempts) {

    /** The issue's numbers: 10 racers; 8 threads x 200 increments on 4 replicas; 25 control rounds. */
    public static final ConcurrencyBudget ISSUE = new ConcurrencyBudget(10, 8, 200, 4, 25, 20);

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
