package io.casharness.scenario.zoo.gateway;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.Written;
import java.time.Instant;

/**
 * <b>gateway-conflict-ok</b>: the gateway maps a conflict to success. A lost conditional write is answered OK with
 * a made-up object: the request's spec at {@code expected_version + 1} — what a handler returns when it builds its
 * reply from the request instead of from the write's result, or treats "0 rows updated" as done. The client is told
 * its write applied; it never did. Caught by {@code lost-update} on the append workload: two acknowledged updates
 * from one base, and the final state lacks the token of the one that was answered OK.
 */
public final class ConflictOk extends GatewayMistake {
    static final String NAME = "gateway-conflict-ok";

    public ConflictOk() {
        super(
                NAME,
                "the gateway answers a lost conditional write OK, with a made-up object at expected + 1",
                "append",
                "lost-update",
                new Handler());
    }

    /** The mistaken handler. Stateless and thread-safe. */
    static final class Handler extends MistakenHandler {
        Handler() {
            super(NAME);
        }

        @Override
        public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
            PutOutcome outcome = super.update(store, spec, expectedVersion);
            if (outcome instanceof Conflict) {
                // the mistake: the reply is made up from the request, not taken from a write that happened
                Instant now = Instant.now();
                return new Written(new StoredObject(spec, expectedVersion + 1, now, now));
            }
            return outcome;
        }
    }
}
