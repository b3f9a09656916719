package io.releasecontrol.runtime.validation;

import static io.releasecontrol.runtime.validation.IsoDurationTest.describe;
import static io.releasecontrol.runtime.validation.IsoDurationTest.expected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BetweenTest {

    record Policy(@Between(min = 0, max = 10) Integer approvals) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            0    | NULL
            10   | NULL
            NULL | NULL
            -1   | approvals must be 0..10, got -1
            11   | approvals must be 0..10, got 11
            """)
    void takesTheBoundsAndShowsWhatWasSent(Integer approvals, String expected) {
        assertThat(describe(new Policy(approvals))).containsExactlyInAnyOrder(expected(expected));
    }
}
