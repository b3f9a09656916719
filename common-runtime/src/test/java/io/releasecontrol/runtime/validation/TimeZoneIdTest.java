package io.releasecontrol.runtime.validation;

import static io.releasecontrol.runtime.validation.IsoDurationTest.describe;
import static io.releasecontrol.runtime.validation.IsoDurationTest.expected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeZoneIdTest {

    record Window(@TimeZoneId String zone) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            Europe/Berlin | NULL
            UTC           | NULL
            +02:00        | NULL
            NULL          | NULL
            Mars/Olympus  | zone unknown time zone 'Mars/Olympus'
            ''            | zone unknown time zone ''
            ${1+1}        | zone unknown time zone '${1+1}'
            """)
    void readsZoneIds(String zone, String expected) {
        assertThat(describe(new Window(zone))).containsExactlyInAnyOrder(expected(expected));
    }
}
