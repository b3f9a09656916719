package io.releasecontrol.version.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # lower                | op | higher                  | why
            1.0.0                  | <  | 2.0.0                   | major first
            2.0.0                  | <  | 2.1.0                   | then minor
            2.1.0                  | <  | 2.1.1                   | then patch
            1.9.0                  | <  | 1.10.0                  | numerically, not as text
            1.0.0-alpha            | <  | 1.0.0                   | a pre-release ranks below its release
            0.9.0-beta.1           | <  | 0.9.0                   | the issue's example
            0.9.0                  | <  | 0.9.1-alpha             | a pre-release of a higher patch still ranks above
            1.0.0-alpha            | <  | 1.0.0-alpha.1           | a longer identifier list wins a tie
            1.0.0-alpha.1          | <  | 1.0.0-alpha.beta        | numeric identifiers rank below alphanumeric ones
            1.0.0-alpha.beta       | <  | 1.0.0-beta              | alphanumeric identifiers compare in ASCII order
            1.0.0-beta             | <  | 1.0.0-beta.2            | longer list
            1.0.0-beta.2           | <  | 1.0.0-beta.11           | numeric identifiers compare numerically
            1.0.0-beta.11          | <  | 1.0.0-rc.1              | b < r
            1.0.0-rc.1             | <  | 1.0.0                   | release last
            1.0.0-RC.1             | <  | 1.0.0-rc.1              | ASCII: upper case before lower case
            1.0.0-1                | <  | 1.0.0-a                 | numeric before alphanumeric at the first identifier
            1.0.0-9                | <  | 1.0.0-10                | numeric pre-release identifiers compare numerically
            1.0.0-x-1              | <  | 1.0.0-x-2               | hyphens are part of alphanumeric identifiers
            1.0.0-0a               | <  | 1.0.0-1a                | a digit-led alphanumeric identifier compares as text
            99999999999999999999.0.0 | > | 9.0.0                  | numbers beyond long still compare
            1.0.0+build.1          | =  | 1.0.0+build.2           | build metadata is ignored
            1.0.0-rc.1+exp.sha.5114f85 | = | 1.0.0-rc.1           | ignored on pre-releases too
            """)
    void ordersByPrecedence(String left, String op, String right, String why) {
        int c = SemanticVersion.parse(left.strip()).compareTo(SemanticVersion.parse(right.strip()));
        switch (op.strip()) {
            case "<" -> assertThat(c).as(why).isNegative();
            case ">" -> assertThat(c).as(why).isPositive();
            default -> assertThat(c).as(why).isZero();
        }
    }

    @Test
    void sortsTheSemverOrgExampleChainFromAnyShuffle() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0-0", "1.1.0", "2.0.0");
        for (long seed = 0; seed < 20; seed++) {
            var shuffled = new ArrayList<>(expected.stream().map(SemanticVersion::parse).toList());
            Collections.shuffle(shuffled, new Random(seed));
            Collections.sort(shuffled);
            assertThat(shuffled.stream().map(SemanticVersion::toString)).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "0.0.0", "0.9.0-beta.1", "1.0.0-0", "1.0.0-x.7.z.92", "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD", "10.20.30", "1.0.0-0a.00a"})
    void acceptsValidVersions(String text) {
        assertThat(SemanticVersion.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.0.0", "1.02.0", "1.0.03", "1.0.0-01", "1.0.0-alpha.01", "v1.0.0", "1.0", "1", "1.0.0.0",
            "1.0.0-", "1.0.0+", "1.0.0-alpha..1", "1.0.0+build..1", "1.0.0-alpha_1", " 1.0.0", "1.0.0 ", "-1.0.0", "a.b.c",
            "1.0.0-β"})
    void rejectsInvalidVersions(String text) {
        assertThatThrownBy(() -> SemanticVersion.parse(text)).isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("is not a semantic version");
    }

    @Test
    void explainsLeadingZerosAndThePrefix() {
        assertThatThrownBy(() -> SemanticVersion.parse("1.0.0-beta.01")).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> SemanticVersion.parse("v2.0.0")).hasMessageContaining("drop the leading 'v'");
        assertThatThrownBy(() -> SemanticVersion.parse("1".repeat(200) + ".0.0")).hasMessageContaining("longer than 128");
    }

    @Test
    void precedenceKeyDropsBuildMetadata() {
        assertThat(SemanticVersion.parse("1.2.3-rc.1+build.7").precedenceKey()).isEqualTo("1.2.3-rc.1");
        assertThat(SemanticVersion.parse("1.2.3+a").samePrecedence(SemanticVersion.parse("1.2.3+b"))).isTrue();
        assertThat(SemanticVersion.parse("1.2.3+a")).isNotEqualTo(SemanticVersion.parse("1.2.3+b"));
    }
}
