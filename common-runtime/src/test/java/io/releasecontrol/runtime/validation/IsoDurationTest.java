package io.releasecontrol.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoDurationTest {

    record Policy(@IsoDuration(max = "P90D") String soak, @IsoDuration(max = "P30D", positive = true) String timeout,
            @IsoDuration(max = "P7D", or = "manual",
                    message = "must be an ISO-8601 duration such as PT30S, or \"manual\", got '{rejected}'",
                    outOfRange = "must be between PT0S and {max} (or \"manual\"), got {rejected}") String pause) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            PT10M                  | NULL
            NULL                   | NULL
            PT0S                   | NULL
            P90D                   | NULL
            P90DT1S                | soak must be between PT0S and PT2160H, got P90DT1S
            -PT1M                  | soak must be between PT0S and PT2160H, got -PT1M
            PT9223372036854775807S | soak must be between PT0S and PT2160H, got PT9223372036854775807S
            ten minutes            | soak must be an ISO-8601 duration such as PT10M, got 'ten minutes'
            ''                     | soak must be an ISO-8601 duration such as PT10M, got ''
            ${1+1}                 | soak must be an ISO-8601 duration such as PT10M, got '${1+1}'
            {max}                  | soak must be an ISO-8601 duration such as PT10M, got '{max}'
            """)
    void readsDurationsUpToTheBound(String soak, String expected) {
        assertThat(describe(new Policy(soak, null, null))).containsExactlyInAnyOrder(expected(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            PT1S  | NULL
            PT0S  | timeout must be positive
            -PT0S | timeout must be positive
            P31D  | timeout must be between PT0S and PT720H, got P31D
            """)
    void aPositiveDurationRefusesZero(String timeout, String expected) {
        assertThat(describe(new Policy(null, timeout, null))).containsExactlyInAnyOrder(expected(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            manual | NULL
            P7D    | NULL
            MANUAL | pause must be an ISO-8601 duration such as PT30S, or "manual", got 'MANUAL'
            P8D    | pause must be between PT0S and PT168H (or "manual"), got P8D
            """)
    void wordsAreAcceptedAsTheyAreAndMessagesCanSaySo(String pause, String expected) {
        assertThat(describe(new Policy(null, null, pause))).containsExactlyInAnyOrder(expected(expected));
    }

    static String[] expected(String expected) {
        return expected == null ? new String[0] : new String[] {expected};
    }

    static java.util.List<String> describe(Object bean) {
        return ServiceValidator.get().validate(bean).stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                .toList();
    }
}
