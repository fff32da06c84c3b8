package io.casharness.scenario.check.rules;

import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Explanation;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.OpType;
import io.casharness.scenario.history.Op.Status;

/**
 * {@code name-read-mismatch}: a read by name disagreed with the chain of the key that held the name — it returned
 * an object at a version whose write gave it another name, found nothing or another key while one key held the name
 * throughout the call ({@link NameHolds}), or returned the holder at a version other than the one it held
 * throughout the call (a by-name lookup served from a cache). Sound: a read by name returns the one object holding
 * the name at some instant of the call, at its version of that instant.
 */
final class NameReadRule {
    private static final Explanation OTHER_NAME = Explanation.of(
            "name-read-mismatch.other-name",
            "a read of {kind} by name {name} returned {key} at v{version}, but the {verb} of v{version} named it"
                    + " {written}");
    private static final Explanation MISSED = Explanation.of(
            "name-read-mismatch.missed",
            "a read of {kind} by name {name} found nothing, but {holder} held the name throughout the call");
    private static final Explanation OTHER_HOLDER = Explanation.of(
            "name-read-mismatch.other-holder",
            "a read of {kind} by name {name} returned {key} at v{version}, but {holder} held the name throughout"
                    + " the call");
    private static final Explanation STALE = Explanation.of(
            "name-read-mismatch.stale-version",
            "a read of {kind} by name {name} returned {key} at v{version}, but {key} held v{held} throughout the"
                    + " call");

    private final HistoryIndex ix;
    private final KeyStates states;
    private final Findings out;

    NameReadRule(HistoryIndex ix, KeyStates states, Findings out) {
        this.ix = ix;
        this.states = states;
        this.out = out;
    }

    void judge(NameHolds holds) {
        for (int i = 0; i < ix.n; i++) {
            Op g = ix.ops[i];
            if (g.type() != OpType.GET_BY_NAME || g.status() != Status.OK || g.name() == null) {
                continue;
            }
            NameHolds.Hold h = holds.throughout(g.kind(), g.name(), g.invokeNanos(), g.completeNanos());
            if (g.readVersion() <= 0) {
                if (h != null) {
                    out.report(
                            AnomalyType.NAME_READ_MISMATCH,
                            g.kind() + "/name:" + g.name(),
                            MISSED.with("kind", g.kind()).with("name", g.name()).with("holder", h.ks().key()),
                            h.op(),
                            i);
                }
                continue;
            }
            KeyChain ks = states.chain(g.kind(), g.id());
            int w = ks == null ? -1 : ix.versions.producerOf(ks.index, g.readVersion());
            String key = g.kind() + "/" + g.id();
            if (w >= 0 && ix.ops[w].name() != null && !g.name().equals(ix.ops[w].name())) {
                out.report(
                        AnomalyType.NAME_READ_MISMATCH,
                        key,
                        OTHER_NAME
                                .with("kind", g.kind())
                                .with("name", g.name())
                                .with("key", key)
                                .with("version", g.readVersion())
                                .with("verb", Ops.verb(ix.ops[w]))
                                .with("written", ix.ops[w].name()),
                        w,
                        i);
            } else if (h != null && h.ks() != ks) {
                out.report(
                        AnomalyType.NAME_READ_MISMATCH,
                        key,
                        OTHER_HOLDER
                                .with("kind", g.kind())
                                .with("name", g.name())
                                .with("key", key)
                                .with("version", g.readVersion())
                                .with("holder", h.ks().key()),
                        h.op(),
                        w,
                        i);
            } else if (ks != null) {
                int st = states.throughout(ks, g.invokeNanos(), g.completeNanos());
                if (st >= 0 && ix.ops[st].writtenVersion() != g.readVersion()) {
                    out.report(
                            AnomalyType.NAME_READ_MISMATCH,
                            key,
                            STALE.with("kind", g.kind())
                                    .with("name", g.name())
                                    .with("key", key)
                                    .with("version", g.readVersion())
                                    .with("held", ix.ops[st].writtenVersion()),
                            st,
                            i);
                }
            }
        }
    }
}
