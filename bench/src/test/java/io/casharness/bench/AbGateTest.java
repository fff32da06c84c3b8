package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.reports.jmh.AbComparison;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbGateTest {

    @Test
    void theSidesRotateEveryRoundSoNoneAlwaysRunsFirst() {
        AbGate.Cli cli = AbGate.parse(new String[] {"--null-side", "--rounds", "3"});
        List<AbGate.Side> sides = AbGate.sides(cli, "self.jar", 2360);

        assertThat(sides).extracting(AbGate.Side::label).containsExactly("base", "same", "candidate");
        // the slowdown acts on the candidate only; without --base-jar the base runs on this jar
        assertThat(sides).extracting(AbGate.Side::slowdownNanos).containsExactly(0L, 0L, 2360L);
        assertThat(sides).extracting(AbGate.Side::classpath).containsOnly("self.jar");
        assertThat(AbGate.order(sides, 1)).extracting(AbGate.Side::label).containsExactly("base", "same", "candidate");
        assertThat(AbGate.order(sides, 2)).extracting(AbGate.Side::label).containsExactly("same", "candidate", "base");
        assertThat(AbGate.order(sides, 3)).extracting(AbGate.Side::label).containsExactly("candidate", "base", "same");
    }

    @Test
    void defaultsAndABaseJar() {
        AbGate.Cli cli = AbGate.parse(
                new String[] {"--base-jar", "pom.xml", "--tolerance", "0.05", "--statistic", "cpu-ratio", "--out", "x"
                });

        assertThat(cli.rounds()).isEqualTo(AbGate.DEFAULT_ROUNDS);
        assertThat(cli.tolerance()).isEqualTo(0.05);
        assertThat(cli.statistic()).isEqualTo(AbComparison.Statistic.CPU_RATIO);
        assertThat(cli.out()).isEqualTo(Path.of("x"));
        List<AbGate.Side> sides = AbGate.sides(cli, "self.jar", 0);
        assertThat(sides).extracting(AbGate.Side::label).containsExactly("base", "candidate");
        assertThat(sides.get(0).classpath()).endsWith("pom.xml");
        assertThat(sides.get(1).classpath()).isEqualTo("self.jar");
        assertThat(AbGate.parse(new String[0]).tolerance()).isEqualTo(AbGate.DEFAULT_TOLERANCE);
    }

    @Test
    void badArgumentsNameTheValueAndTheBound() {
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--rounds", "1"}))
                .hasMessage("--rounds takes a whole number from 2 to 50, was \"1\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--tolerance", "x"}))
                .hasMessage("--tolerance must be between 0 and 1 (exclusive), was \"x\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--base-jar", "no-such.jar"}))
                .hasMessage("--base-jar no-such.jar: no such file");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--rounds"})).hasMessage("--rounds needs a value");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--fast", "1"})).hasMessage("unknown argument \"--fast\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--slowdown-share", "0"}))
                .hasMessage("--slowdown-share takes a share above 0 and at most 1 (0.10 is 10 %), was \"0\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--slowdown-share", "ten"}))
                .hasMessageContaining("was \"ten\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--warmups", "0"}))
                .hasMessage("--warmups takes a whole number from 1 to 30, was \"0\"");
        assertThatThrownBy(() -> AbGate.parse(new String[] {"--iterations", "2"}))
                .hasMessage("--iterations takes a whole number from 3 to 60, was \"2\"");
    }

    @Test
    void aShareOfTheSessionsOwnCostAndTheForkLength() {
        AbGate.Cli cli = AbGate.parse(
                new String[] {"--null-side", "--slowdown-share", "0.1", "--warmups", "3", "--iterations", "6"});

        assertThat(cli.slowdownShare()).isEqualTo(0.1);
        assertThat(cli.warmups()).isEqualTo(3);
        assertThat(cli.iterations()).isEqualTo(6);
        AbGate.Cli defaults = AbGate.parse(new String[0]);
        assertThat(defaults.slowdownShare()).isZero();
        assertThat(defaults.warmups()).isEqualTo(AbGate.WARMUPS);
        assertThat(defaults.iterations()).isEqualTo(AbGate.ITERATIONS);
    }
}
