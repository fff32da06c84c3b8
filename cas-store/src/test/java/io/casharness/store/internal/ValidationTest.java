package io.casharness.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void kindsAreDnsLabelsOfAtMost63Characters() {
        for (String ok : new String[] {"a", "0", "sandbox", "a-b", "k".repeat(63)}) {
            assertThatCode(() -> Validation.kind(ok)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> Validation.kind("k".repeat(64)))
                .hasMessage("kind must be at most 63 characters, was 64: \"" + "k".repeat(64) + "\"");
        for (String bad : new String[] {"A", "-a", "a-", "a_b", "a.b", "a b"}) {
            assertThatThrownBy(() -> Validation.kind(bad))
                    .as(bad)
                    .hasMessage("kind \"" + bad + "\" is invalid: allowed are lower-case letters, digits and '-', "
                            + "alphanumeric at both ends");
        }
        assertThatThrownBy(() -> Validation.kind(" ")).hasMessage("kind must not be blank, was \" \"");
        assertThatThrownBy(() -> Validation.kind(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
    }

    @Test
    void idsAndNamesAllowPunctuationInsideAndAtMost253Characters() {
        for (String ok : new String[] {"a", "A-b_c.d:e", "x".repeat(253)}) {
            assertThatCode(() -> Validation.id(ok)).as(ok).doesNotThrowAnyException();
            assertThatCode(() -> Validation.name(ok)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> Validation.id("x".repeat(254)))
                .hasMessageStartingWith("id must be at most 253 characters, was 254: ");
        assertThatThrownBy(() -> Validation.name("x".repeat(254)))
                .hasMessageStartingWith("name must be at most 253 characters, was 254: ");
        for (String bad : new String[] {"_a", "a.", ":a", "a/b", "a b", "ä"}) {
            assertThatThrownBy(() -> Validation.id(bad))
                    .as(bad)
                    .hasMessage("id \"" + bad
                            + "\" is invalid: allowed are letters, digits and '-_.:', alphanumeric at both ends");
        }
        assertThatThrownBy(() -> Validation.name("")).hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> Validation.id(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("id");
    }

    @Test
    void labelKeysHaveAnOptionalDnsPrefixAndANamePart() {
        for (String ok : new String[] {"a", "app.kubernetes.io/name", "x/" + "n".repeat(63), "p".repeat(253) + "/n"}) {
            assertThatCode(() -> Validation.labelKey(ok)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> Validation.labelKey("p".repeat(254) + "/n"))
                .hasMessageContaining("must be a DNS subdomain of at most 253 characters");
        assertThatThrownBy(() -> Validation.labelKey("/n"))
                .hasMessage("label key prefix \"\" of \"/n\" must be a DNS subdomain of at most 253 characters");
        assertThatThrownBy(() -> Validation.labelKey("a..b/n")).hasMessageContaining("prefix \"a..b\"");
        assertThatThrownBy(() -> Validation.labelKey("n".repeat(64))).hasMessageContaining("name part of 1 to 63");
        assertThatThrownBy(() -> Validation.labelKey("a/"))
                .hasMessage("label key \"a/\" must have a name part of 1 "
                        + "to 63 characters: letters, digits and '-_.', alphanumeric at both ends");
        assertThatThrownBy(() -> Validation.labelKey(null)).hasMessage("label key must not be null");
    }

    @Test
    void labelValuesAreEmptyOrUpTo63Characters() {
        for (String ok : new String[] {"", "a", "1.2-b_c", "v".repeat(63)}) {
            assertThatCode(() -> Validation.labelValue("k", ok)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> Validation.labelValue("k", "v".repeat(64)))
                .hasMessageStartingWith("label \"k\" value \"vvv")
                .hasMessageContaining("must be at most 63 characters");
        assertThatThrownBy(() -> Validation.labelValue("k", "-v")).hasMessageContaining("value \"-v\"");
        assertThatThrownBy(() -> Validation.labelValue("k", null)).hasMessage("label \"k\" has a null value");
    }

    @Test
    void anObjectCarriesAtMost64Labels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            labels.put("l" + i, "v");
        }
        assertThatCode(() -> Validation.labels(labels)).doesNotThrowAnyException();
        labels.put("one-more", "v");
        assertThatThrownBy(() -> Validation.labels(labels)).hasMessage("an object may carry at most 64 labels, got 65");
        assertThatThrownBy(() -> Validation.labels(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void payloadsUpToTheLimitPass() {
        assertThatCode(() -> Validation.payload(16, 16)).doesNotThrowAnyException();
        assertThatCode(() -> Validation.payload(0, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validation.payload(17, 16))
                .hasMessage("payload of 17 bytes exceeds the limit of 16 bytes");
    }

    @Test
    void shownValuesAreQuotedShortenedAndOnOneLine() {
        assertThat(Validation.show(null)).isEqualTo("null");
        assertThat(Validation.show("")).isEqualTo("\"\"");
        assertThat(Validation.show("x".repeat(64))).isEqualTo("\"" + "x".repeat(64) + "\"");
        assertThat(Validation.show("x".repeat(65))).isEqualTo("\"" + "x".repeat(61) + "...\"");
        assertThat(Validation.show("a\nb")).isEqualTo("\"a\\nb\"");
    }
}
