package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;

class BenchMainCliTest {

    @Test
    void jmhOptionsOverrideTheProfile() {
        BenchMain.Cli cli = BenchMain.parse(new String[] {
            "full",
            "-f",
            "2",
            "-t",
            "16,4",
            "-prof",
            "gc",
            "-prof",
            "stack:lines=3",
            "-rf",
            "csv",
            "--backends",
            "sqlite"
        });
        BenchMain.Profile p = BenchMain.profile(cli);

        assertThat(cli.profilers()).containsExactly("gc", "stack:lines=3");
        assertThat(cli.resultFormat()).isEqualTo(ResultFormatType.CSV);
        assertThat(p.timing().forks()).isEqualTo(2);
        assertThat(p.groups()).isNotEmpty().allSatisfy(g -> {
            assertThat(g.threads()).containsExactly(4, 16);
            assertThat(g.backend()).isEqualTo("sqlite");
        });
        // groups that differed only by their thread grids collapse into one
        assertThat(p.groups()).doesNotHaveDuplicates();
    }

    @Test
    void withoutOptionsTheProfileIsItsOwn() {
        BenchMain.Profile p = BenchMain.profile(BenchMain.parse(new String[] {"smoke"}));

        assertThat(p.timing().forks()).isEqualTo(1);
        assertThat(p.groups()).anySatisfy(g -> assertThat(g.strategy()).isEqualTo("blind"));
    }

    @Test
    void badArgumentsNameTheValueAndTheBound() {
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"fast"}))
                .hasMessage("profile must be smoke, full, targets or regress, was \"fast\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {})).hasMessage("no profile given");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "-f", "0"}))
                .hasMessage("-f takes a whole number from 1 to 100, was \"0\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "-t", "4,x"}))
                .hasMessage("-t takes a whole number from 1 to 256, was \"x\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "-rf", "xml"}))
                .hasMessage("-rf must be json, csv, scsv, text or latex, was \"xml\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "--backends", "mysql"}))
                .hasMessage("--backends takes sqlite and/or postgres, was \"mysql\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "-wi"})).hasMessage("-wi needs a value");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "-wi", "3"}))
                .hasMessage("unknown argument \"-wi\"");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"smoke", "--baseline", "/nonexistent.json"}))
                .hasMessage("--baseline /nonexistent.json: no such file");
        assertThat(BenchMain.USAGE).doesNotContain("\n");
    }

    @Test
    void theRegressProfileMeasuresThePairOnSqliteAtTheToleranceGiven() {
        BenchMain.Cli cli = BenchMain.parse(new String[] {"regress", "--tolerance", "0.08"});
        BenchMain.Profile p = BenchMain.profile(cli);

        assertThat(cli.tolerance()).isEqualTo(0.08);
        assertThat(BenchMain.parse(new String[] {"regress"}).tolerance()).isEqualTo(BenchMain.DEFAULT_TOLERANCE);
        assertThat(p.groups()).singleElement().satisfies(g -> {
            assertThat(g.backend()).isEqualTo("sqlite");
            assertThat(g.strategy()).isEqualTo("store");
        });
        assertThat(BenchMain.profile(BenchMain.parse(new String[] {"regress", "--backends", "postgres"}))
                        .groups())
                .isEmpty();
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"regress", "--tolerance", "1.5"}))
                .hasMessage("--tolerance must be between 0 and 1 (exclusive), was \"1.5\"");
    }

    @Test
    void everyProfileNamesItsCellsOnce() {
        for (String name : BenchMain.PROFILES) {
            List<String> cells = BenchMain.profile(name, BenchMain.BACKENDS).groups().stream()
                    .flatMap(g -> g.threads().stream()
                            .flatMap(t -> g.keys().stream()
                                    .map(k -> io.casharness.reports.jmh.CellName.of(
                                            g.backend(), g.strategy(), g.backoff(), k, t, g.attempts()))))
                    .toList();
            assertThat(cells).as(name).doesNotHaveDuplicates();
        }
    }
}
