package io.releasecontrol.runtime.validation;

import static io.releasecontrol.runtime.validation.IsoDurationTest.describe;
import static io.releasecontrol.runtime.validation.IsoDurationTest.expected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchesTest {

    record Item(@Matches("^[a-z0-9][a-z0-9-]{1,62}$") String name, @Matches(value = "[a-z]+", required = true) String id,
            @Matches(value = "[^=;\\s]+=[^;\\s]*", message = "cookie must be name=value, got '{rejected}'") String cookie) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            shop    | NULL
            NULL    | NULL
            Shop    | name must match ^[a-z0-9][a-z0-9-]{1,62}$, got 'Shop'
            ''      | name must match ^[a-z0-9][a-z0-9-]{1,62}$, got ''
            shop x  | name must match ^[a-z0-9][a-z0-9-]{1,62}$, got 'shop x'
            ${1+1}  | name must match ^[a-z0-9][a-z0-9-]{1,62}$, got '${1+1}'
            {max}   | name must match ^[a-z0-9][a-z0-9-]{1,62}$, got '{max}'
            """)
    void theWholeTextMustMatchAndTheMessageShowsBothAsText(String name, String expected) {
        assertThat(describe(new Item(name, "a", null))).containsExactlyInAnyOrder(expected(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            a    | NULL
            NULL | id must match [a-z]+, got nothing
            A    | id must match [a-z]+, got 'A'
            """)
    void aRequiredTextMustBeThere(String id, String expected) {
        assertThat(describe(new Item(null, id, null))).containsExactlyInAnyOrder(expected(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            a=b    | NULL
            tester | cookie cookie must be name=value, got 'tester'
            """)
    void aFieldCanSayItsOwnRule(String cookie, String expected) {
        assertThat(describe(new Item(null, "a", cookie))).containsExactlyInAnyOrder(expected(expected));
    }
}
