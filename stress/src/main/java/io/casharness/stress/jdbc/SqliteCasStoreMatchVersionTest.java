package io.casharness.stress.jdbc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import io.casharness.stress.Fixtures;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Claim: on the reference JDBC store over SQLite (a WAL file shared by two replicas, each with its own pool), two
 * MatchVersion writes from one base never both apply; the loser's conflict names the winner's version; the row
 * holds the winner's payload at that version.
 *
 * This is not a memory-model test: every operation is a database round trip (tens to hundreds of microseconds),
 * so jcstress takes thousands of samples, not millions, and the race it explores is between two connections, not
 * between two CPUs' caches. It runs here because it is cheap to keep and it exercises the same claim end to end.
 * Each sample creates its own row (one more round trip) in one database per fork.
 *
 * r1, r2: 1 if that replica's write applied. r3 (arbiter): 1 or 2 if exactly that replica won and the loser's
 * conflict and the stored row agree with it, 0 otherwise.
 *
 * Negative control: io.casharness.stress.negative.jdbc.SqlAppVersionCheckMatchVersionTest (the bug zoo's
 * sql-app-version-check: SELECT the version, compare in Java, UPDATE without a version predicate).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t SqliteCasStoreMatchVersionTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: 0 forbidden of 939 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2      373  ACCEPTABLE  replica 2 won; replica 1 conflicted on its version
 *   1, 0, 1      566  ACCEPTABLE  replica 1 won; replica 2 conflicted on its version
 */
@JCStressTest
@Description("JDBC store on SQLite, two replicas: two MatchVersion writes from one base -> exactly one applies")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "replica 1 won; replica 2 conflicted on its version")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "replica 2 won; replica 1 conflicted on its version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both writes from one base applied: a lost update")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither write applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one write won but the conflict or the stored row disagrees with it")
@State
public class SqliteCasStoreMatchVersionTest {
    private static final CasStore REPLICA_1 = SqliteFixture.replica("replica-1");
    private static final CasStore REPLICA_2 = SqliteFixture.replica("replica-2");

    private final AtomicInteger start = new AtomicInteger();
    private final ObjectKey key = SqliteFixture.freshKey();
    private final long base = SqliteFixture.seed(REPLICA_1, key);
    private PutOutcome o1;
    private PutOutcome o2;

    @Actor
    public void replica1(III_Result r) {
        Fixtures.rendezvous(start);
        o1 = REPLICA_1.put(SqliteFixture.spec(key, "a1"), WriteCondition.matchVersion(base));
        r.r1 = Fixtures.won(o1);
    }

    @Actor
    public void replica2(III_Result r) {
        Fixtures.rendezvous(start);
        o2 = REPLICA_2.put(SqliteFixture.spec(key, "a2"), WriteCondition.matchVersion(base));
        r.r2 = Fixtures.won(o2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = SqliteFixture.winner(REPLICA_1, key, o1, o2);
    }
}
