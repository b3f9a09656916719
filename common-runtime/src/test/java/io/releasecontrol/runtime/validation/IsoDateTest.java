package io.releasecontrol.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoDateTest {

    record Release(@IsoDate String releaseDate) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            2026-03-01           | NULL
            NULL                 | NULL
            2026-13-01           | must be an ISO-8601 date such as 2026-03-01 (got '2026-13-01')
            2026-03-01T10:00:00Z | must be an ISO-8601 date such as 2026-03-01 (got '2026-03-01T10:00:00Z')
            ''                   | must be an ISO-8601 date such as 2026-03-01 (got '')
            ${1+1}\\{max}        | must be an ISO-8601 date such as 2026-03-01 (got '${1+1}\\{max}')
            """)
    void readsIsoDatesOnly(String value, String expected) {
        var violations = ServiceValidator.get().validate(new Release(value));

        assertThat(violations).extracting(v -> v.getMessage())
                .containsExactlyInAnyOrder(expected == null ? new String[0] : new String[] {expected});
    }
}
