package io.casharness.stress.negative.jdbc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.zoo.Zoo;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.stress.Fixtures;
import io.casharness.stress.jdbc.SqliteFixture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * NEGATIVE CONTROL for io.casharness.stress.jdbc.SqliteCasStoreMatchVersionTest: the same two replicas on SQLite,
 * but each is the bug zoo's sql-app-version-check store (io.casharness.scenario.zoo.sql.SqlAppVersionCheck): SELECT the
 * version, compare in Java, then UPDATE ... WHERE kind = ? AND id = ? with no version predicate, in autocommit.
 * jcstress must observe both writes apply (a lost update).
 *
 * How to run: stress/run.sh short, or
 *   java -jar stress/target/jcstress.jar -t SqlAppVersionCheckMatchVersionTest -m quick
 *
 * Result (stress/run.sh short or jdbc, 2 cores; gate: negative control caught: 66 forbidden of 1953 samples over 2 configurations):
 *    RESULT  SAMPLES      EXPECT  DESCRIPTION
 *   0, 1, 2      843  ACCEPTABLE  replica 2 won; replica 1 conflicted on its version
 *   1, 0, 1    1,044  ACCEPTABLE  replica 1 won; replica 2 conflicted on its version
 *   1, 1, 0       66   FORBIDDEN  both writes from one base applied: a lost update
 */
@JCStressTest
@Description("NEGATIVE CONTROL (must fail): zoo sql-app-version-check on SQLite lets both MatchVersion writes apply")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "replica 1 won; replica 2 conflicted on its version")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "replica 2 won; replica 1 conflicted on its version")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both writes from one base applied: a lost update")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither write applied although the base was current")
@Outcome(expect = FORBIDDEN, desc = "one write won but the conflict or the stored row disagrees with it")
@State
public class SqlAppVersionCheckMatchVersionTest {
    private static final CasStore REPLICA_1 = zooReplica(1);
    private static final CasStore REPLICA_2 = zooReplica(2);

    private final AtomicInteger start = new AtomicInteger();
    private final ObjectKey key = SqliteFixture.freshKey();
    private final long base = SqliteFixture.seed(REPLICA_1, key);
    private PutOutcome o1;
    private PutOutcome o2;

    private static CasStore zooReplica(int replica) {
        return Zoo.byName("sql-app-version-check")
                .open(
                        SqliteFixture.BACKEND,
                        StoreOptions.defaults().withReplicaName("zoo-" + replica),
                        replica,
                        Hooks.NONE);
    }

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
