package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CellReportTest {

    @Test
    void everySuccessInTheDatabaseIsOk() {
        assertThat(CellReport.verdict(1_000, 0, 1_000)).isEqualTo(CellReport.Verdict.OK);
    }

    @Test
    void lostUpdatesAreBroken() {
        // the negative control: 7025 reported, 2100 applied (a blind read-modify-write, 4 threads, one row)
        assertThat(CellReport.verdict(7_025, 0, 2_100)).isEqualTo(CellReport.Verdict.BROKEN);
    }

    @Test
    void inventedUpdatesAreBrokenToo() {
        assertThat(CellReport.verdict(1_000, 0, 1_001)).isEqualTo(CellReport.Verdict.BROKEN);
    }

    @Test
    void extraIncrementsCoveredByUnknownOutcomesAreUnknownNotBroken() {
        assertThat(CellReport.verdict(1_000, 3, 1_002)).isEqualTo(CellReport.Verdict.UNKNOWN);
        assertThat(CellReport.verdict(1_000, 3, 1_004)).isEqualTo(CellReport.Verdict.BROKEN);
        // an unknown outcome never excuses a missing increment
        assertThat(CellReport.verdict(1_000, 3, 999)).isEqualTo(CellReport.Verdict.BROKEN);
    }

    @Test
    void uniformHotSetsStayInRange() {
        KeyChooser k = KeyChooser.parse("16");
        SplittableRandom r = new SplittableRandom(1);
        int[] hits = new int[16];
        for (int i = 0; i < 16_000; i++) {
            hits[k.next(r)]++;
        }
        for (int h : hits) {
            assertThat(h).isBetween(800, 1_200);
        }
        assertThat(KeyChooser.parse("1").next(r)).isZero();
    }

    @Test
    void zipfianFavoursTheFirstKeys() {
        KeyChooser k = KeyChooser.parse("zipf1024");
        SplittableRandom r = new SplittableRandom(2);
        int first = 0;
        int total = 100_000;
        for (int i = 0; i < total; i++) {
            int key = k.next(r);
            assertThat(key).isBetween(0, 1023);
            if (key == 0) {
                first++;
            }
        }
        // 1 / H(1024, 0.99) is about 0.13
        assertThat(first / (double) total).isBetween(0.11, 0.15);
        assertThat(k.keys()).isEqualTo(1024);
    }

    @Test
    void badHotSetsAreRejected() {
        assertThatThrownBy(() -> KeyChooser.parse("0")).hasMessageContaining("between 1 and 1000000");
        assertThatThrownBy(() -> KeyChooser.parse("zipfx")).hasMessageContaining("<n> or zipf<n>");
    }
}
