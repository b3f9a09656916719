package io.releasecontrol.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoInstantTest {

    record Range(@IsoInstant String at,
            @IsoInstant(message = "must be an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z (got '{rejected}')") String from) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            2026-03-01T10:15:30Z      | NULL
            2026-03-01T10:15:30+02:00 | NULL
            NULL                      | NULL
            2026-03-01T10:15:30       | at must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got '2026-03-01T10:15:30')
            now                       | at must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got 'now')
            ${1+1}                    | at must be an ISO-8601 UTC instant such as 2026-03-01T10:15:30Z (got '${1+1}')
            """)
    void readsInstantsOnly(String value, String expected) {
        var violations = ServiceValidator.get().validate(new Range(value, null));

        assertThat(violations).extracting(v -> v.getPropertyPath() + " " + v.getMessage())
                .containsExactlyInAnyOrder(expected == null ? new String[0] : new String[] {expected});
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            yesterday | must be an ISO-8601 UTC instant such as 2026-03-01T00:00:00Z (got 'yesterday')
            """)
    void aFieldCanNameItsOwnExample(String value, String expected) {
        var violations = ServiceValidator.get().validate(new Range(null, value));

        assertThat(violations).extracting(v -> v.getMessage()).containsExactly(expected);
    }
}
