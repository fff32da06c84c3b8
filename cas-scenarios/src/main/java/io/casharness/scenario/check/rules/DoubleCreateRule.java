package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code double-create}: two acknowledged must-creates of one key with no delete between them in version order (an
 * acknowledged delete of a version in {@code [c1, c2)}, or a delete of unknown version while they ran), or of one
 * unique name in a kind on two keys while the first still held it. Sound: a must-create needs its key (or name)
 * absent, and only a delete makes it absent again. A regressed create is out of place in version order, not a
 * second create of the incarnation around its version: its neighbours are judged as if it were not there, and it
 * against the next create above the versions it came after.
 */
final class DoubleCreateRule {
    private static final Explanation SAME_KEY = Explanation.of(
            "double-create.same-key",
            "two must-create writes of {key} were both acknowledged (v{first} and v{second}) with no delete between"
                    + " them");
    private static final Explanation AFTER_REGRESSION = Explanation.of(
            "double-create.after-regression",
            "two must-create writes of {key} were both acknowledged (v{first}, which began a new incarnation after"
                    + " the delete of v{deleted}, and v{second}) with no delete of the first incarnation between them");
    private static final Explanation SAME_NAME = Explanation.of(
            "double-create.same-name",
            "name {name} of kind {kind} was created twice, by {firstKey} and {secondKey}, and {firstKey} was not"
                    + " deleted between");

    private static final Explanation NAME_PASSED_BACK = Explanation.of(
            "version-regression.name-passed-back",
            "name {name} of kind {kind} was held by {secondKey} (created at v{second}) and freed by its delete, and"
                    + " the must-create of {firstKey}, in flight across both, was acknowledged with that name: it took it after"
                    + " that delete, so after v{second} was drawn, yet produced the lower v{first} (versions come from one"
                    + " counter): its version was drawn before it took effect");

    private final HistoryIndex ix;
    private final Findings out;
    private final VersionRegressionRule regressions;

    DoubleCreateRule(HistoryIndex ix, Findings out, VersionRegressionRule regressions) {
        this.ix = ix;
        this.out = out;
        this.regressions = regressions;
    }

    void judge(KeyChain ks) {
        if (ks.creates.size() < 2) {
            return;
        }
        Op[] ops = ix.ops;
        int[] cs = ix.createsByVersion(ks);
        if (regressions.any()) {
            regressedCreates(ks, cs);
            cs = Arrays.stream(cs).filter(c -> regressions.of(c) == null).toArray();
        }
        for (int j = 1; j < cs.length; j++) {
            Op c1 = ops[cs[j - 1]];
            Op c2 = ops[cs[j]];
            int d = Ops.lowerBound(ks.delVersions, c1.writtenVersion());
            if (d < ks.delVersions.length && ks.delVersions[d] < c2.writtenVersion()) {
                continue;
            }
            int unknown = ix.unknownDelete(ks, c1.invokeNanos(), c2.completeNanos());
            if (unknown >= 0) {
                ix.applied(unknown);
                continue;
            }
            out.report(
                    AnomalyType.DOUBLE_CREATE,
                    ks.key(),
                    SAME_KEY.with("key", ks.key())
                            .with("first", c1.writtenVersion())
                            .with("second", c2.writtenVersion()),
                    cs[j - 1],
                    cs[j]);
        }
    }

    /**
     * A regressed create's incarnation lives after the deletes it came after, at its own version and then at versions
     * above them: the next create above those must find it deleted (at its version, or at a version between), else
     * the two are a double create.
     */
    private void regressedCreates(KeyChain ks, int[] cs) {
        Op[] ops = ix.ops;
        for (int j = 0; j < cs.length; j++) {
            VersionRegressionRule.Regression g = regressions.of(cs[j]);
            if (g == null) {
                continue;
            }
            Op c1 = ops[cs[j]];
            int next = j + 1;
            while (next < cs.length
                    && (ops[cs[next]].writtenVersion() <= g.maxDeleted || regressions.of(cs[next]) != null)) {
                next++;
            }
            if (next == cs.length) {
                continue;
            }
            Op c2 = ops[cs[next]];
            int own = Ops.lowerBound(ks.delVersions, c1.writtenVersion());
            int after = Ops.lowerBound(ks.delVersions, g.maxDeleted + 1);
            boolean ended = (own < ks.delVersions.length && ks.delVersions[own] == c1.writtenVersion())
                    || (after < ks.delVersions.length && ks.delVersions[after] < c2.writtenVersion())
                    || ix.unknownDelete(ks, c1.invokeNanos(), c2.completeNanos()) >= 0;
            if (!ended) {
                out.report(
                        AnomalyType.DOUBLE_CREATE,
                        ks.key(),
                        AFTER_REGRESSION
                                .with("key", ks.key())
                                .with("first", c1.writtenVersion())
                                .with("deleted", g.maxDeleted)
                                .with("second", c2.writtenVersion()),
                        cs[j],
                        cs[next]);
            }
        }
    }

    /**
     * Whether the name could have passed the other way, from the create of the higher version {@code c2} to that of
     * the lower {@code c1}: a delete of {@code c2}'s incarnation (or a rename of its key) may have freed it before
     * {@code c1} took effect. With per-key versions two keys' versions say nothing of the order their creates took
     * effect in, so that order explains the history. With versions from one counter it needs {@code c1}, in flight
     * across {@code c2}'s create and that delete, to have produced a version below one drawn before it took effect:
     * a version-regression (its version was drawn early), reported instead of a double create.
     */
    private boolean freedFirst(Op c1, int i1, Op c2, int i2) {
        KeyChain second = ix.keyOf(i2);
        if (second.renamed) {
            return true;
        }
        long held = c2.writtenVersion();
        int freed = ix.findDelete(
                second,
                c2.invokeNanos(),
                c1.completeNanos(),
                (d, del) -> Ops.versionUnknown(del) || del.readVersion() >= held);
        if (freed < 0) {
            return false;
        }
        if (ix.options.versionsUniqueAcrossKeys()) {
            out.report(
                    AnomalyType.VERSION_REGRESSION,
                    c1.key(),
                    NAME_PASSED_BACK
                            .with("name", c1.name())
                            .with("kind", c1.kind())
                            .with("secondKey", c2.key())
                            .with("second", held)
                            .with("firstKey", c1.key())
                            .with("first", c1.writtenVersion()),
                    i2,
                    freed,
                    i1);
        }
        return true;
    }

    /** Unique names: two acknowledged must-creates of one name on two keys, the first not deleted between. */
    void judgeNames() {
        IntList named = ix.namedCreates;
        if (named.size() < 2) {
            return;
        }
        Op[] ops = ix.ops;
        Map<String, IntList> byName = new HashMap<>();
        for (int j = 0; j < named.size(); j++) {
            Op op = ops[named.get(j)];
            byName.computeIfAbsent(op.kind() + '\u0000' + op.name(), k -> new IntList())
                    .add(named.get(j));
        }
        for (IntList list : byName.values()) {
            if (list.size() < 2) {
                continue;
            }
            int[] cs = ix.sortedByWritten(list);
            for (int j = 1; j < cs.length; j++) {
                Op c1 = ops[cs[j - 1]];
                Op c2 = ops[cs[j]];
                KeyChain holder = ix.keyOf(cs[j - 1]);
                if (ix.keyOf[cs[j - 1]] == ix.keyOf[cs[j]] || holder.renamed) {
                    continue; // same key: judge(ks) judges it; renamed: the name may have been released
                }
                long held = c1.writtenVersion();
                int released = ix.findDelete(
                        holder,
                        c1.invokeNanos(),
                        c2.completeNanos(),
                        (d, del) -> Ops.versionUnknown(del) || del.readVersion() >= held);
                if (released < 0 && freedFirst(c1, cs[j - 1], c2, cs[j])) {
                    continue;
                }
                if (released < 0) {
                    out.report(
                            AnomalyType.DOUBLE_CREATE,
                            c2.kind() + "/name:" + c2.name(),
                            SAME_NAME
                                    .with("name", c2.name())
                                    .with("kind", c2.kind())
                                    .with("firstKey", c1.key())
                                    .with("secondKey", c2.key()),
                            cs[j - 1],
                            cs[j]);
                }
            }
        }
    }
}
