package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Status;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The final state of an accumulating kind (list-append, merge): the key's highest-version read, its witness, must
 * hold every acknowledged token of its incarnation written at or below its version — a missing one is a lost write,
 * filed with {@link LostUpdateRule} — and each token once: a token held twice is a {@code duplicate-apply}. Also
 * resolves indeterminate writes the witness shows applied or not applied. Sound: every write keeps the tokens it
 * read and adds its unique token once, so by induction along the chain the value at {@code v} holds every token
 * written at or below {@code v} since the incarnation began, each once; a delete of unknown version in the window
 * could have begun a new incarnation, and then the check is withheld.
 */
final class FinalTokensRule {
    private static final String TWICE_TAIL = " appears {times} times in {key} at v{readVersion} (the key's last read):"
            + " its mutation was applied more than once";
    private static final Explanation TWICE =
            Explanation.of("duplicate-apply.token-twice", "the token {token}" + TWICE_TAIL);
    private static final Explanation TWICE_BY_WRITE = Explanation.of(
            "duplicate-apply.token-twice", "the token {token} of the {writer} that produced v{written}" + TWICE_TAIL);
    private static final Explanation TWICE_BY_INFO = Explanation.of(
            "duplicate-apply.token-twice", "the token {token} of the {writer} whose outcome is unknown" + TWICE_TAIL);

    private final HistoryIndex ix;
    private final Findings out;
    private final LostUpdateRule lostUpdates;
    private final VersionRegressionRule regressions;
    private long unwitnessedTokens;

    FinalTokensRule(HistoryIndex ix, Findings out, LostUpdateRule lostUpdates, VersionRegressionRule regressions) {
        this.ix = ix;
        this.out = out;
        this.lostUpdates = lostUpdates;
        this.regressions = regressions;
    }

    /** Acknowledged tokens written after the last read of their key: no read could confirm them. */
    long unwitnessedTokens() {
        return unwitnessedTokens;
    }

    /**
     * Accumulating kinds: every acknowledged token of the witness's incarnation must be in the witness.
     *
     * @return the witness's tokens as a set, or {@code null} when the key is not judged here
     */
    Set<String> judge(KeyChain ks) {
        if (!ks.accumulating || ks.witness < 0) {
            return null;
        }
        Op[] ops = ix.ops;
        Op witness = ops[ks.witness];
        long v = witness.readVersion();
        Set<String> seen = observedOnce(ks, witness);
        if (regressions.any() && regressions.of(ix.versions.producerOf(ks.index, v)) != null) {
            // the last read is of a create that began a new incarnation below the key's past: the versions below it
            // are of the incarnation deleted before it, so neither their tokens nor info writes are judged by it
            return seen;
        }
        int d = Ops.lowerBound(ks.delVersions, v) - 1;
        long lo = d >= 0 ? ks.delVersions[d] : 0;
        LongList vs = ks.writeVersions;
        for (int j = vs.lowerBound(lo + 1); j < vs.size(); j++) {
            long wv = vs.get(j);
            int w = ix.versions.producerOf(ks.index, wv);
            if (w < 0 || ops[w].token() == null || regressions.of(w) != null) {
                continue; // a regressed create's token belongs to an incarnation after the one this read is in
            }
            if (wv > v) {
                boolean deletedLater = ks.delVersions.length > 0 && ks.delVersions[ks.delVersions.length - 1] >= wv;
                if (ops[w].status() == Status.OK && !deletedLater) {
                    unwitnessedTokens++;
                }
                continue;
            }
            Op write = ops[w];
            if (seen.contains(write.token())) {
                continue;
            }
            if (ix.unknownDelete(ks, write.invokeNanos(), witness.completeNanos()) >= 0) {
                out.withhold("an acknowledged token is missing but an indeterminate delete may have removed it");
                continue;
            }
            lostUpdates.missingFromLastRead(w, ks.witness, ix.versions.producerOf(ks.index, v));
        }
        // an indeterminate append absent from a later read did not take effect before it (see docs/checker.md)
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            Op info = ops[w];
            if (ix.infoState[w] == HistoryIndex.INFO_UNRESOLVED
                    && info.token() != null
                    && info.completeNanos() < witness.invokeNanos()
                    && ix.unknownDelete(ks, info.invokeNanos(), witness.completeNanos()) < 0
                    && (d < 0 || ops[ks.delOps[d]].completeNanos() < info.invokeNanos())) {
                ix.infoState[w] =
                        seen.contains(info.token()) ? HistoryIndex.INFO_APPLIED : HistoryIndex.INFO_NOT_APPLIED;
            }
        }
        return seen;
    }

    /**
     * The witness's tokens as a set; a token it holds twice is a {@code duplicate-apply}: in an accumulating value a
     * write adds its unique token once, so a second copy means its mutation was applied twice (a retry after a lost
     * acknowledgement re-applied it). Cites the write of the token and the read.
     */
    private Set<String> observedOnce(KeyChain ks, Op witness) {
        List<String> observed = witness.observed();
        Set<String> seen = new HashSet<>(observed.size() * 2);
        Set<String> twice = null;
        for (int j = 0, size = observed.size(); j < size; j++) {
            String t = observed.get(j);
            if (!seen.add(t)) {
                if (twice == null) {
                    twice = new LinkedHashSet<>();
                }
                twice.add(t);
            }
        }
        if (twice != null) {
            for (String t : twice) {
                int w = ix.writeOfToken(ks, t);
                Explanation why = w < 0 ? TWICE : ix.ops[w].writtenVersion() > 0 ? TWICE_BY_WRITE : TWICE_BY_INFO;
                why = why.with("token", t);
                if (w >= 0) {
                    why = why.with("writer", Ops.verb(ix.ops[w])).with("written", ix.ops[w].writtenVersion());
                }
                out.report(
                        AnomalyType.DUPLICATE_APPLY,
                        ks.key(),
                        why.with("times", Collections.frequency(observed, t))
                                .with("key", ks.key())
                                .with("readVersion", witness.readVersion()),
                        w,
                        ks.witness);
            }
        }
        return seen;
    }
}
