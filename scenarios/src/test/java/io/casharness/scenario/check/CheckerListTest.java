package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.ListedPage;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The list rules on hand-made histories: {@code torn-list} (a listed object is one write's), {@code selector-mismatch}
 * (a page holds exactly the matching objects of its span), {@code paging} (no repeats, no skips between pages) and
 * {@code stale-read} of a listed version; each with the history a correct store could give beside it, which must
 * pass.
 */
class CheckerListTest {
    private static final String KIND = "controller";
    private static final Map<String, String> GOLD = Map.of("app", "gateway", "tier", "gold");
    private static final Map<String, String> SILVER = Map.of("app", "gateway", "tier", "silver");
    private final Checker checker = Checker.builder().requireEvidence(false).build();
    private final HistoryBuilder h = new HistoryBuilder().kind(KIND);

    private Op create(int p, String id, long v, long t0, long t1, Map<String, String> labels) {
        String token = "t" + v;
        return h.add(
                p,
                Op.create(KIND, id)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .token(token)
                        .value(token)
                        .labels(labels),
                t0,
                t1);
    }

    private Op write(int p, String id, long expected, long v, long t0, long t1, Map<String, String> labels) {
        String token = "t" + v;
        return h.add(
                p,
                Op.write(KIND, id, Condition.MATCH_VERSION)
                        .expectedVersion(expected)
                        .readVersion(expected)
                        .outcome(Outcome.WRITTEN)
                        .writtenVersion(v)
                        .token(token)
                        .value(token)
                        .labels(labels),
                t0,
                t1);
    }

    private static ListedPage.Item item(String id, long v, Map<String, String> labels, String value) {
        return new ListedPage.Item(id, v, null, labels, value);
    }

    private static ListedPage.Item item(String id, long v, Map<String, String> labels) {
        return item(id, v, labels, "t" + v);
    }

    private Op list(int p, String selector, String after, String next, long t0, long t1, ListedPage.Item... items) {
        return h.add(
                p,
                Op.list(KIND, "").outcome(Outcome.PAGE).page(new ListedPage(selector, after, next, List.of(items))),
                t0,
                t1);
    }

    private Verdict check() {
        return checker.check(h.history());
    }

    @Test
    void aListedVersionWithTheLabelsOfALaterWriteIsATornList() {
        Op c = create(0, "k0", 1, 0, 1, GOLD);
        write(1, "k0", 1, 2, 2, 3, SILVER);
        Op l = list(2, "", null, null, 1, 4, item("k0", 1, SILVER));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_LIST);
            assertThat(a.why().reason()).isEqualTo("torn-list.labels");
            assertThat(a.ops()).containsExactly(c, l);
            assertThat(a.explanation()).contains("v1", "tier=silver", "stored {app=gateway, tier=gold}");
        });
    }

    @Test
    void aListedVersionWithAnotherWritesPayloadIsATornList() {
        create(0, "k0", 1, 0, 1, GOLD);
        write(1, "k0", 1, 2, 2, 3, GOLD);
        list(2, "", null, null, 1, 4, item("k0", 1, GOLD, "t2"));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.TORN_LIST);
            assertThat(a.why().reason()).isEqualTo("torn-list.payload");
        });
    }

    @Test
    void aListRacingAWriteMayReturnEitherWholeVersion() {
        create(0, "k0", 1, 0, 1, GOLD);
        write(1, "k0", 1, 2, 2, 5, SILVER);
        list(2, "", null, null, 3, 4, item("k0", 1, GOLD));
        list(3, "", null, null, 3, 4, item("k0", 2, SILVER));
        Verdict v = check();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void aPageLeavingOutAnObjectWhoseLabelsMatchedThroughoutIsASelectorMismatch() {
        create(0, "k0", 1, 0, 1, GOLD);
        Op k1 = create(0, "k1", 2, 2, 3, GOLD);
        create(0, "k2", 3, 4, 5, SILVER);
        Op l = list(1, "tier=gold", null, null, 6, 7, item("k0", 1, GOLD));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.SELECTOR_MISMATCH);
            assertThat(a.why().reason()).isEqualTo("selector-mismatch.missed");
            assertThat(a.key()).isEqualTo(KIND + "/k1");
            assertThat(a.ops()).containsExactly(k1, l);
        });
    }

    @Test
    void anObjectRelabelledDuringTheListIsNotJudged() {
        create(0, "k0", 1, 0, 1, GOLD);
        create(0, "k1", 2, 2, 3, GOLD);
        write(2, "k1", 2, 3, 5, 9, SILVER); // in flight across the list: either state may be listed
        list(1, "tier=gold", null, null, 6, 7, item("k0", 1, GOLD));
        Verdict v = check();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }

    @Test
    void aPageReturningAnObjectWhoseLabelsDoNotMatchIsASelectorMismatch() {
        create(0, "k0", 1, 0, 1, SILVER);
        list(1, "tier=gold", null, null, 2, 3, item("k0", 1, SILVER));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.SELECTOR_MISMATCH);
            assertThat(a.why().reason()).isEqualTo("selector-mismatch.not-matching");
        });
    }

    @Test
    void aListedVersionOlderThanOneWrittenBeforeTheListIsAStaleRead() {
        create(0, "k0", 1, 0, 1, GOLD);
        Op w = write(0, "k0", 1, 2, 2, 3, GOLD);
        Op l = list(1, "", null, null, 5, 6, item("k0", 1, GOLD));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.STALE_READ);
            assertThat(a.why().reason()).isEqualTo("stale-read.listed");
            assertThat(a.ops()).containsExactly(w, l);
        });
    }

    @Test
    void anObjectOnTwoPagesOfOneListingIsRepeated() {
        create(0, "k0", 1, 0, 1, GOLD);
        create(0, "k1", 2, 0, 1, GOLD);
        Op p1 = list(1, "", null, "k1", 2, 3, item("k0", 1, GOLD), item("k1", 2, GOLD));
        Op p2 = list(1, "", "k1", null, 4, 5, item("k1", 2, GOLD));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.PAGING);
            assertThat(a.why().reason()).isEqualTo("paging.repeated");
            assertThat(a.ops()).containsExactly(p1, p2);
        });
    }

    @Test
    void anObjectPresentThroughoutBetweenTwoPagesIsSkipped() {
        for (int k = 0; k < 4; k++) {
            create(0, "k" + k, k + 1, 0, 1, GOLD);
        }
        Op p1 = list(1, "", null, "k1", 2, 3, item("k0", 1, GOLD), item("k1", 2, GOLD));
        Op p2 = list(1, "", "k1", null, 4, 5, item("k3", 4, GOLD));
        Verdict v = check();
        assertThat(v.anomalies()).as(v.summary()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.PAGING);
            assertThat(a.why().reason()).isEqualTo("paging.skipped");
            assertThat(a.key()).isEqualTo(KIND + "/k2");
            assertThat(a.ops()).contains(p1, p2);
        });
    }

    @Test
    void anObjectDeletedDuringTheListingMayBeMissingFromIt() {
        for (int k = 0; k < 4; k++) {
            create(0, "k" + k, k + 1, 0, 1, GOLD);
        }
        list(1, "", null, "k1", 2, 3, item("k0", 1, GOLD), item("k1", 2, GOLD));
        h.add(
                2,
                Op.delete(KIND, "k2", Condition.MATCH_VERSION)
                        .expectedVersion(3)
                        .outcome(Outcome.DELETED)
                        .readVersion(3),
                3,
                4);
        list(1, "", "k1", null, 4, 5, item("k3", 4, GOLD));
        Verdict v = check();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
    }
}
