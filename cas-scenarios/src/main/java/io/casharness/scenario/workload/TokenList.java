package io.casharness.scenario.workload;

import io.casharness.scenario.Doc;
import io.casharness.scenario.Worker;
import io.casharness.store.Mutation;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;

/**
 * The append list the accumulating workloads write ({@link Doc#tokens()}): an object starts with its creator's token
 * and every update appends its own, so a read holds every token of the object's incarnation. Stateless.
 */
final class TokenList {
    private TokenList() {}

    /** A new object (or incarnation) holding only {@code token}. */
    static ObjectSpec fresh(ObjectKey key, String token) {
        return ObjectSpec.of(key, Doc.EMPTY.append(token).encode());
    }

    /** The mutation that appends {@code token} to the list it is given, keeping the rest of the object. */
    static Mutation append(String token) {
        return current -> current.spec()
                .withPayload(Doc.decode(current.payload()).append(token).encode());
    }

    /** A read records every token the object holds. */
    static Worker.Observation observe(StoredObject object) {
        return new Worker.Observation(Doc.decode(object.payload()).allTokens(), null);
    }
}
