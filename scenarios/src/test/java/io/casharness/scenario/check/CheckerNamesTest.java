package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The name rules on hand-made histories: {@code duplicate-name} (one holder per name at a time, renames included)
 * and {@code name-read-mismatch} (a read by name agrees with the holder's chain); each with the history a correct
 * store could give beside it, which must pass.
 */
class CheckerNamesTest {
    private static final String KIND = "names";
    private final Checker checker = Checker.builder().requireEvidence(false).build();
    private final HistoryBuilder h = new HistoryBuilder().kind(KIND);

    private Op create(int p, String id, String name, long v, long t0, long t1) {
        return h.add(
                p,
                Op.create(KIND, id)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .token("t" + v)
                        .name(name),
                t0,
                t1);
    }

    private Op rename(int p, String id, String name, long expected, long v, long t0, long t1) {
        return h.add(
                p,
                Op.write(KIND, id, Condition.MATCH_VERSION)
                        .expectedVersion(expected)
                        .readVersion(expected)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .token("t" + v)
                        .name(name),
                t0,
                t1);
    }

    private Op byName(int p, String name, String id, long v, long t0, long t1) {
        return h.add(
                p,
                Op.byName(KIND, id == null ? "" : id, name)
                        .outcome(id == null ? Outcome.ABSENT : Outcome.FOUND)
                        .readVersion(v),
                t0,
                t1);
    }

    private Verdict check() {
        return checker.check(h.history());
    }

    @Test
    void twoKeysHoldingOneNameAtOnceAreADuplicateName() {
        Op a = create(0, "k0", "n0", 1, 0, 1);
        Op b = rename(1, "k1", "n0", 0, 2, 2, 3); // a rename of k1 onto n0, which k0 still holds
        Verdict v = check();
        assertThat(v.anomalies())
                .as(v.summary())
                .filteredOn(x -> x.type() == AnomalyType.DUPLICATE_NAME)
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.key()).isEqualTo(KIND + "/name:n0");
                    assertThat(x.ops()).containsExactly(a, b);
                    assertThat(x.why().reason()).isEqualTo("duplicate-name.held-twice");
                });
    }

    @Test
    void aNamePassedOnByARenameHasOneHolderAtATime() {
        create(0, "k0", "n0", 1, 0, 1);
        rename(0, "k0", "n1", 1, 2, 2, 3);
        create(1, "k1", "n0", 3, 4, 5);
        // a create racing the rename that freed the name: it may have taken effect just after it
        rename(0, "k0", "n2", 2, 4, 6, 9);
        create(2, "k2", "n1", 5, 7, 8);
        Verdict v = check();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void aReadByNameFindingNothingWhileAKeyHeldTheNameIsAMismatch() {
        Op c = create(0, "k0", "n0", 1, 0, 1);
        Op r = byName(1, "n0", null, 0, 2, 3);
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(AnomalyType.NAME_READ_MISMATCH);
            assertThat(x.why().reason()).isEqualTo("name-read-mismatch.missed");
            assertThat(x.ops()).containsExactly(c, r);
        });
    }

    @Test
    void aReadByNameDuringADeleteMayFindNothing() {
        create(0, "k0", "n0", 1, 0, 1);
        h.add(
                2,
                Op.delete(KIND, "k0", Condition.MATCH_VERSION)
                        .expectedVersion(1)
                        .outcome(Outcome.DELETED)
                        .readVersion(1),
                2,
                5);
        byName(1, "n0", null, 0, 3, 4);
        Verdict v = check();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void aReadByNameReturningTheFormerHolderIsAMismatch() {
        create(0, "k0", "n0", 1, 0, 1);
        rename(0, "k0", "n2", 1, 2, 2, 3);
        Op c = create(1, "k1", "n0", 3, 4, 5);
        Op r = byName(2, "n0", "k0", 1, 6, 7);
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(AnomalyType.NAME_READ_MISMATCH);
            assertThat(x.why().reason()).isEqualTo("name-read-mismatch.other-holder");
            assertThat(x.ops()).contains(c, r);
        });
    }

    @Test
    void aReadByNameReturningAnObjectOfAnotherNameIsAMismatch() {
        create(0, "k0", "n1", 1, 0, 1);
        Op r = byName(1, "n0", "k0", 1, 2, 3);
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(AnomalyType.NAME_READ_MISMATCH);
            assertThat(x.why().reason()).isEqualTo("name-read-mismatch.other-name");
            assertThat(x.ops()).last().isEqualTo(r);
        });
    }

    @Test
    void aReadByNameReturningAnOldVersionOfTheHolderIsAMismatch() {
        create(0, "k0", "n0", 1, 0, 1);
        Op w = rename(0, "k0", "n0", 1, 2, 2, 3);
        Op r = byName(1, "n0", "k0", 1, 4, 5);
        byName(2, "n0", "k0", 2, 4, 5); // the control: the version it held
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(AnomalyType.NAME_READ_MISMATCH);
            assertThat(x.why().reason()).isEqualTo("name-read-mismatch.stale-version");
            assertThat(x.ops()).containsExactly(w, r);
        });
    }
}
