package io.casharness.scenario.check;

/**
 * The contention a history actually achieved: a pass means little unless writers really raced.
 *
 * <p>Immutable.
 *
 * @param conflicts attempts that lost a race, as {@link io.casharness.scenario.history.Conflicts} defines them (the
 *     count the runner and the {@code check} command report): refused writes and deletes ({@code Conflict},
 *     {@code AlreadyExists}), plus the lost attempts of updates ({@code attempts - 1} for a successful update,
 *     {@code attempts} for an exhausted one)
 * @param exhausted updates that ran out of attempts (outcome {@code EXHAUSTED})
 * @param conflictingPairs pairs of recorded write ops on one key that started from the same base version (a
 *     match-version write's expected version, an update's last read; a must-create's base is "absent" in the key's
 *     current incarnation): the sum over such groups of n(n-1)/2, plus one per retried update attempt (each retry
 *     follows a race with a writer that committed from the same base)
 * @param attemptsPerSuccess write attempts (an update counts its attempts, other writes 1) per acknowledged write;
 *     0 when nothing was acknowledged
 * @param infoOps ops whose outcome is unknown ({@code info})
 */
public record Contention(
        long conflicts, long exhausted, long conflictingPairs, double attemptsPerSuccess, long infoOps) {

    /** Whether any writers raced at all. */
    public boolean any() {
        return conflicts > 0 || conflictingPairs > 0;
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "conflicts=%d, exhausted=%d, conflictingPairs=%d, attemptsPerSuccess=%.3f, info=%d",
                conflicts,
                exhausted,
                conflictingPairs,
                attemptsPerSuccess,
                infoOps);
    }
}
