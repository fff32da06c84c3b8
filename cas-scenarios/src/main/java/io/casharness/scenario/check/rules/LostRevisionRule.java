package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;

/**
 * {@code lost-revision}: an acknowledged revision is not present at the end — the highest-version read of its key,
 * invoked after the revision's write completed, holds another write's token; or no read found the key at all and
 * its last read, invoked after the write completed, found it absent (and nothing deleted it). Two acknowledged
 * claims of one revision lose one of them this way.
 *
 * <p>Sound: a revision's key is written once, by the create that claims it; a later read returns that create's
 * object, and only a delete removes it.
 */
final class LostRevisionRule {
    private static final Explanation LOST = Explanation.of(
            "lost-revision.not-present",
            "the acknowledged revision {revision} of scope {scope} ({key}, v{version}, token {token}) is not present"
                    + " at the end: the last read of {key} found {found}");

    private final HistoryIndex ix;
    private final Findings out;

    LostRevisionRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    void judge(RevisionIndex revisions) {
        Op[] ops = ix.ops;
        for (RevisionIndex.Revision r : revisions.byKey.values()) {
            KeyChain ks = ix.keys.get(r.key);
            for (int j = 0; j < r.okWrites.size(); j++) {
                int w = r.okWrites.get(j);
                Op write = ops[w];
                int read = ks.witness;
                String found;
                if (read >= 0 && ops[read].invokeNanos() > write.completeNanos()) {
                    if (ops[read].observed().contains(write.token())) {
                        continue;
                    }
                    found = "v" + ops[read].readVersion() + " holding " + ops[read].observed();
                } else if (read < 0
                        && r.lastRead >= 0
                        && ops[r.lastRead].invokeNanos() > write.completeNanos()
                        && ks.deletes.isEmpty()) {
                    read = r.lastRead;
                    found = "it absent";
                } else {
                    continue;
                }
                out.report(
                        AnomalyType.LOST_REVISION,
                        ks.key(),
                        LOST.with("revision", r.revision)
                                .with("scope", r.scope)
                                .with("key", ks.key())
                                .with("version", write.writtenVersion())
                                .with("token", write.token())
                                .with("found", found),
                        w,
                        read >= 0 && ops[read].readVersion() > 0
                                ? ix.versions.producerOf(ks.index, ops[read].readVersion())
                                : -1,
                        read);
            }
        }
    }
}
