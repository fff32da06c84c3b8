package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lost-update}: an acknowledged write was erased — another acknowledged write (or match-version delete) from
 * the same base also took effect ({@link HistoryIndex#erasures}), or a read that must hold its token does not: a read
 * of the write's own version, the key's last read of an accumulating kind ({@link FinalTokensRule}), or, for a
 * register, the first read of the eraser's version. Every proof is filed under the erased write, so a lost write is
 * one anomaly whichever proofs saw it. Sound: a match-version write from {@code b} takes effect while {@code b} is
 * current and replaces it with a newer version, so two from one base cannot both take effect; a read of {@code v}
 * returns what the write of {@code v} stored; an accumulating value keeps every token of its incarnation.
 */
final class LostUpdateRule {
    /** The read is of the erased write's own version. */
    static final int IN_PLACE = 1;
    /** The read is the key's highest-version read (accumulating kinds). */
    static final int LAST_READ = 2;
    /** The read is of a later version of the same incarnation (registers). */
    static final int LATER_READ = 3;

    private final HistoryIndex ix;
    private final Findings out;
    /** Acknowledged writes shown lost, by the erased op, in the order found: one lost-update each. */
    private final Map<Integer, LostWrite> lost = new LinkedHashMap<>();
    /** Ops that erased a write from their base; the first read of an eraser's version proves a register's loss. */
    private final BitSet erasers = new BitSet();

    private final Map<Integer, Integer> eraserReads = new HashMap<>();

    LostUpdateRule(HistoryIndex ix, Findings out) {
        this.ix = ix;
        this.out = out;
    }

    /** An acknowledged write shown lost, and the evidence gathered for it. */
    private static final class LostWrite {
        final int erased;
        /** A write (or match-version delete) that started from the same base, or -1. */
        int eraser = -1;

        int baseProducer = -1;
        long base;
        /** A read proving the erased token missing, the write of that read's version (or -1), and how it proves it. */
        int read = -1;

        int readProducer = -1;
        int proof;

        LostWrite(int erased) {
            this.erased = erased;
        }

        /** Keeps the first read shown to lack the token. */
        void proveByRead(int newRead, int producer, int how) {
            if (read < 0) {
                read = newRead;
                readProducer = producer;
                proof = how;
            }
        }
    }

    /** Takes the erasures the index pass found (before the sweep, which looks for reads of the erasers). */
    void fromIndex() {
        IntList e = ix.erasures;
        for (int j = 0, k = 0; j < e.size(); j += 3, k++) {
            LostWrite lw = lost(e.get(j));
            if (lw.eraser < 0) {
                int eraser = e.get(j + 1);
                lw.eraser = eraser;
                lw.baseProducer = e.get(j + 2);
                lw.base = ix.erasureBases.get(k);
                if (ix.ops[eraser].type() != OpType.DELETE) {
                    erasers.set(eraser);
                }
            }
        }
    }

    private LostWrite lost(int erased) {
        return lost.computeIfAbsent(erased, LostWrite::new);
    }

    /** In the sweep: an ok read of the version {@code producer} wrote. */
    void read(int i, Op read, int producer) {
        Op w = ix.ops[producer];
        if (lacksOwnToken(read, w)) {
            lost(producer).proveByRead(i, -1, IN_PLACE);
        }
        if (!erasers.isEmpty() && erasers.get(producer)) {
            eraserReads.putIfAbsent(producer, i);
        }
    }

    /** Whether a read of {@code producer}'s version lacks its token (this rule files that read as the proof). */
    static boolean lacksOwnToken(Op read, Op producer) {
        return producer.token() != null
                && !read.observed().isEmpty()
                && !read.observed().contains(producer.token());
    }

    /** The key's last read ({@code witness}, of the version {@code producer} wrote) lacks {@code erased}'s token. */
    void missingFromLastRead(int erased, int witness, int producer) {
        lost(erased).proveByRead(witness, producer, LAST_READ);
    }

    /** An unresolved info write from the same base as an acknowledged write could hide a lost update. */
    void infoBases(KeyChain ks) {
        for (int j = 0; j < ks.infoWrites.size(); j++) {
            int w = ks.infoWrites.get(j);
            if (ix.infoState[w] != HistoryIndex.INFO_UNRESOLVED) {
                continue;
            }
            long b = Ops.versionBase(ix.ops[w]);
            if (b > 0 && (ix.versions.groupOf(ks.index, b) & 0xFFFFFFFFL) != 0) {
                out.withhold("an unresolved info write started from the same version as an acknowledged write"
                        + " (had it applied, one would be a lost update)");
            }
        }
    }

    /** Reports every lost write, once each. */
    void report() {
        Op[] ops = ix.ops;
        for (LostWrite lw : lost.values()) {
            Op e = ops[lw.erased];
            KeyChain ks = ix.keyOf(lw.erased);
            if (lw.read < 0 && lw.eraser >= 0 && ops[lw.eraser].type() != OpType.DELETE) {
                registerProof(ks, lw);
            }
            String key = ks.key();
            StringBuilder template = new StringBuilder("the acknowledged {verb} of {key} that produced v{written}");
            StringBuilder reason = new StringBuilder("lost-update");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("verb", Ops.verb(e));
            values.put("key", key);
            values.put("written", e.writtenVersion());
            if (e.token() != null) {
                template.append(" (token {token})");
                values.put("token", e.token());
            }
            template.append(" was lost");
            if (lw.eraser >= 0) {
                Op x = ops[lw.eraser];
                values.put("base", lw.base);
                if (x.type() == OpType.DELETE) {
                    reason.append(".undone-by-delete");
                    template.append(": a delete matching the same v{base} also succeeded, so one undid the other");
                } else {
                    reason.append(".same-base");
                    template.append(": the {eraserVerb} that produced v{eraserWritten} started from the same v{base}"
                            + " and erased it");
                    values.put("eraserVerb", Ops.verb(x));
                    values.put("eraserWritten", x.writtenVersion());
                }
            }
            if (lw.read >= 0) {
                values.put("readVersion", ops[lw.read].readVersion());
                template.append(lw.eraser >= 0 ? "; " : ": ");
                switch (lw.proof) {
                    case IN_PLACE -> {
                        reason.append(".replaced-in-place");
                        template.append(
                                "a read at v{readVersion} does not hold its token: the value was replaced without a new"
                                        + " version");
                    }
                    case LAST_READ -> {
                        reason.append(".missing-from-last-read");
                        template.append(
                                "its token is missing from {key} at v{readVersion} (the key's last read), and no"
                                        + " delete came between");
                    }
                    default -> {
                        reason.append(".missing-from-later-read");
                        template.append("the read of v{readVersion} does not hold its token");
                    }
                }
            }
            out.report(
                    AnomalyType.LOST_UPDATE,
                    key,
                    new Explanation(reason.toString(), template.toString(), values),
                    lw.baseProducer,
                    lw.erased,
                    lw.eraser,
                    lw.eraser >= 0 ? -1 : lw.readProducer, // the eraser already accounts for the read's version
                    lw.read);
        }
    }

    /**
     * A register's proof: the first read of the eraser's version, else the key's last read if it is of a later
     * version of the same incarnation — when it lacks the erased write's token (or value).
     */
    private void registerProof(KeyChain ks, LostWrite lw) {
        Op e = ix.ops[lw.erased];
        Integer r = eraserReads.get(lw.eraser);
        if (r != null && lacks(ix.ops[r], e)) {
            lw.proveByRead(r, -1, LATER_READ);
            return;
        }
        if (ks.witness >= 0) {
            Op witness = ix.ops[ks.witness];
            long wv = witness.readVersion();
            int d = Ops.lowerBound(ks.delVersions, e.writtenVersion());
            boolean deletedBetween = d < ks.delVersions.length && ks.delVersions[d] < wv;
            if (wv >= ix.ops[lw.eraser].writtenVersion() && !deletedBetween && lacks(witness, e)) {
                lw.proveByRead(ks.witness, -1, LATER_READ);
            }
        }
    }

    /** Whether a read shows the write's content gone: its token is not among the read's, or its value differs. */
    private static boolean lacks(Op read, Op write) {
        if (write.token() != null && !read.observed().isEmpty()) {
            return !read.observed().contains(write.token());
        }
        return write.value() != null && read.value() != null && !read.value().equals(write.value());
    }
}
