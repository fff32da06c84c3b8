package io.casharness.scenario.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.scenario.history.Op.Condition;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fields lists and reads by name add to a history line — a LIST's {@code page}, a write's {@code labels}, a
 * {@code GET_BY_NAME} — round-trip exactly, and are optional: a line without them reads as before.
 */
class ListedPageIoTest {
    private static final Map<String, String> GOLD = Map.of("tier", "gold", "app", "gateway");

    @Test
    void aListedPageRoundTripsWithItsItemsAndCursors() {
        Op list = Op.list("controller", "")
                .process(1, 0, 1, 4)
                .times(10, 20)
                .outcome(Outcome.PAGE)
                .page(new ListedPage(
                        "app=gateway,tier in (gold,silver)",
                        "k2",
                        "k5",
                        List.of(
                                new ListedPage.Item("k3", 7, null, GOLD, "p1-3"),
                                new ListedPage.Item("k5", 9, "n5", Map.of(), null))))
                .build();
        String json = HistoryIo.toJson(list);
        assertThat(json)
                .contains(
                        "\"page\":{\"selector\":\"app=gateway,tier in (gold,silver)\",\"after\":\"k2\",\"next\":\"k5\"")
                .contains(
                        "{\"id\":\"k3\",\"version\":7,\"labels\":{\"app\":\"gateway\",\"tier\":\"gold\"},\"value\":\"p1-3\"}");
        assertThat(HistoryIo.fromJson(json)).isEqualTo(list);
        Op first =
                list.toBuilder().page(new ListedPage("", null, null, List.of())).build();
        assertThat(HistoryIo.toJson(first)).contains("\"page\":{\"selector\":\"\",\"items\":[]}");
        assertThat(HistoryIo.fromJson(HistoryIo.toJson(first))).isEqualTo(first);
    }

    @Test
    void aWritesLabelsAndAReadByNameRoundTrip() {
        Op write = Op.write("controller", "k1", Condition.MATCH_VERSION)
                .expectedVersion(3)
                .readVersion(3)
                .outcome(Outcome.WRITTEN)
                .writtenVersion(4)
                .token("p0-1")
                .labels(GOLD)
                .build();
        assertThat(HistoryIo.toJson(write)).contains("\"labels\":{\"app\":\"gateway\",\"tier\":\"gold\"}");
        assertThat(HistoryIo.fromJson(HistoryIo.toJson(write))).isEqualTo(write);
        Op byName = Op.byName("names", "k2", "n1")
                .outcome(Outcome.FOUND)
                .readVersion(5)
                .build();
        assertThat(HistoryIo.fromJson(HistoryIo.toJson(byName))).isEqualTo(byName);
        assertThat(byName.describe()).contains("GET_BY_NAME names/k2 name n1 ok Found read v5");
    }

    @Test
    void aLineWithoutTheNewFieldsReadsAsBefore() {
        Op old = HistoryIo.fromJson("{\"process\":0,\"replica\":0,\"thread\":0,\"seq\":0,\"type\":\"LIST\","
                + "\"kind\":\"k\",\"id\":\"i\",\"condition\":\"NONE\",\"expectedVersion\":0,\"status\":\"OK\","
                + "\"outcome\":\"Page\",\"invokeNanos\":1,\"completeNanos\":2,\"readVersion\":0,"
                + "\"writtenVersion\":0,\"attempts\":1}");
        assertThat(old.page()).isNull();
        assertThat(old.labels()).isNull();
    }

    @Test
    void aListedObjectWithoutAVersionIsRefused() {
        String line = HistoryIo.toJson(Op.list("controller", "")
                        .outcome(Outcome.PAGE)
                        .page(new ListedPage("", null, null, List.of(new ListedPage.Item("k0", 1, null, GOLD, null))))
                        .build())
                .replace("\"version\":1,", "");
        assertThatThrownBy(() -> HistoryIo.fromJson(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 1");
    }
}
