package io.releasecontrol.version.semver;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemVerTest {

    record Body(@SemVer String version) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', quoteCharacter = '"', textBlock = """
            1.2.3          | NULL
            1.0.0-rc.1+b.7 | NULL
            NULL           | NULL
            ""             | version is required
            1.02.0         | '1.02.0' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix): numeric identifiers must not have leading zeros
            v1.2.0         | 'v1.2.0' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix): drop the leading 'v'
            {max}          | '{max}' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix)
            1.0.0-${1+1}   | '1.0.0-${1+1}' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix)
            """)
    void theMessageIsTheParsersWithTheSentTextAsIs(String version, String expected) {
        var violations = ServiceValidator.get().validate(new Body(version));

        assertThat(violations).extracting(v -> v.getMessage())
                .containsExactlyInAnyOrder(expected == null ? new String[0] : new String[] {expected});
    }
}
