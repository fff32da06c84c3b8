package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code revision-gap}: a scope's revisions are not dense — revision {@code r} is present (acknowledged, or found
 * by a read) while a lower revision {@code q ≥ 1} of the scope is not: no acknowledged write claimed {@code q} and no
 * read found it. One anomaly per missing revision, citing the lowest present revision above it.
 *
 * <p>Sound: a correct appender claims {@code latest + 1} only once it has seen {@code latest} present (read it, or
 * written it), revisions are never deleted, and the final reads read every revision key; so by induction every
 * revision below a present one is present.
 */
final class RevisionGapRule {
    private static final Explanation GAP = Explanation.of(
            "revision-gap.missing",
            "scope {scope} holds revision {above} ({aboveKey}) but not revision {missing}: no acknowledged write"
                    + " claimed it and no read found it");

    private final HistoryIndex ix;
    private final Findings out;

    RevisionGapRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(RevisionIndex revisions) {
        for (Map.Entry<String, TreeMap<Long, RevisionIndex.Revision>> scope : revisions.byScope.entrySet()) {
            TreeMap<Long, RevisionIndex.Revision> present = new TreeMap<>();
            scope.getValue().forEach((n, r) -> {
                if (!r.okWrites.isEmpty() || ix.keys.get(r.key).witness >= 0) {
                    present.put(n, r);
                }
            });
            if (present.isEmpty()) {
                continue;
            }
            for (long q = 1; q < present.lastKey(); q++) {
                if (present.containsKey(q)) {
                    continue;
                }
                RevisionIndex.Revision above = present.higherEntry(q).getValue();
                KeyChain ks = ix.keys.get(above.key);
                out.report(
                        AnomalyType.REVISION_GAP,
                        ks.key(),
                        GAP.with("scope", scope.getKey())
                                .with("above", above.revision)
                                .with("aboveKey", ks.key())
                                .with("missing", q),
                        above.okWrites.isEmpty() ? ks.witness : above.okWrites.get(0));
            }
        }
    }

    /**
     * What the revisions proved, for the verdict's notes: acknowledged revisions per scope, dense from 1, and how
     * the appends' bounded retries on the constraint ended (none if the history has no revision kind).
     */
    static String note(RevisionIndex revisions) {
        if (revisions.byScope.isEmpty()) {
            return null;
        }
        long acknowledged = 0;
        long latest = 0;
        for (TreeMap<Long, RevisionIndex.Revision> scope : revisions.byScope.values()) {
            for (RevisionIndex.Revision r : scope.values()) {
                if (!r.okWrites.isEmpty()) {
                    acknowledged++;
                    latest = Math.max(latest, r.revision);
                }
            }
        }
        return "revisions: " + acknowledged + " acknowledged in " + revisions.byScope.size()
                + " scopes (highest " + latest + "); of " + revisions.appends + " appends, " + revisions.retried
                + " needed a retry on the (scope, revision) constraint and " + revisions.giveUps
                + " gave up (the most attempts one append made: " + revisions.maxAttemptSeen + ")";
    }
}
