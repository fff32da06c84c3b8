package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.LabelSelector.DoesNotExist;
import io.casharness.store.LabelSelector.Equals;
import io.casharness.store.LabelSelector.Exists;
import io.casharness.store.LabelSelector.In;
import io.casharness.store.LabelSelector.NotEquals;
import io.casharness.store.LabelSelector.NotIn;
import io.casharness.store.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    static Stream<Arguments> validSelectors() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("   ", List.of()),
                Arguments.of("env=prod", List.of(new Equals("env", "prod"))),
                Arguments.of("env==prod", List.of(new Equals("env", "prod"))),
                Arguments.of(" env = prod ", List.of(new Equals("env", "prod"))),
                Arguments.of("env=", List.of(new Equals("env", ""))),
                Arguments.of("env!=prod", List.of(new NotEquals("env", "prod"))),
                Arguments.of("env in (a, b,c)", List.of(new In("env", Set.of("a", "b", "c")))),
                Arguments.of("env notin(a)", List.of(new NotIn("env", Set.of("a")))),
                Arguments.of("env", List.of(new Exists("env"))),
                Arguments.of("!env", List.of(new DoesNotExist("env"))),
                Arguments.of("! env", List.of(new DoesNotExist("env"))),
                Arguments.of("example.com/team=blue", List.of(new Equals("example.com/team", "blue"))),
                Arguments.of("v=1.2-rc_3", List.of(new Equals("v", "1.2-rc_3"))),
                Arguments.of(
                        "env=prod,tier!=cache,zone in (a,b),owner,!deprecated,team notin (x)",
                        List.of(
                                new Equals("env", "prod"),
                                new NotEquals("tier", "cache"),
                                new In("zone", Set.of("a", "b")),
                                new Exists("owner"),
                                new DoesNotExist("deprecated"),
                                new NotIn("team", Set.of("x")))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("validSelectors")
    void validSelectorsParseIntoTheirRequirements(String text, List<Requirement> expected) {
        LabelSelector s = LabelSelector.parse(text);

        assertThat(s.requirements()).containsExactlyElementsOf(expected);
        assertThat(s.isEverything()).isEqualTo(expected.isEmpty());
        assertThat(s).hasToString(text);
    }

    static Stream<Arguments> malformedSelectors() {
        return Stream.of(
                Arguments.of(",", 0, "expected a label key"),
                Arguments.of("=prod", 0, "expected a label key"),
                Arguments.of("!", 1, "expected a label key"),
                Arguments.of("env=prod,", 9, "expected a label key"),
                Arguments.of("env=prod,,tier", 9, "expected a label key"),
                Arguments.of("env=prod tier=web", 9, "expected ','"),
                Arguments.of("!env=prod", 4, "expected ','"),
                Arguments.of("env=a$b", 5, "expected ','"),
                Arguments.of("env in a", 7, "expected '('"),
                Arguments.of("env in (a", 9, "expected ',' or ')' in the set of \"env\""),
                Arguments.of("env in (a b)", 10, "expected ',' or ')' in the set of \"env\""),
                Arguments.of("env in ()", 8, "expected at least one value in the set of \"env\""),
                Arguments.of(
                        "env inn (a)", 7, "expected '=', '==', '!=', 'in', 'notin', ',' or the end after key \"env\""),
                Arguments.of("env\t=x", 3, "after key \"env\""),
                Arguments.of("Example.com/x=1", 13, "label key prefix \"Example.com\""),
                Arguments.of("a/=1", 2, "label key \"a/\" must have a name part of 1 to 63 characters"),
                Arguments.of("env=-a", 6, "value \"-a\" must be at most 63 characters"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("malformedSelectors")
    void malformedSelectorsAreRejectedNamingTheSelectorThePositionAndWhatWasExpected(
            String text, int position, String expected) {
        assertThatThrownBy(() -> LabelSelector.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "malformed label selector \"" + text.replace("\n", "\\n") + "\" at position " + position + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void anOversizedOrNullSelectorIsRejected() {
        assertThatThrownBy(() -> LabelSelector.parse("a".repeat(4097)))
                .hasMessage("label selector must be at most 4096 characters, was 4097");
        assertThat(LabelSelector.parse("a".repeat(63)).requirements()).containsExactly(new Exists("a".repeat(63)));
        assertThatThrownBy(() -> LabelSelector.parse(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("selector");
    }

    @Test
    void requirementsMatchLikeKubernetes() {
        Map<String, String> prod = Map.of("env", "prod", "tier", "web");
        Map<String, String> none = Map.of();

        assertThat(new Equals("env", "prod").matches(prod)).isTrue();
        assertThat(new Equals("env", "prod").matches(none)).isFalse();
        assertThat(new NotEquals("env", "prod").matches(prod)).isFalse();
        assertThat(new NotEquals("env", "prod").matches(none)).as("absent key").isTrue();
        assertThat(new In("env", Set.of("dev", "prod")).matches(prod)).isTrue();
        assertThat(new In("env", Set.of("dev")).matches(none)).isFalse();
        assertThat(new NotIn("env", Set.of("prod")).matches(prod)).isFalse();
        assertThat(new NotIn("env", Set.of("prod")).matches(none))
                .as("absent key")
                .isTrue();
        assertThat(new Exists("tier").matches(prod)).isTrue();
        assertThat(new Exists("tier").matches(none)).isFalse();
        assertThat(new DoesNotExist("tier").matches(prod)).isFalse();
        assertThat(new DoesNotExist("tier").matches(none)).isTrue();
        assertThat(new Equals("env", "").matches(Map.of("env", ""))).isTrue();
        assertThat(LabelSelector.parse("env=prod,!owner").matches(prod)).isTrue();
        assertThat(LabelSelector.parse("env=prod,tier=cache").matches(prod))
                .as("a conjunction")
                .isFalse();
        assertThat(LabelSelector.everything().matches(none)).isTrue();
    }

    @Test
    void equalityIgnoresSpellingAndOrder() {
        assertThat(LabelSelector.parse("env in (b,a)")).isEqualTo(LabelSelector.parse(" env in ( a , b ) "));
        assertThat(LabelSelector.parse("env==x")).isEqualTo(LabelSelector.parse("env=x"));
        assertThat(LabelSelector.parse("env==x").hashCode())
                .isEqualTo(LabelSelector.parse("env=x").hashCode());
        assertThat(LabelSelector.parse("env=x")).isNotEqualTo(LabelSelector.parse("env!=x"));
        assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.everything());
        assertThat(LabelSelector.parse("b=2,a=1,a=1"))
                .as("a conjunction: order and repetition do not matter")
                .isEqualTo(LabelSelector.parse("a=1,b=2"))
                .hasSameHashCodeAs(LabelSelector.parse("a=1,b=2"));
    }

    @Test
    void matchingLabelsBuildsSortedEqualityRequirementsAndValidatesThem() {
        LabelSelector s = LabelSelector.matchingLabels(Map.of("tier", "web", "env", "prod"));

        assertThat(s.requirements()).containsExactly(new Equals("env", "prod"), new Equals("tier", "web"));
        assertThat(s).hasToString("env=prod,tier=web").isEqualTo(LabelSelector.parse("env=prod,tier=web"));
        assertThat(LabelSelector.matchingLabels(Map.of()).isEverything()).isTrue();
        assertThatThrownBy(() -> LabelSelector.matchingLabels(Map.of("bad key", "v")))
                .hasMessageContaining("\"bad key\"");
    }
}
